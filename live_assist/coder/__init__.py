"""The rule coder: OARS/MITI codes for one turn, given the conversation before it.

Contract used by the pipeline, `tag` and `eval`: `Coder().code(utterance, context)` returns a
`Coding` whose `codes` are ordered with the main behaviour first, and one `Explanation` per
code. The rules are data in `models/rules/`; this package is the engine that reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from live_assist.codes import COUNSELOR
from live_assist.events import Explanation, Utterance


@dataclass(frozen=True)
class Coding:
    codes: list[str]
    explanations: list[Explanation] = field(default_factory=list)


class Coder:
    """PLACEHOLDER until the rule engine lands: every turn gets its speaker's fallback code."""

    def code(self, utterance: Utterance, context: Sequence[Utterance] = ()) -> Coding:
        code = "other" if utterance.speaker == COUNSELOR else "neutral"
        return Coding([code], [Explanation(code, "fallback", "")])
