"""The codes AnnoMI does not label (affirmation, summary, autonomy, collaboration, persuading,
confronting) measured on hand-written MITI examples (see tests/data/README.md).

Rules may be tuned on the tune file only; the holdout file is only ever scored here, as one
accuracy figure, so it keeps measuring turns the rules were not written for.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from live_assist.coder import Coder
from live_assist.events import Utterance

DATA = Path(__file__).resolve().parent / "data"
# The project's target on the holdout is 0.85. The holdout rewritten on 2026-11-21 scored 0.779
# (95 of 122) when it arrived; after the third round of counsellor rules it scores 0.803 (98 of
# 122) and the tune file 0.980 (239 of 244); after the fourth round (a second tune file written
# before reading the rules, broader cues) 0.844 (103 of 122), and with the fifth round's summary
# rules 0.861 (105 of 122). The floors guard what is reached today. Raise them as rules improve;
# never tune on the holdout to do so.
HOLDOUT_FLOOR = 0.85
TUNE_FLOOR = 0.975
# The second tune file was written from the MITI definitions by an author who had not read the
# rules; the rules of 2026-11-21 scored 0.718 (135 of 188) on it before being tuned on it, 0.910
# (171 of 188) after.
TUNE2_FLOOR = 0.90
# The third holds eleven small check sets written one after another while tuning (ten scored
# before the rules were fixed for them: about 0.60 over all), kept so the forms they taught stay
# coded. Phrases copied from single lines of it were later taken out of the word lists (0.945
# to 0.932): a rule must name a way of speaking, not one sentence.
TUNE3_FLOOR = 0.93
# The fourth holds summaries with near-miss distractors, in three sets each written before the
# summary rules were changed for it: set 1 scored 0.611 (22 of 36) on the rules of be7e441,
# set 2 (22 turns) 19 of 22 after the first changes, set 3 (18 turns) 17 of 18 after the last
# ones (16 of 18 on be7e441); 0.908 (69 of 76) in all.
TUNE4_FLOOR = 0.88


def _accuracy(name: str) -> tuple[float, Counter]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} is missing")
    coder = Coder()
    right, wrong_codes, n = 0, Counter(), 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        ex = json.loads(line)
        context = [Utterance(t["speaker"], t["text"]) for t in ex["context"]]
        got = coder.code(Utterance(ex["speaker"], ex["text"]), context).codes[0]
        n += 1
        if got == ex["code"]:
            right += 1
        else:
            wrong_codes[ex["code"]] += 1
    return right / n, wrong_codes


@pytest.mark.parametrize(("name", "floor"), [("miti_examples_tune.jsonl", TUNE_FLOOR),
                                           ("miti_examples_tune2.jsonl", TUNE2_FLOOR),
                                           ("miti_examples_tune3.jsonl", TUNE3_FLOOR),
                                           ("miti_examples_tune4.jsonl", TUNE4_FLOOR)])
def test_tune_examples(name: str, floor: float) -> None:
    accuracy, wrong = _accuracy(name)
    assert accuracy >= floor, f"{name} accuracy {accuracy:.3f}; misses per expected code: {dict(wrong)}"


def test_holdout_examples_reach_the_floor() -> None:
    # Only the accuracy is reported: reading the misses would turn the holdout into tune data.
    accuracy, _ = _accuracy("miti_examples_holdout.jsonl")
    print(f"holdout main-code accuracy {accuracy:.3f}")
    assert accuracy >= HOLDOUT_FLOOR, f"holdout main-code accuracy {accuracy:.3f} < {HOLDOUT_FLOOR}"
