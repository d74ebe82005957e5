"""Coder agreement on the AnnoMI dev split, separately on the part rules were tuned on and on
the held-out part (every transcript whose id % 5 == 0, never looked at while tuning).

    python benchmarks/coder_eval.py                 # tune vs held-out, both files
    python benchmarks/coder_eval.py --asr           # same, text lower-cased and unpunctuated
    python benchmarks/coder_eval.py --errors main   # misclassified TUNE turns, for error analysis
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.annomi import (CLIENT_OF_CODE, QUESTION_TYPE_OF_CODE,  # noqa: E402
                                REFLECTION_TYPE_OF_CODE, Labelled, Transcript, evaluate, main_label,
                                read_annomi)
from live_assist.coder import Coder  # noqa: E402
from live_assist.events import Utterance  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi-dev"


def held_out(t: Transcript) -> bool:
    return t.id % 5 == 0


def asr_style(transcripts: list[Transcript]) -> list[Transcript]:
    """What a recogniser without punctuation would give: lower case, no punctuation."""
    def strip(u: Labelled) -> Labelled:
        text = re.sub(r"[^\w\s'-]", "", u.utterance.text.lower())
        return Labelled(Utterance(u.utterance.speaker, text), u.main, u.client_talk,
                        u.question_type, u.reflection_type)
    return [Transcript(t.id, tuple(strip(u) for u in t.utterances)) for t in transcripts]


def line(name: str, r: dict) -> str:
    return (f"{name:9} main acc {r['main']['accuracy']:.3f} F1 {r['main']['macro_f1']:.3f} | "
            f"open/closed acc {r['question_type']['accuracy']:.3f} (n={r['question_type']['n']}) | "
            f"simple/complex F1 {r['reflection_type']['macro_f1']:.3f} (n={r['reflection_type']['n']}) | "
            f"client acc {r['client']['accuracy']:.3f} F1 {r['client']['macro_f1']:.3f} (" + " ".join(f"{k[:2]} {v['f1']:.2f}" for k, v in r['client']['per_class'].items()) + ") | "
            f"n_therapist {r['n_therapist']}")


def show_errors(transcripts: list[Transcript], family: str, limit: int) -> None:
    coder = Coder()
    wrong = []
    for t in transcripts:
        ctx: list[Utterance] = []
        for u in t.utterances:
            c = coder.code(u.utterance, ctx)
            prev = ctx[-1].text[:80] if ctx else ""
            ctx.append(u.utterance)
            if family == "main" and u.utterance.speaker == "counselor" and u.main:
                g, p = u.main, main_label(c.codes)
            elif family == "client" and u.utterance.speaker == "client" and u.client_talk:
                g, p = u.client_talk, CLIENT_OF_CODE.get(c.codes[0], "neutral")
            elif family == "qtype" and u.question_type:
                g, p = u.question_type, next((QUESTION_TYPE_OF_CODE[x] for x in c.codes if x in QUESTION_TYPE_OF_CODE), "none")
            elif family == "rtype" and u.reflection_type:
                g, p = u.reflection_type, next((REFLECTION_TYPE_OF_CODE[x] for x in c.codes if x in REFLECTION_TYPE_OF_CODE), "none")
            else:
                continue
            if g != p:
                wrong.append((g, p, c, u.utterance.text, prev))
    print(Counter((g, p) for g, p, *_ in wrong).most_common())
    random.seed(0)
    for g, p, c, text, prev in random.sample(wrong, min(limit, len(wrong))):
        why = "; ".join(f"{e.code}:{e.rule}[{e.evidence}]" for e in c.explanations)
        print(f"GOLD {g:15} PRED {p:15} {why}\n    prev: {prev}\n    turn: {text[:220]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asr", action="store_true", help="lower-case and strip punctuation first")
    ap.add_argument("--errors", choices=("main", "client", "qtype", "rtype"))
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--file", choices=("simple", "full"), default=None)
    args = ap.parse_args()
    for kind in (args.file,) if args.file else ("simple", "full"):
        data = read_annomi(DATA / f"AnnoMI-{kind}.dev.csv")
        if args.asr:
            data = asr_style(data)
        tune = [t for t in data if not held_out(t)]
        if args.errors:
            show_errors(tune, args.errors, args.limit)
            return
        hold = [t for t in data if held_out(t)]
        print(f"AnnoMI-{kind}.dev.csv{' (ASR-style text)' if args.asr else ''}")
        print(line("tune", evaluate(tune)))
        print(line("held-out", evaluate(hold)))


if __name__ == "__main__":
    main()
