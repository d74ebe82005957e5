"""`live-assist tag`: code a written transcript turn by turn, as the live coder would."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path

from live_assist.codes import CLIENT_CODES, COUNSELOR_CODES
from live_assist.coder import Coder
from live_assist.errors import UserError, reading_text
from live_assist.events import Utterance
from live_assist.transcript import TranscriptLine, parse_transcript


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="code a written transcript (open questions, reflections, change talk...)",
        description=textwrap.fill(
            "Code every turn of a transcript with the OARS/MITI codes, using the turns before it "
            "as context. The transcript is either plain lines starting with 'T:' / 'C:' (or "
            "'Counselor:' / 'Client:') or JSON lines {\"speaker\": ..., \"text\": ...}.", 79
        ),
        epilog="codes:\n" + "\n".join(
            f"  {code:25} {text.split(': ', 1)[1]}"
            for code, text in {**COUNSELOR_CODES, **CLIENT_CODES}.items()
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="the transcript to code; '-' or nothing reads standard input")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per turn (the input plus codes and the reasons "
                             "for them) instead of a table")
    parser.set_defaults(run=run)


def _read_lines(name: str) -> list[str]:
    if name == "-":
        if sys.stdin.isatty():
            raise UserError("no transcript: give a file, or pipe one in (see live-assist tag --help)")
        try:
            return sys.stdin.read().splitlines()
        except UnicodeDecodeError:
            raise UserError("standard input is not UTF-8 text") from None
    with reading_text(name, "a transcript"):
        return Path(name).read_text(encoding="utf-8").splitlines()


def _table(rows: list[tuple[TranscriptLine, list[str]]]) -> str:
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    code_w = max(len(", ".join(codes)) for _, codes in rows)
    code_w = min(max(code_w, 5), 40)
    head = f"{'#':>3}  {'who':<9}  {'codes':<{code_w}}  text"
    indent = 3 + 2 + 9 + 2 + code_w + 2
    out = [head, "-" * min(width, len(head) + 40)]
    for i, (line, codes) in enumerate(rows, start=1):
        text = textwrap.wrap(line.utterance.text, max(20, width - indent)) or [""]
        code_lines = textwrap.wrap(", ".join(codes), code_w) or [""]
        for j in range(max(len(text), len(code_lines))):
            num = f"{i:>3}" if j == 0 else "   "
            who = line.utterance.speaker if j == 0 else ""
            code = code_lines[j] if j < len(code_lines) else ""
            words = text[j] if j < len(text) else ""
            out.append(f"{num}  {who:<9}  {code:<{code_w}}  {words}".rstrip())
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    turns = parse_transcript(_read_lines(args.file))
    coder = Coder()
    context: list[Utterance] = []
    rows = []
    for line in turns:
        coding = coder.code(line.utterance, context)
        context.append(line.utterance)
        if args.json:
            record = dict(line.record)
            record["codes"] = coding.codes
            record["explanations"] = [
                {"code": e.code, "rule": e.rule, "evidence": e.evidence} for e in coding.explanations
            ]
            print(json.dumps(record, ensure_ascii=False))
        else:
            rows.append((line, coding.codes))
    if not args.json:
        print(_table(rows))
    return 0
