"""Candidate cues for counsellor rules: the word n-grams that most often mark one expert label in
the TUNE part of the AnnoMI dev split (held-out transcripts are never read), with how many turns
carry them, how many of those have the label, and in how many transcripts they occur. A cue is
only worth a rule if it is a general way of speaking, seen across several transcripts; read the
turns before writing one.

    python benchmarks/coder_cues.py therapist_input            # main behaviour label
    python benchmarks/coder_cues.py complex --family rtype     # simple vs complex reflections
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coder_eval import DATA, held_out  # noqa: E402
from live_assist.annomi import read_annomi  # noqa: E402
from live_assist.codes import COUNSELOR  # noqa: E402
from live_assist.coder.text import normalize, words  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("label", help="the expert label to find cues for")
    ap.add_argument("--family", choices=("main", "qtype", "rtype"), default="main",
                    help="main behaviour, open/closed or simple/complex (only turns that have it)")
    ap.add_argument("--min-support", type=int, default=6, help="turns with the label that carry the cue")
    ap.add_argument("--min-transcripts", type=int, default=4)
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args()
    field = {"main": "main", "qtype": "question_type", "rtype": "reflection_type"}[args.family]
    turns = Counter()
    with_label = Counter()
    transcripts: dict[str, set[int]] = defaultdict(set)
    for t in read_annomi(DATA / "AnnoMI-full.dev.csv"):
        if held_out(t):
            continue
        for u in t.utterances:
            gold = getattr(u, field)
            if u.utterance.speaker != COUNSELOR or not gold:
                continue
            ws = words(normalize(u.utterance.text))
            grams = {" ".join(ws[i:i + n]) for n in (1, 2, 3, 4) for i in range(len(ws) - n + 1)}
            for g in grams:
                turns[g] += 1
                if gold == args.label:
                    with_label[g] += 1
                    transcripts[g].add(t.id)
    rows = [(with_label[g] / turns[g], with_label[g], turns[g], len(transcripts[g]), g) for g in with_label
            if with_label[g] >= args.min_support and len(transcripts[g]) >= args.min_transcripts]
    print(f"{'precision':>9} {'label':>5}/{'turns':<5} transcripts  cue")
    for precision, k, n, nt, g in sorted(rows, reverse=True)[: args.top]:
        print(f"{precision:9.2f} {k:5}/{n:<5} {nt:11}  {g}")


if __name__ == "__main__":
    main()
