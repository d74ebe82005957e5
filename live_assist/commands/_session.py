"""What `replay` and `live` share: the recogniser and turn-taking options, and running a
session headless into the session log. Kept apart from the printing so another view (the
dashboard) can take a runner from `build_runner` and draw it instead."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Callable

from live_assist.asr import AsrOptions, Transcriber
from live_assist.audio.endpointing import EndpointingOptions
from live_assist.config import load_config
from live_assist.errors import UserError
from live_assist.events import Event, EventSink, SessionEnded
from live_assist.headless import HeadlessPrinter
from live_assist.model_store import resolve_model
from live_assist.nudges import NudgePolicy
from live_assist.pipeline import Pipeline
from live_assist.session import Reaction
from live_assist.session_log import SessionLog, default_log_path


WEB_PORT = 8000


def positive_number(text: str) -> float:
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
        type=positive_number,
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
        metavar="cpu|cuda",
        help="where speech recognition runs (not an audio device): cpu (default) or cuda for an "
        "NVIDIA graphics card",
    )
    parser.add_argument(
        "--compute-type",
        default="default",
        metavar="TYPE",
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
        "--config",
        metavar="FILE",
        help="settings file for the nudges and the dashboard (default: config.toml in your "
        "live-assist settings folder, if there is one; see the README)",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--headless",
        action="store_true",
        help="print one line per turn instead of opening the dashboard (the default when the "
        "output is not a terminal)",
    )
    view.add_argument(
        "--dashboard",
        action="store_true",
        help="open the dashboard even when the output is not a terminal",
    )
    view.add_argument(
        "--web",
        action="store_true",
        help="show the dashboard in your web browser instead (only this computer can open it)",
    )
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help=f"the port for --web (default: {WEB_PORT})",
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


def nudge_reactions(args: argparse.Namespace) -> list[Reaction]:
    """The nudge policy with the user's thresholds, for the session core: nudges are logged
    whichever view is open, so a headless session and a replay of its log agree."""
    return [NudgePolicy(load_config(args.config).nudges)]


BuildRunner = Callable[..., Pipeline]


def run_session(args: argparse.Namespace, build_runner: BuildRunner, pausable: bool = True) -> int:
    """Run the session in the view asked for: browser, dashboard (on a terminal) or lines.

    `pausable`: `build_runner(args, pause=EVENT)` makes a runner that holds while EVENT is set."""
    if args.port is not None and not args.web:
        raise UserError("--port is for --web; add --web to open the dashboard in a browser")
    if args.web:
        from live_assist.dashboard.web import serve

        load_config(args.config)  # a bad config is reported here, not in every browser tab
        return serve(sys.argv[1:], args.port or WEB_PORT)
    if args.headless or not (args.dashboard or sys.stdout.isatty()):
        return run_headless(build_runner(args), args.session_log)
    if not pausable:
        return run_dashboard_session(build_runner(args), args, None)
    pause = threading.Event()
    return run_dashboard_session(build_runner(args, pause=pause), args, pause)


def run_dashboard_session(runner: Pipeline, args: argparse.Namespace, pause: threading.Event | None) -> int:
    from live_assist.dashboard import DashboardApp, run_dashboard  # Textual loads only when shown

    path = args.session_log or default_log_path(runner.session_id)
    with SessionLog(path) as log:
        app = DashboardApp(
            runner, sink=log, log_path=path, config=load_config(args.config), clock=runner.clock.now, pause=pause
        )
        return run_dashboard(app)


def run_headless(runner: Pipeline, log_path: Path | None) -> int:
    """Run a session to its end, printing turns; Ctrl-C or SIGTERM ends it cleanly. The exit
    status is 130 after Ctrl-C, as a shell script running a replay expects."""
    path = log_path or default_log_path(runner.session_id)
    log = SessionLog(path)
    stop = threading.Event()
    ends: list[SessionEnded] = []

    def keep_end(event: Event) -> None:
        if isinstance(event, SessionEnded):
            ends.append(event)

    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        runner(_fan_out(log, HeadlessPrinter(), keep_end), stop)
    finally:
        signal.signal(signal.SIGTERM, previous)
        log.close()
    print(f"   session log: {path}")
    return 130 if ends and ends[-1].reason == "interrupted" else 0
