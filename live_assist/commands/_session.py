"""What `replay` and `live` share: the recogniser and turn-taking options, and running a
session headless into the session log. Kept apart from the printing so another view (the
dashboard) can take a runner from `build_runner` and draw it instead."""

from __future__ import annotations

import argparse
import os
import signal
import threading
from pathlib import Path

from live_assist.asr import AsrOptions, Transcriber
from live_assist.audio.endpointing import EndpointingOptions
from live_assist.errors import UserError
from live_assist.events import Event, EventSink
from live_assist.headless import HeadlessPrinter
from live_assist.model_store import resolve_model
from live_assist.pipeline import Pipeline
from live_assist.session_log import SessionLog, default_log_path


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def add_session_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--counselor-channel",
        choices=("left", "right"),
        default="left",
        help="in a stereo recording or device, the channel the counsellor is on (default: left)",
    )
    parser.add_argument(
        "--silence",
        type=_positive,
        default=EndpointingOptions.silence,
        metavar="SECONDS",
        help="how long a speaker must be quiet before their turn counts as finished (default: 0.5)",
    )
    parser.add_argument(
        "--model",
        metavar="NAME|DIR",
        help="speech recognition model: a folder, or a name from `live-assist models list` "
        "(default: LIVE_ASSIST_MODEL, else the best model installed)",
    )
    parser.add_argument(
        "--device",
        default="cpu",
        help="where speech recognition runs: cpu (default) or cuda for an NVIDIA graphics card",
    )
    parser.add_argument(
        "--compute-type",
        default="default",
        help="number format for the model: int8 (default on cpu), float16 (default on cuda), float32",
    )
    parser.add_argument(
        "--cpu-threads",
        type=int,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="processor threads for speech recognition (default: up to 4)",
    )
    parser.add_argument(
        "--session-log",
        type=Path,
        metavar="PATH",
        help="where to write the session log, a private file (default: your live-assist data folder)",
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help="print one line per turn instead of opening the dashboard (currently always the case)",
    )


def load_transcriber(args: argparse.Namespace) -> tuple[Transcriber, str]:
    """The shared recogniser, loaded and warmed up; and the label that names it in the log."""
    resolved = resolve_model(args.model)
    options = AsrOptions(resolved.path_or_name, args.device, args.compute_type, args.cpu_threads)
    return Transcriber(options), resolved.label


def asr_settings(args: argparse.Namespace) -> dict:
    return {"device": args.device, "compute_type": args.compute_type, "cpu_threads": args.cpu_threads}


def _fan_out(*sinks: EventSink) -> EventSink:
    def send(event: Event) -> None:
        for sink in sinks:
            sink(event)

    return send


def run_headless(runner: Pipeline, log_path: Path | None) -> int:
    """Run a session to its end, printing turns; Ctrl-C or SIGTERM ends it cleanly."""
    path = log_path or default_log_path(runner.session_id)
    log = SessionLog(path)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        runner(_fan_out(log, HeadlessPrinter()), stop)
    finally:
        signal.signal(signal.SIGTERM, previous)
        log.close()
    print(f"   session log: {path}")
    return 0


def check_speed(args: argparse.Namespace) -> None:
    if getattr(args, "fast", False) and getattr(args, "speed", None) is not None:
        raise UserError("--fast and --speed cannot be used together")
