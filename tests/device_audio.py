"""Audio for the device tests: a real two-speaker recording, decoded the way a device
would deliver it, and a way to tell its speakers apart."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
STEREO = SHARED / "audio" / "stereo_diarization.wav"

WINDOW = 1600  # 0.1 s at 16 kHz: the envelope resolution used to compare speakers


def decode(path: Path, rate: int) -> np.ndarray:
    """The file as float32 (frames, 2) at `rate`, resampled by PyAV as a device would deliver it."""
    resampler = av.AudioResampler(format="flt", layout="stereo", rate=rate)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks += [out.to_ndarray().reshape(-1, 2) for out in resampler.resample(frame)]
    chunks += [out.to_ndarray().reshape(-1, 2) for out in resampler.resample(None)]
    return np.concatenate(chunks)


SOURCE = decode(STEREO, SAMPLE_RATE) if STEREO.is_file() else np.zeros((0, 2), np.float32)


def envelope(signal: np.ndarray) -> np.ndarray:
    usable = len(signal) // WINDOW * WINDOW
    return np.sqrt((signal[:usable].reshape(-1, WINDOW) ** 2).mean(axis=1))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two signals' energy envelopes over their common length, at zero lag."""
    ea, eb = envelope(a), envelope(b)
    n = min(len(ea), len(eb))
    return float(np.corrcoef(ea[:n], eb[:n])[0, 1])
