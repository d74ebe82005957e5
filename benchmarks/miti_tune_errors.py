"""Misses on the TUNE files of hand-written MITI examples, for error analysis while writing rules.
(The holdout file is never read here: only tests/test_miti_examples.py scores it.)

    python benchmarks/miti_tune_errors.py                             # every tune file
    python benchmarks/miti_tune_errors.py miti_examples_tune2.jsonl   # one of them
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.coder import Coder  # noqa: E402
from live_assist.events import Utterance  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TUNE_FILES = ("miti_examples_tune.jsonl", "miti_examples_tune2.jsonl", "miti_examples_tune3.jsonl",
              "miti_examples_tune4.jsonl")


def main() -> None:
    for name in sys.argv[1:] or TUNE_FILES:
        if "holdout" in name:
            sys.exit("the holdout is scored only by tests/test_miti_examples.py")
        print(f"== {name}")
        report(DATA / name, Coder())


def report(path: Path, coder: Coder) -> None:
    confusion: Counter = Counter()
    n = right = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        ex = json.loads(line)
        context = [Utterance(t["speaker"], t["text"]) for t in ex["context"]]
        coding = coder.code(Utterance(ex["speaker"], ex["text"]), context)
        n += 1
        if coding.codes[0] == ex["code"]:
            right += 1
            continue
        confusion[(ex["code"], coding.codes[0])] += 1
        why = "; ".join(f"{e.code}:{e.rule}[{e.evidence}]" for e in coding.explanations)
        print(f"WANT {ex['code']:24} GOT {why}\n    {ex['text']}")
    print(f"{path.name} accuracy {right / n:.3f} ({right}/{n})")
    for (want, got), k in confusion.most_common():
        print(f"  {want:24} -> {got:24} {k}")


if __name__ == "__main__":
    main()
