"""Streaming voice activity: Silero VAD as shipped inside faster-whisper, one state per channel.

`faster_whisper.vad.get_speech_timestamps` wants the whole recording; live audio arrives in
blocks, so this keeps the model's recurrent state (h, c) and the 64-sample context between
calls. The ONNX model treats its first axis as time, so feeding windows in any grouping gives
the same probabilities as one call over the whole recording.
"""

from __future__ import annotations

import os

import numpy as np

from faster_whisper.utils import get_assets_path

WINDOW = 512  # samples per VAD decision: 32 ms at 16 kHz, the model's fixed input size
CONTEXT = 64  # samples of the previous window the model sees in front of each window


def _load_session():
    import onnxruntime

    opts = onnxruntime.SessionOptions()
    # One thread: the VAD is tiny and the ASR needs the cores.
    opts.inter_op_num_threads = 1
    opts.intra_op_num_threads = 1
    opts.enable_cpu_mem_arena = False
    opts.log_severity_level = 4
    path = os.path.join(get_assets_path(), "silero_vad_v6.onnx")
    return onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"], sess_options=opts)


class StreamingVad:
    """Speech probability per 32 ms window of one channel, fed block by block."""

    def __init__(self, session=None) -> None:
        self._session = session if session is not None else _load_session()
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)

    def push(self, samples: np.ndarray) -> np.ndarray:
        """Probabilities for every whole window completed by `samples` (leftovers wait)."""
        audio = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        n = len(audio) // WINDOW
        self._pending = audio[n * WINDOW :]
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        windows = audio[: n * WINDOW].reshape(n, WINDOW)
        contexts = np.empty((n, CONTEXT), dtype=np.float32)
        contexts[0] = self._context
        contexts[1:] = windows[:-1, -CONTEXT:]
        self._context = windows[-1, -CONTEXT:].copy()
        probs, self._h, self._c = self._session.run(
            None,
            {"input": np.concatenate([contexts, windows], axis=1), "h": self._h, "c": self._c},
        )
        return np.asarray(probs, dtype=np.float32).reshape(-1)


class ChannelPairVad:
    """Both speakers' channels, window-aligned so their decisions share one timeline."""

    def __init__(self) -> None:
        session = _load_session()
        self.channels = (StreamingVad(session), StreamingVad(session))

    def push(self, samples: np.ndarray) -> np.ndarray:
        """(windows, 2) speech probabilities for a (n, 2) block."""
        first, second = (vad.push(samples[:, i]) for i, vad in enumerate(self.channels))
        return np.stack([first, second], axis=1)
