"""Candidate cues for the client rules: word n-grams of client turns on the TUNE part of AnnoMI
(never the held-out part), with how often the experts gave each talk type when the n-gram occurs.
A high-precision n-gram seen in several transcripts is a lead to read in context, not a rule:
only a general pattern, written by hand with its MITI reason, goes into `client.toml`.

    python benchmarks/client_cues.py sustain                 # n-grams that lean to sustain talk
    python benchmarks/client_cues.py change --missed         # only turns the coder leaves neutral
    python benchmarks/client_cues.py change --min-precision 0.6 --min-transcripts 5
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.coder_eval import DATA, held_out  # noqa: E402
from live_assist.annomi import CLIENT_LABELS, CLIENT_OF_CODE, read_annomi  # noqa: E402
from live_assist.coder import Coder  # noqa: E402
from live_assist.coder.text import normalize, words  # noqa: E402
from live_assist.events import Utterance  # noqa: E402


def ngrams(text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> set[str]:
    ws = words(normalize(text))
    return {" ".join(ws[i:i + n]) for n in sizes for i in range(len(ws) - n + 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("label", choices=CLIENT_LABELS, help="the talk type to find cues for")
    ap.add_argument("--missed", action="store_true", help="only turns the coder currently codes neutral")
    ap.add_argument("--min-precision", type=float, default=0.5)
    ap.add_argument("--min-transcripts", type=int, default=4)
    ap.add_argument("--min-count", type=int, default=6, help="turns the n-gram must occur in")
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args()

    coder = Coder()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen_in: dict[str, set[int]] = defaultdict(set)
    for t in read_annomi(DATA / "AnnoMI-simple.dev.csv"):
        if held_out(t):
            continue
        context: list[Utterance] = []
        for u in t.utterances:
            predicted = CLIENT_OF_CODE.get(coder.code(u.utterance, context).codes[0], "neutral")
            context.append(u.utterance)
            if u.utterance.speaker != "client" or not u.client_talk:
                continue
            if args.missed and predicted != "neutral":
                continue
            for gram in ngrams(u.utterance.text):
                counts[gram][u.client_talk] += 1
                seen_in[gram].add(t.id)

    rows = []
    for gram, c in counts.items():
        n = sum(c.values())
        precision = c[args.label] / n
        if n >= args.min_count and len(seen_in[gram]) >= args.min_transcripts and precision >= args.min_precision:
            rows.append((c[args.label], precision, n, len(seen_in[gram]), gram))
    print(f"{'hits':>4} {'prec':>5} {'turns':>5} {'trans':>5}  n-gram ({args.label}, tune part only)")
    for hits, precision, n, transcripts, gram in sorted(rows, reverse=True)[: args.limit]:
        print(f"{hits:4} {precision:5.2f} {n:5} {transcripts:5}  {gram}")


if __name__ == "__main__":
    main()
