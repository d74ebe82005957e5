"""Session state: running counts and MITI summary scores, folded from events.

One module that the pipeline (periodic `metrics`, `session_ended` summary), the dashboard,
`watch` and `report` all use, so a score means the same thing everywhere. It folds events
only, never private pipeline objects, so a session log rebuilds exactly what was shown live.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Iterable

from live_assist.codes import (
    CLIENT,
    COMPLEX_REFLECTIONS,
    COUNSELOR,
    MI_ADHERENT,
    MI_NON_ADHERENT,
    REFLECTIONS,
)
from live_assist.events import Event, Turn

# MITI 4.2.1 thresholds (fair, good). Talk share has no MITI threshold; MI practice aims for
# the client to talk more than the counsellor, so "good" is at most half.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "rq_ratio": (1.0, 2.0),
    "pct_complex_reflections": (0.40, 0.50),
    "pct_open_questions": (0.50, 0.70),
}


def rating(score: str, value: float | None) -> str | None:
    """'good', 'fair' or 'poor' against the MITI thresholds; None when there is no yardstick."""
    if value is None or score not in THRESHOLDS:
        return None
    fair, good = THRESHOLDS[score]
    if value >= good:
        return "good"
    if value >= fair:
        return "fair"
    return "poor"


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class Scores:
    """MITI summary scores over a set of turns. None where the denominator is still zero."""

    counts: dict[str, int]
    questions: int
    reflections: int
    rq_ratio: float | None
    pct_complex_reflections: float | None
    pct_open_questions: float | None
    counselor_talk_share: float | None
    mi_adherent: int
    mi_non_adherent: int
    change_talk: int
    sustain_talk: int
    pct_change_talk: float | None
    counselor_turns: int
    client_turns: int

    def to_dict(self) -> dict:
        return asdict(self)


def _talk_amount(turn: Turn) -> float:
    """Seconds of speech when the turn is timed, else words: a transcript has no clock."""
    if turn.start is not None and turn.end is not None:
        return max(0.0, turn.end - turn.start)
    return float(len(turn.text.split()))


def score_turns(turns: Iterable[Turn]) -> Scores:
    counts: Counter[str] = Counter()
    talk = {COUNSELOR: 0.0, CLIENT: 0.0}
    n_turns = {COUNSELOR: 0, CLIENT: 0}
    for turn in turns:
        counts.update(turn.codes)
        talk[turn.speaker] += _talk_amount(turn)
        n_turns[turn.speaker] += 1
    questions = counts["open_question"] + counts["closed_question"]
    reflections = sum(counts[c] for c in REFLECTIONS)
    complex_ = sum(counts[c] for c in COMPLEX_REFLECTIONS)
    change, sustain = counts["change_talk"], counts["sustain_talk"]
    return Scores(
        counts=dict(counts),
        questions=questions,
        reflections=reflections,
        rq_ratio=_ratio(reflections, questions),
        pct_complex_reflections=_ratio(complex_, reflections),
        pct_open_questions=_ratio(counts["open_question"], questions),
        counselor_talk_share=_ratio(talk[COUNSELOR], talk[COUNSELOR] + talk[CLIENT]),
        mi_adherent=sum(counts[c] for c in MI_ADHERENT),
        mi_non_adherent=sum(counts[c] for c in MI_NON_ADHERENT),
        change_talk=change,
        sustain_talk=sustain,
        pct_change_talk=_ratio(change, change + sustain),
        counselor_turns=n_turns[COUNSELOR],
        client_turns=n_turns[CLIENT],
    )


@dataclass
class SessionState:
    """Everything a view needs, rebuilt by applying events in order."""

    turns: list[Turn] = field(default_factory=list)
    clock: float = 0.0

    def apply(self, event: Event) -> None:
        if isinstance(event, Turn):
            self.turns.append(event)
        for name in ("end", "at", "emitted_at"):
            value = getattr(event, name, None)
            if isinstance(value, (int, float)):
                self.clock = max(self.clock, float(value))

    def scores(self, window: float | None = None) -> Scores:
        """Scores for the whole session, or for turns that ended in the last `window` seconds."""
        if window is None:
            return score_turns(self.turns)
        since = self.clock - window
        return score_turns(t for t in self.turns if t.end is None or t.end >= since)

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> "SessionState":
        state = cls()
        for event in events:
            state.apply(event)
        return state
