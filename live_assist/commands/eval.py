"""`live-assist eval annomi`: how well the coder agrees with expert MI coders on AnnoMI."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from live_assist.annomi import CLIENT_LABELS, MAIN_LABELS, evaluate, read_annomi


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure the coder against expert-coded transcripts",
        description="Measure how often the coder agrees with expert MI coders.",
    )
    sub = parser.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    annomi = sub.add_parser(
        "annomi",
        help="score against an AnnoMI CSV file (AnnoMI-simple.csv or AnnoMI-full.csv)",
        description=(
            "Code every AnnoMI transcript in order and compare with the experts' labels: main "
            "counsellor behaviour (question, reflection, therapist_input, other), open vs closed "
            "questions and simple vs complex reflections (full file only), and client talk "
            "(change, neutral, sustain)."
        ),
    )
    annomi.add_argument("csv", type=Path, metavar="CSV", help="an AnnoMI CSV file")
    annomi.add_argument("--json", action="store_true",
                        help="print one JSON object with all the figures instead of tables")
    annomi.set_defaults(run=run_annomi)


def _report_table(title: str, report: dict, labels: tuple[str, ...]) -> list[str]:
    out = [title, f"  {'':16} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for label in labels:
        c = report["per_class"][label]
        out.append(f"  {label:16} {c['precision']:9.3f} {c['recall']:7.3f} {c['f1']:6.3f}")
    out.append(f"  accuracy {report['accuracy']:.3f}   macro-F1 {report['macro_f1']:.3f}")
    predicted = list(next(iter(report["confusion"].values())))
    out.append("  confusion (rows: experts, columns: coder)")
    out.append("  " + " " * 16 + "".join(f"{p[:10]:>11}" for p in predicted))
    for gold, row in report["confusion"].items():
        out.append(f"  {gold:16}" + "".join(f"{row[p]:>11}" for p in predicted))
    return out


def run_annomi(args: argparse.Namespace) -> int:
    result = evaluate(read_annomi(args.csv))
    if args.json:
        print(json.dumps(result))
        return 0
    lines = _report_table(f"Counsellor main behaviour ({result['n_therapist']} turns)", result["main"], MAIN_LABELS)
    qt, rt = result["question_type"], result["reflection_type"]
    lines.append(f"Open vs closed questions: accuracy {qt['accuracy']:.3f} ({qt['n']} turns)"
                 if qt["n"] else "Open vs closed questions: no subtype labels in this file")
    lines.append(f"Simple vs complex reflections: macro-F1 {rt['macro_f1']:.3f} ({rt['n']} turns)"
                 if rt["n"] else "Simple vs complex reflections: no subtype labels in this file")
    lines += _report_table(f"Client talk ({result['client']['n']} turns)", result["client"], CLIENT_LABELS)
    lines.append(f"Coding speed: {result['turns_per_second']:,.0f} turns/s")
    print("\n".join(lines))
    return 0
