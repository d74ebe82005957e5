"""`live-assist replay` on a real (pseudo-)terminal: the dashboard opens by itself, `q` ends the
session, and the last thing printed is where the session log is."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from live_assist.events import SessionEnded
from live_assist.session_log import read_log

REPO = Path(__file__).resolve().parents[1]


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
    return seen


@pytest.mark.parametrize("how", ["q", "SIGTERM"])
def test_replay_on_a_terminal_opens_the_dashboard_and_ends_cleanly(tmp_path: Path, tiny_model: Path, how: str) -> None:
    """q, or a SIGTERM (logout, `kill`), ends the session: log closed, its path printed."""
    log = tmp_path / "session.jsonl"
    main, child = pty.openpty()
    os.set_blocking(main, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "live_assist", "replay", str(REPO / "examples" / "demo_session.opus"),
         "--speed", "4", "--model", str(tiny_model), "--cpu-threads", "2", "--session-log", str(log)],
        cwd=REPO, stdin=child, stdout=child, stderr=child, env=env, close_fds=True,
    )
    os.close(child)
    try:
        screen = read_until(main, b"running", timeout=60)
        assert b"Transcript" in screen and b"MITI scores" in screen
        if how == "q":
            os.write(main, b"q")
        else:
            proc.send_signal(signal.SIGTERM)
        rest = read_until(main, b"Session log:", timeout=20) + read_until(main, b"\n", timeout=2)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert f"Session log: {log}".encode() in rest
    events = list(read_log(log))
    assert isinstance(events[-1], SessionEnded) and events[-1].reason == "stopped"
    assert events[-1].at < 200, "q ended the session long before the 3.5-minute recording's end"
