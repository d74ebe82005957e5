"""CPU cost of the live capture core (resampling, routing, alignment), which runs for the
whole session next to the speech recogniser on the same cores.

Feeds a 10-minute two-device session (the shared stereo recording looped, 48 kHz mic and
44.1 kHz call audio in typical callback sizes) through `LiveAssembler` and prints the
real-time factor. Run from the repository root: `python benchmarks/live_core.py`.
"""

from __future__ import annotations

import heapq
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.audio.live import LiveAssembler, speaker_input  # noqa: E402
from tests.device_audio import STEREO, decode  # noqa: E402

MINUTES = 10


def callbacks(samples: np.ndarray, rate: int, blocksize: int, index: int):
    for first in range(0, len(samples) - blocksize + 1, blocksize):
        yield (first + blocksize) / rate, index, samples[first : first + blocksize]


def main() -> None:
    repeats = MINUTES * 60 // 5
    mic = np.tile(decode(STEREO, 48_000)[:, :1], (repeats, 1))
    call = np.tile(decode(STEREO, 44_100)[:, 1:], (repeats, 1))
    core = LiveAssembler([speaker_input("mic", 48_000, 1, 0), speaker_input("call", 44_100, 1, 1)], lambda e: None)
    produced = 0.0
    started = time.process_time()
    for now, index, indata in heapq.merge(callbacks(mic, 48_000, 480, 0), callbacks(call, 44_100, 1024, 1)):
        for block in core.feed(index, indata, False, now):
            produced += block.duration
    cpu = time.process_time() - started
    print(f"audio: {produced:.1f} s  cpu: {cpu:.2f} s  real-time factor: {cpu / produced:.4f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
