"""The last stretch of audio per speaker, so a committed turn can be cut out and transcribed.

A fixed ring per channel: memory does not grow with the session, however long it runs.
"""

from __future__ import annotations

import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE, AudioBlock


class AudioHistory:
    def __init__(self, seconds: float) -> None:
        self._size = int(seconds * SAMPLE_RATE)
        self._ring = np.zeros((self._size, 2), dtype=np.float32)
        self._end = 0  # absolute sample index just past the newest sample
        self._origin: int | None = None  # absolute index of session time 0

    def append(self, block: AudioBlock) -> None:
        if self._origin is None:
            self._origin = -round(block.start * SAMPLE_RATE)
        samples = block.samples[-self._size :]
        n = len(samples)
        first = self._end % self._size
        head = min(n, self._size - first)
        self._ring[first : first + head] = samples[:head]
        self._ring[: n - head] = samples[head:]
        self._end += len(block.samples)

    def slice(self, column: int, start: float, end: float) -> np.ndarray:
        """Samples of one speaker between two session times, clipped to what is still held."""
        origin = self._origin or 0
        lo = max(round(start * SAMPLE_RATE) + origin, self._end - self._size, 0)
        hi = min(round(end * SAMPLE_RATE) + origin, self._end)
        if hi <= lo:
            return np.zeros(0, dtype=np.float32)
        idx = np.arange(lo, hi) % self._size
        return self._ring[idx, column].copy()
