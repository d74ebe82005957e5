"""Where simple and complex reflections part, measured on the TUNE part of the AnnoMI dev split
(held-out transcripts, id % 5 == 0, are never read), before anyone writes a reflection rule.

Round 6 found every phrase- or threshold-level subtype change to be a coin flip across folds;
this tool keeps the measurements that showed why, so the next attempt starts from them:

1. the simple/complex confusion as `eval annomi` scores it (first reflection code; none = wrong);
2. the experts' share of complex reflections by overlap with the client's last turns (the rule
   key min/max_overlap) and by length (min/max_words), next to the coder's share in each cell;
3. which rule decides the subtype (the strongest reflection-group rule, as the engine keeps it)
   with the experts' simple/complex counts on those turns;
4. the price of adding reflection codes: turns carrying one (first or later) on turns the
   experts gave no reflection subtype, and what the coder gives the reflections it misses.

    python benchmarks/reflection_bands.py          # transcripts as written
    python benchmarks/reflection_bands.py --asr    # lower-case, unpunctuated (recogniser output)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coder_eval import DATA, asr_style, held_out  # noqa: E402
from live_assist.annomi import REFLECTION_TYPE_OF_CODE, read_annomi  # noqa: E402
from live_assist.codes import CLIENT, COUNSELOR  # noqa: E402
from live_assist.coder import Coder  # noqa: E402

OVERLAP_BANDS = (0.01, 0.2, 0.4, 0.6, 1.01)  # upper bounds; the first band is "no shared word"
LENGTH_BANDS = (6, 10, 15, 25, 40, 10**6)
GROUP = ("simple_reflection", "complex_reflection", "summary")


def _band(value: float, bounds: tuple) -> int:
    return next(i for i, b in enumerate(bounds) if value < b)


def _turns(asr: bool) -> list[dict]:
    """Every tune counsellor turn with its expert labels, codes, deciding reflection rule, length
    and overlap (content words shared with the client's last `overlap_window` turns, the
    engine's own content words of each text)."""
    data = read_annomi(DATA / "AnnoMI-full.dev.csv")
    if asr:
        data = asr_style(data)
    coder = Coder()
    rules = {r.name: r for r in coder.rules.by_speaker[COUNSELOR].rules}
    window = coder.rules.overlap_window

    def content(text: str) -> tuple[int, frozenset[str]]:
        feats = coder._features(text)
        return feats.n_words, feats.content

    out = []
    for t in data:
        if held_out(t):
            continue
        context, client = [], []
        for item in t.utterances:
            u = item.utterance
            if u.speaker == CLIENT:
                client.append(content(u.text)[1])
            else:
                n_words, mine = content(u.text)
                near = frozenset().union(*client[-window:]) if client else frozenset()
                fired = [rules[n] for n in coder.fired_rules(u, context)]
                group = [r for r in fired if r.code in GROUP]
                codes = coder.code(u, context).codes
                out.append({
                    "rt": item.reflection_type, "main": item.main, "codes": codes, "words": n_words,
                    "overlap": len(mine & near) / len(mine) if mine else 0.0,
                    "pred": next((REFLECTION_TYPE_OF_CODE[c] for c in codes if c in REFLECTION_TYPE_OF_CODE), "none"),
                    "decider": max(group, key=lambda r: r.weight).name if group else "-",
                })
            context.append(u)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asr", action="store_true", help="lower-case and strip punctuation first")
    args = ap.parse_args()
    turns = _turns(args.asr)
    refl = [t for t in turns if t["rt"] in ("simple", "complex")]

    print("1. expert subtype -> coder's first reflection code")
    confusion = Counter((t["rt"], t["pred"]) for t in refl)
    for gold in ("simple", "complex"):
        print(f"   {gold:8}" + "".join(f"{p:>9} {confusion[(gold, p)]:4}" for p in ("simple", "complex", "none")))

    print("\n2. complex share, experts / coder (turns with a reflection code), by overlap x words")
    print(f"   {'overlap':9}" + "".join(f"{'<' + str(b) if b < 10**6 else str(LENGTH_BANDS[-2]) + '+':>15}"
                                        for b in LENGTH_BANDS))
    for i, ob in enumerate(OVERLAP_BANDS):
        cells = []
        for j in range(len(LENGTH_BANDS)):
            cell = [t for t in refl if _band(t["overlap"], OVERLAP_BANDS) == i and _band(t["words"], LENGTH_BANDS) == j]
            coded = [t for t in cell if t["pred"] != "none"]
            gold = sum(t["rt"] == "complex" for t in cell) / len(cell) if cell else 0.0
            pred = sum(t["pred"] == "complex" for t in coded) / len(coded) if coded else 0.0
            cells.append(f"{gold:.2f}/{pred:.2f} {len(cell):3}")
        print(f"   {'<' + str(ob) if ob < 1 else '>=0.6':9}" + "".join(f"{c:>15}" for c in cells))

    print("\n3. rule deciding the subtype: expert simple / complex")
    deciders = Counter((t["decider"], t["rt"]) for t in refl if t["pred"] != "none")
    for name in sorted({d for d, _ in deciders}):
        print(f"   {name:36} {deciders[(name, 'simple')]:4} {deciders[(name, 'complex')]:4}")

    print("\n4. reflection codes and the turns they sit on")
    coded = [t for t in turns if t["pred"] != "none"]
    later = [t for t in coded if t["codes"][0] not in GROUP]
    print(f"   turns with a reflection code {len(coded)} (expert reflections {len(refl)}); "
          f"on turns without an expert subtype {sum(not t['rt'] for t in coded)}")
    print(f"   given as a later code {len(later)}, of which on turns without an expert subtype "
          f"{sum(not t['rt'] for t in later)}")
    missed = Counter(t["codes"][0] for t in refl if t["pred"] == "none")
    print("   expert reflections with no reflection code, by the coder's first code: "
          + ", ".join(f"{c} {n}" for c, n in missed.most_common()))


if __name__ == "__main__":
    main()
