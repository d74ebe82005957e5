"""Generalisation guard for rule work: the tune part of the AnnoMI dev split scored in four
folds by transcript (`transcript_id % 5` = 1, 2, 3, 4; held-out 0 is never read here), and each
counsellor rule's firings on tune with the number of transcripts it fires in and its precision.

A rule change is kept only if it improves its target figure on at least 3 of the 4 folds without
lowering the others' mean: a cue that helps one or two transcripts is memory, not a rule.

    python benchmarks/coder_folds.py                     # per-fold figures (full file)
    python benchmarks/coder_folds.py --asr               # same on lower-case unpunctuated text
    python benchmarks/coder_folds.py --save base.json    # keep the figures ...
    python benchmarks/coder_folds.py --compare base.json # ... and show per-fold changes later
    python benchmarks/coder_folds.py --rules             # counsellor rule firings on tune
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coder_eval import DATA, asr_style  # noqa: E402

from live_assist.annomi import (MAIN_OF_CODE, QUESTION_TYPE_OF_CODE, REFLECTION_TYPE_OF_CODE,  # noqa: E402
                                evaluate, read_annomi)
from live_assist.coder import Coder  # noqa: E402

FOLDS = (1, 2, 3, 4)
METRICS = {  # short name -> how to read it from `evaluate`
    "main_acc": lambda r: r["main"]["accuracy"],
    "main_f1": lambda r: r["main"]["macro_f1"],
    "open_closed": lambda r: r["question_type"]["accuracy"],
    "simple_complex": lambda r: r["reflection_type"]["macro_f1"],
    "client_f1": lambda r: r["client"]["macro_f1"],
}


def fold_figures(asr: bool) -> dict[str, dict[str, float]]:
    data = read_annomi(DATA / "AnnoMI-full.dev.csv")
    if asr:
        data = asr_style(data)
    coder = Coder()
    out = {}
    for fold in FOLDS:
        r = evaluate([t for t in data if t.id % 5 == fold], coder)
        out[str(fold)] = {k: f(r) for k, f in METRICS.items()}
    r = evaluate([t for t in data if t.id % 5 != 0], coder)
    out["tune"] = {k: f(r) for k, f in METRICS.items()}
    return out


def show(figs: dict, base: dict | None) -> None:
    print(f"{'':6}" + "".join(f"{k:>22}" for k in METRICS))
    for row, vals in figs.items():
        cells = []
        for k in METRICS:
            v = vals[k]
            cells.append(f"{v:.3f} ({v - base[row][k]:+.3f})" if base else f"{v:.3f}")
        print(f"{row:6}" + "".join(f"{c:>22}" for c in cells))
    if base:
        for k in METRICS:
            up = sum(figs[str(f)][k] > base[str(f)][k] + 1e-9 for f in FOLDS)
            down = sum(figs[str(f)][k] < base[str(f)][k] - 1e-9 for f in FOLDS)
            print(f"  {k:15} better on {up}/4 folds, worse on {down}/4")


def rule_report(asr: bool) -> None:
    data = read_annomi(DATA / "AnnoMI-full.dev.csv")
    if asr:
        data = asr_style(data)
    coder = Coder()
    code_of = {r.name: r.code for r in coder.rules.by_speaker["counselor"].rules}
    stats: dict[str, list] = defaultdict(lambda: [0, 0, set(), 0, 0])  # fired, right, transcripts, won, won right
    for t in data:
        if t.id % 5 == 0:
            continue
        ctx = []
        for u in t.utterances:
            if u.utterance.speaker == "counselor" and u.main:
                codes = coder.code(u.utterance, ctx).codes
                won = {e.rule for e in coder.code(u.utterance, ctx).explanations[:1]}
                for name in coder.fired_rules(u.utterance, ctx):
                    code = code_of[name]
                    right = MAIN_OF_CODE.get(code, "other") == u.main
                    if code in QUESTION_TYPE_OF_CODE and u.question_type in ("open", "closed"):
                        right = right and QUESTION_TYPE_OF_CODE[code] == u.question_type
                    if code in REFLECTION_TYPE_OF_CODE and u.reflection_type in ("simple", "complex"):
                        right = right and REFLECTION_TYPE_OF_CODE[code] == u.reflection_type
                    s = stats[name]
                    s[0] += 1
                    s[1] += right
                    s[2].add(t.id)
                    if name in won and codes:
                        s[3] += 1
                        s[4] += right
            ctx.append(u.utterance)
    print(f"{'rule':36} {'fires':>6} {'prec':>5} {'trans':>5} {'main':>5} {'mprec':>5}")
    for rule in coder.rules.by_speaker["counselor"].rules:
        n, right, ts, won, won_right = stats.get(rule.name, [0, 0, set(), 0, 0])
        print(f"{rule.name:36} {n:6} {right / n if n else 0:5.2f} {len(ts):5} {won:5} "
              f"{won_right / won if won else 0:5.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asr", action="store_true", help="lower-case and strip punctuation first")
    ap.add_argument("--save", type=Path, help="write the figures to this JSON file")
    ap.add_argument("--compare", type=Path, help="show changes against figures saved earlier")
    ap.add_argument("--rules", action="store_true", help="counsellor rule firings on tune instead")
    args = ap.parse_args()
    if args.rules:
        rule_report(args.asr)
        return
    figs = fold_figures(args.asr)
    base = json.loads(args.compare.read_text()) if args.compare else None
    show(figs, base)
    if args.save:
        args.save.write_text(json.dumps(figs, indent=1))


if __name__ == "__main__":
    main()
