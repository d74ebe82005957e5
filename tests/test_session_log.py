"""The session log survives what a real session goes through: every event type round trip,
a SIGKILL mid-session, a corrupt file, a path that already holds a session."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from live_assist.errors import UserError
from live_assist.events import (
    Bookmark,
    Explanation,
    Metrics,
    Nudge,
    Partial,
    SessionEnded,
    SessionStarted,
    Turn,
    Warning,
)
from live_assist.session_log import SessionLog, default_log_path, read_log

REPO = Path(__file__).resolve().parents[1]

EVENTS = [
    SessionStarted("s1", "2026-11-21T00:00:00Z", {"kind": "file", "path": "a.wav"}, "tiny.en", {"speed": 1.0}),
    Partial("client", 1.0, "I have been thinking", emitted_at=1.4),
    Turn(
        1,
        "counselor",
        "You’re worried about your drinking — “a lot”.",
        0.5,
        2.25,
        ["complex_reflection"],
        [Explanation("complex_reflection", "r.feeling", "worried")],
        2.9,
    ),
    Metrics(3.0, {"rq_ratio": None, "counts": {"question": 0}}),
    Nudge(3.1, "reflect", "Try a reflection", "three questions in a row"),
    Warning(3.2, "input_overflow", "dropped audio 2 times"),
    Bookmark(3.3, "good moment"),
    SessionEnded(4.0, "finished", {"rq_ratio": 1.5}),
]


def test_each_event_is_one_line_and_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "s1.jsonl"
    with SessionLog(path) as log:
        for event in EVENTS:
            log(event)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes().splitlines()) == len(EVENTS)
    assert list(read_log(path)) == EVENTS


def test_mode_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        SessionLog(tmp_path / "s.jsonl").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s.jsonl").stat().st_mode) == 0o600


def test_an_existing_log_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with SessionLog(path) as log:
        log(EVENTS[0])
    with pytest.raises(UserError, match="already exists"):
        SessionLog(path)
    assert list(read_log(path)) == EVENTS[:1]


def test_default_path_is_under_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_log_path("abc") == tmp_path / "live-assist" / "sessions" / "abc.jsonl"


# A child that logs turns as fast as it can and reports each one after the call returns.
CHILD = """
import sys
from live_assist.events import SessionStarted, Turn
from live_assist.session_log import SessionLog
log = SessionLog(sys.argv[1])
log(SessionStarted("k", "2026-11-21T00:00:00Z"))
i = 0
while True:
    i += 1
    log(Turn(i, "client", "word " * (i % 50), float(i), i + 0.5))
    print(i, flush=True)
"""


def test_sigkill_mid_session_leaves_a_log_that_parses(tmp_path: Path) -> None:
    path = tmp_path / "killed.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    acknowledged = 0
    while acknowledged < 200:
        acknowledged = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait()
    events = list(read_log(path))
    turns = [e for e in events if isinstance(e, Turn)]
    assert isinstance(events[0], SessionStarted)
    # Every turn the child saw written is there, in order, and nothing else is damaged.
    assert len(turns) >= acknowledged
    assert [t.id for t in turns] == list(range(1, len(turns) + 1))


def test_a_line_cut_by_a_kill_mid_write_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    with SessionLog(path) as log:
        for event in EVENTS[:3]:
            log(event)
    with open(path, "ab") as handle:
        handle.write(EVENTS[3].to_json().encode()[:20])
    assert list(read_log(path)) == EVENTS[:3]


def test_a_corrupt_line_in_the_middle_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [e.to_json() for e in EVENTS[:4]]
    lines[2] = lines[2][:30]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(UserError) as info:
        list(read_log(path))
    message = str(info.value)
    assert f"{path}:3:" in message and "\n" not in message


def test_a_truncated_last_line_that_still_ends_in_newline_is_corruption(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(EVENTS[0].to_json() + "\n" + '{"type": "turn", "id": 1}\n')
    with pytest.raises(UserError, match=":2: corrupt"):
        list(read_log(path))


def test_missing_log_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        list(read_log(tmp_path / "nope.jsonl"))
