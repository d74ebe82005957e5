"""The `live-assist` command line. Each command lives in `live_assist/commands/<name>.py`
with `register(subparsers)`; this module only wires them together and turns user errors
into one-line messages with exit status 2."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from live_assist import __version__
from live_assist.errors import UserError

# Order is the order shown in --help.
COMMAND_MODULES: tuple[str, ...] = ("live", "replay", "tag", "eval", "devices", "models")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="live-assist",
        description=(
            "Live motivational-interviewing feedback for counsellors. Everything runs on this "
            "machine: audio and transcripts never leave it unless you share them."
        ),
    )
    parser.add_argument("--version", action="version", version=f"live-assist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"live_assist.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except UserError as exc:
        print(f"live-assist: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
