"""The Textual dashboard. `DashboardApp` is the one app the CLI, the web server and the tests
build; `run_dashboard` runs it in the terminal and says where the session log is."""

from __future__ import annotations

from live_assist.dashboard.app import QUIT_GRACE_SECONDS, DashboardApp

__all__ = ["DashboardApp", "run_dashboard"]


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

