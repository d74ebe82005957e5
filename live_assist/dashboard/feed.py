"""Carries events from the pipeline's thread to the UI without ever making the pipeline wait.

The runner calls the feed for every event; the UI drains everything waiting in one go. A
wake-up message is posted only when the feed goes from empty to non-empty, so a burst (a
`--fast` replay, a catch-up after a slow frame) costs one message, not one per event, and the
UI redraws once per batch. Nothing is dropped: a turn the counsellor missed on screen must
still be counted, and the feed never holds more than the session itself.
"""

from __future__ import annotations

import threading
from typing import Callable

from live_assist.events import Event


class EventFeed:
    def __init__(self, wake: Callable[[], object]) -> None:
        self._wake = wake
        self._lock = threading.Lock()
        self._waiting: list[Event] = []

    def __call__(self, event: Event) -> None:
        with self._lock:
            self._waiting.append(event)
            first = len(self._waiting) == 1
        if first:
            self._wake()

    def drain(self) -> list[Event]:
        with self._lock:
            events, self._waiting = self._waiting, []
        return events
