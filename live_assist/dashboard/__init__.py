"""The Textual dashboard. `build_app` is the one factory the CLI, the web server and the tests
share; `run_dashboard` runs it in the terminal and says where the session log is."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from live_assist.config import Config
from live_assist.dashboard.app import QUIT_GRACE_SECONDS, DashboardApp
from live_assist.events import EventSink, SessionRunner


def build_app(
    runner: SessionRunner,
    *,
    sink: EventSink | None = None,
    model_label: str = "",
    log_path: Path | None = None,
    config: Config | None = None,
    clock: Callable[[], float] | None = None,
    pause: threading.Event | None = None,
) -> DashboardApp:
    """The dashboard for one session. `sink` receives every event (and bookmarks) before the
    screen does, so the session log is complete even if the UI fails; `pause`, if given, is
    the event the runner honours to hold a replay; `clock` gives the current session time."""
    return DashboardApp(
        runner,
        sink=sink,
        model_label=model_label,
        log_path=log_path,
        config=config,
        clock=clock,
        pause=pause,
    )


def run_dashboard(app: DashboardApp) -> int:
    """Run the dashboard until the counsellor quits; return the exit status.

    Waits for the session thread before returning, so the caller can close the session log
    knowing nothing will be written to it afterwards.
    """
    app.run()
    app.stop.set()
    app.session_done.wait(QUIT_GRACE_SECONDS)
    if app.log_path is not None:
        print(f"Session log: {app.log_path}")
    return 1 if app.error else (app.return_code or 0)

