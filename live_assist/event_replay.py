"""A runner that replays recorded events (a session log) at the pace they happened.

Lets every view (dashboard, headless printer, share) re-show a finished session without the
audio, and gives tests and benchmarks a real, paced event source. Events carry session
seconds (`emitted_at` for turns and partials, `at` for the rest), so pacing needs no
wall-clock data from the log.
"""

from __future__ import annotations

import threading
from typing import Iterable

from live_assist.audio.pacing import Pacer
from live_assist.events import Event, EventSink, SessionRunner


def event_time(event: Event) -> float | None:
    """When the event happened, in session seconds, if it says."""
    for name in ("emitted_at", "at", "end"):
        value = getattr(event, name, None)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def paced_runner(
    events: Iterable[Event],
    *,
    speed: float | None = 1.0,
    pause: threading.Event | None = None,
) -> SessionRunner:
    """Replay `events` into a sink `speed` times faster than they happened (None: no waiting)."""

    def run(sink: EventSink, stop: threading.Event) -> None:
        pacer = Pacer(speed or 1.0, stop.is_set, pause)
        for event in events:
            at = event_time(event)
            if speed is not None and at is not None:
                pacer.wait_until(at)
            else:
                pacer.hold()
            if stop.is_set():
                return
            sink(event)

    return run
