"""Generalisation guard for the client rules: client talk macro-F1 on the TUNE part of AnnoMI
scored in 4 folds by transcript (`transcript_id % 5` in 1..4; the held-out part, 0, is never
read), so a rule change is kept only if it helps in at least 3 of the 4 folds rather than in
the one or two transcripts it was written from.

    python benchmarks/client_folds.py                  # per-fold figures for models/rules
    python benchmarks/client_folds.py --against HEAD   # the same beside a git revision's client.toml
    python benchmarks/client_folds.py --rules          # each client rule: turns it decides, transcripts, precision
    python benchmarks/client_folds.py --ablate         # per-fold change when each client rule is left out
    python benchmarks/client_folds.py --asr            # text lower-cased and unpunctuated first
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.coder_eval import DATA, asr_style, held_out  # noqa: E402
from live_assist.annomi import CLIENT_LABELS, CLIENT_OF_CODE, Transcript, read_annomi  # noqa: E402
from live_assist.coder import Coder, _Plan  # noqa: E402
from live_assist.coder.rules import default_rules_dir  # noqa: E402
from live_assist.metrics import classification_report  # noqa: E402
from live_assist.events import Utterance  # noqa: E402

FOLDS = (1, 2, 3, 4)
ROOT = Path(__file__).resolve().parents[1]


def client_turns(coder: Coder, transcripts: list[Transcript]) -> list[tuple[int, str, str, str]]:
    """(transcript id, gold, predicted, rule credited) for every labelled client turn."""
    out = []
    for t in transcripts:
        context: list[Utterance] = []
        for item in t.utterances:
            if item.utterance.speaker == "client" and item.client_talk in CLIENT_LABELS:
                coding = coder.code(item.utterance, context)
                out.append((t.id, item.client_talk, CLIENT_OF_CODE.get(coding.codes[0], "neutral"),
                            coding.explanations[0].rule))
            context.append(item.utterance)
    return out


def fold_f1(turns: list[tuple[int, str, str, str]]) -> list[float]:
    """Client macro-F1 per fold, then on the whole tune part."""
    scores = []
    for fold in (*FOLDS, None):
        part = [(g, p) for tid, g, p, _ in turns if fold is None or tid % 5 == fold]
        report = classification_report([g for g, _ in part], [p for _, p in part], CLIENT_LABELS)
        scores.append(report["macro_f1"])
    return scores


def row(name: str, scores: list[float], base: list[float] | None = None) -> str:
    cells = " ".join(f"{s:.3f}" for s in scores)
    if base is None:
        return f"{name:34} {cells}"
    deltas = [s - b for s, b in zip(scores, base)]
    better = sum(d > 0 for d in deltas[:4])
    return f"{name:34} {cells} | " + " ".join(f"{d:+.3f}" for d in deltas) + f" | helps {better}/4"


def without(coder: Coder, index: int) -> Coder:
    """The same coder with client rule `index` left out."""
    spec = coder.rules.by_speaker["client"]
    spec = dataclasses.replace(spec, rules=spec.rules[:index] + spec.rules[index + 1:])
    variant = Coder.__new__(Coder)
    variant.__dict__.update(coder.__dict__)
    variant._cache = {}
    variant._plans = {**coder._plans, "client": _Plan.of(spec)}
    return variant


def coder_at(revision: str, tmp: Path) -> Coder:
    """A coder whose client.toml is the one at a git revision (the other rule files as now)."""
    shutil.copytree(default_rules_dir(), tmp, dirs_exist_ok=True)
    text = subprocess.run(["git", "show", f"{revision}:models/rules/client.toml"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout
    (tmp / "client.toml").write_text(text, encoding="utf-8")
    return Coder(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asr", action="store_true", help="lower-case and strip punctuation first")
    ap.add_argument("--against", metavar="REV", help="compare with client.toml at this git revision")
    ap.add_argument("--rules", action="store_true", help="list each rule's decided turns on tune")
    ap.add_argument("--ablate", action="store_true", help="per-fold change when each rule is left out")
    args = ap.parse_args()

    data = read_annomi(DATA / "AnnoMI-simple.dev.csv")
    if args.asr:
        data = asr_style(data)
    tune = [t for t in data if not held_out(t)]
    coder = Coder()
    turns = client_turns(coder, tune)
    now = fold_f1(turns)
    print(f"{'client macro-F1 (tune)':34} " + " ".join(f"fold{f} " for f in FOLDS) + " all")
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            base = fold_f1(client_turns(coder_at(args.against, Path(tmp)), tune))
        print(row(args.against, base))
        print(row("working tree", now, base))
    else:
        print(row("working tree", now))

    if args.rules:
        by_rule: dict[str, Counter[str]] = defaultdict(Counter)
        seen_in: dict[str, set[int]] = defaultdict(set)
        for tid, gold, predicted, rule in turns:
            by_rule[rule][("right" if gold == predicted else "wrong")] += 1
            seen_in[rule].add(tid)
        print(f"\n{'rule deciding the turn':34} turns trans  prec")
        for rule, c in sorted(by_rule.items(), key=lambda kv: -sum(kv[1].values())):
            n = sum(c.values())
            print(f"{rule:34} {n:5} {len(seen_in[rule]):5} {c['right'] / n:5.2f}")

    if args.ablate:
        print(f"\n{'left out (delta = without - with)':34}")
        for i, rule in enumerate(coder.rules.by_speaker["client"].rules):
            print(row(rule.name, fold_f1(client_turns(without(coder, i), tune)), now))


if __name__ == "__main__":
    main()
