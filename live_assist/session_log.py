"""The session log: one JSON event per line, written so that a crash loses at most the event
being written.

Transcripts are clinical material, so the file is created with mode 0600 and never
overwritten. Each event is written with a single `write` on an O_APPEND descriptor (no
user-space buffer to lose), and the events a counsellor or a supervisor would miss
(turns, warnings, nudges, bookmarks, start and end) are fsynced. `partial` and `metrics`
are not: they are rebuilt from the turns, and fsyncing them would cost a disk flush several
times a second.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterator

import platformdirs

from live_assist.errors import UserError
from live_assist.events import (
    Bookmark,
    Event,
    EventError,
    Nudge,
    SessionEnded,
    SessionStarted,
    Turn,
    Warning,
    event_from_json,
)

DURABLE_EVENTS: tuple[type[Event], ...] = (SessionStarted, Turn, Warning, Nudge, Bookmark, SessionEnded)


def sessions_dir() -> Path:
    return Path(platformdirs.user_data_dir("live-assist")) / "sessions"


def default_log_path(session_id: str) -> Path:
    return sessions_dir() / f"{session_id}.jsonl"


class SessionLog:
    """An EventSink that appends each event to a new JSONL file.

    Refuses an existing path rather than mixing two sessions in one file or destroying an
    earlier one. Safe to call from several threads (the pipeline and a dashboard bookmark key).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        except FileExistsError:
            raise UserError(
                f"session log {self.path} already exists; choose another path with --session-log"
            ) from None
        except OSError as exc:
            raise UserError(f"cannot create session log {self.path}: {exc.strerror}") from None
        # The umask can only remove bits, but a umask like 0o277 would leave it unreadable.
        os.fchmod(self._fd, 0o600)
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        data = (event.to_json() + "\n").encode("utf-8")
        with self._lock:
            if self._fd < 0:
                raise ValueError(f"session log {self.path} is closed")
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            if isinstance(event, DURABLE_EVENTS):
                os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.fsync(self._fd)
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_log(path: str | os.PathLike[str]) -> Iterator[Event]:
    """Yield the events of a session log in order.

    A final line without its newline is what a kill in the middle of a write leaves: it is
    skipped if it does not parse. Any other bad line is corruption and raises `UserError`
    naming the line, since silently skipping it would misreport the session. Blank lines
    (an editor's trailing newline) are ignored.
    """
    path = Path(path)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise UserError(f"session log {path} not found") from None
    except OSError as exc:
        raise UserError(f"cannot read session log {path}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield event_from_json(line)
            except EventError as exc:
                if not line.endswith(b"\n"):
                    return
                raise UserError(f"{path}:{number}: corrupt session log line ({exc})") from None
