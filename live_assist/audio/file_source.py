"""Recordings as a stream of `AudioBlock`s: decoded and resampled by PyAV a frame at a time,
so a three-hour file needs no more memory than a three-second one.

Layouts: one stereo file (counsellor on `counselor_channel`, client on the other), two files
(counsellor's and client's, each mixed down to mono), or one mono file assigned to one speaker
with `mono_speaker` (a stereo file given `mono_speaker` is mixed down: many recorders write
the same microphone to both channels). Everything else is refused up front with a one-line
`UserError`, before a session starts. A file that breaks off mid-way (a truncated download, a recorder that crashed)
is decoded up to the damage and the rest is reported as a `Warning`: what was recorded is
still worth coding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import av
import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE, AudioBlock
from live_assist.codes import CLIENT, COUNSELOR
from live_assist.errors import UserError
from live_assist.events import Event, Warning

CHANNELS = ("left", "right")


@dataclass(frozen=True)
class FileLayout:
    """Which file and channel carries which speaker."""

    audio: Path
    client_audio: Path | None = None
    counselor_channel: str = "left"
    mono_speaker: str | None = None

    def describe(self) -> dict:
        out: dict = {"kind": "file", "audio": str(self.audio)}
        if self.client_audio is not None:
            out["client_audio"] = str(self.client_audio)
        elif self.mono_speaker is not None:
            out["mono_speaker"] = self.mono_speaker
        else:
            out["counselor_channel"] = self.counselor_channel
        return out


def _open(path: Path) -> tuple[av.container.InputContainer, av.audio.stream.AudioStream]:
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if os.path.getsize(path) == 0:
        raise UserError(f"{path}: the file is empty")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not an audio file live-assist can read ({_reason(exc)})") from None
    if not container.streams.audio:
        container.close()
        raise UserError(f"{path}: the file has no audio track")
    return container, container.streams.audio[0]


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0]


def _channels(stream: av.audio.stream.AudioStream) -> int:
    return stream.codec_context.channels or len(stream.layout.channels)


def probe(layout: FileLayout) -> None:
    """Refuse layouts that cannot work, with the one line that says how to fix it."""
    if layout.counselor_channel not in CHANNELS:
        raise UserError(f"--counselor-channel must be left or right, not {layout.counselor_channel!r}")
    if layout.mono_speaker not in (None, COUNSELOR, CLIENT):
        raise UserError(f"--mono-speaker must be {COUNSELOR} or {CLIENT}, not {layout.mono_speaker!r}")
    if layout.client_audio is not None and layout.mono_speaker is not None:
        raise UserError("--mono-speaker and --client-audio cannot be used together")
    container, stream = _open(layout.audio)
    channels = _channels(stream)
    container.close()
    if layout.client_audio is not None:
        _open(layout.client_audio)[0].close()
        return
    if channels == 1 and layout.mono_speaker is None:
        raise UserError(
            f"{layout.audio} is mono (one channel), so live-assist cannot tell the speakers apart: "
            "use --mono-speaker counselor|client, or --client-audio FILE for the other side"
        )
    if channels > 2:
        raise UserError(
            f"{layout.audio} has {channels} channels; live-assist needs stereo (counsellor on one "
            "channel, client on the other), two files (--client-audio), or mono with --mono-speaker"
        )


def _decode(path: Path, mono: bool, on_event: Callable[[Event], None]) -> Iterator[np.ndarray]:
    """(channels, n) float32 chunks at 16 kHz, mixed down to mono when asked."""
    container, stream = _open(path)
    # Keep the channels apart through resampling and mix down here: swresample's own stereo to
    # mono mix is 3 dB louder than the mean and can clip.
    layout = "mono" if _channels(stream) == 1 else "stereo"
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
    decoded = 0
    try:
        try:
            for frame in container.decode(stream):
                frame.pts = None  # let the resampler count samples itself
                for out in resampler.resample(frame):
                    decoded += out.samples
                    yield _mix(out.to_ndarray(), mono)
        except (av.error.FFmpegError, EOFError) as exc:
            on_event(
                Warning(
                    at=decoded / SAMPLE_RATE,
                    kind="truncated_audio",
                    message=f"{path.name} is damaged or cut off after {decoded / SAMPLE_RATE:.1f} s "
                    f"({_reason(exc)}); the rest is missing",
                )
            )
        for out in resampler.resample(None):
            yield _mix(out.to_ndarray(), mono)
    finally:
        container.close()


def _mix(chunk: np.ndarray, mono: bool) -> np.ndarray:
    if mono and chunk.shape[0] > 1:
        return chunk.mean(axis=0, keepdims=True)
    return chunk


def _rechunk(chunks: Iterator[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """Fixed-size (channels, size) pieces; the last one may be shorter."""
    pending: list[np.ndarray] = []
    have = 0
    for chunk in chunks:
        pending.append(chunk)
        have += chunk.shape[1]
        if have < size:
            continue
        joined = np.concatenate(pending, axis=1)
        cut = (have // size) * size
        for i in range(0, cut, size):
            yield joined[:, i : i + size]
        pending, have = [joined[:, cut:]], have - cut
    if have:
        yield np.concatenate(pending, axis=1)


def _paired(first: Iterator[np.ndarray], second: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    """Two mono streams side by side; the shorter one is padded with silence."""
    while True:
        a, b = next(first, None), next(second, None)
        if a is None and b is None:
            return
        n = max(x.shape[1] for x in (a, b) if x is not None)
        pair = np.zeros((2, n), dtype=np.float32)
        for row, x in ((0, a), (1, b)):
            if x is not None:
                pair[row, : x.shape[1]] = x[0]
        yield pair


def file_blocks(
    layout: FileLayout, block_size: int, on_event: Callable[[Event], None]
) -> Iterator[AudioBlock]:
    """The recording as consecutive blocks of `block_size` samples, starting at 0 s."""
    probe(layout)
    if layout.client_audio is not None:
        chunks = _paired(
            _rechunk(_decode(layout.audio, True, on_event), block_size),
            _rechunk(_decode(layout.client_audio, True, on_event), block_size),
        )
    else:
        mono = layout.mono_speaker is not None
        chunks = _rechunk(_decode(layout.audio, mono, on_event), block_size)
    position = 0
    for chunk in chunks:
        samples = np.zeros((chunk.shape[1], 2), dtype=np.float32)
        if layout.mono_speaker is not None:
            samples[:, 0 if layout.mono_speaker == COUNSELOR else 1] = chunk[0]
        elif layout.client_audio is not None or layout.counselor_channel == "left":
            samples[:] = chunk.T
        else:
            samples[:] = chunk[::-1].T
        yield AudioBlock(samples, position / SAMPLE_RATE)
        position += len(samples)
