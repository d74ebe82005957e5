"""The unit every audio source yields and every later stage consumes.

Files and live devices both produce `AudioBlock`s, so the device layer stays thin and the
whole pipeline behind it is tested from files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000
# Column order of `AudioBlock.samples`.
COUNSELOR_COLUMN = 0
CLIENT_COLUMN = 1


@dataclass(frozen=True)
class AudioBlock:
    """A stretch of two-speaker audio: float32 in [-1, 1], shape (n, 2), 16 kHz.

    Column 0 is the counsellor, column 1 the client; a source with only one speaker fills the
    other column with zeros. `start` is the block's first sample in session seconds.
    """

    samples: np.ndarray
    start: float

    def __post_init__(self) -> None:
        if self.samples.ndim != 2 or self.samples.shape[1] != 2:
            raise ValueError(f"AudioBlock samples must have shape (n, 2), got {self.samples.shape}")
        if self.samples.dtype != np.float32:
            raise ValueError(f"AudioBlock samples must be float32, got {self.samples.dtype}")

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.start + self.duration
