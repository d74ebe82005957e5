"""Recordings in, blocks out: layouts, channel choice, and every kind of bad file, each with
its one-line reason."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from live_assist.audio.blocks import SAMPLE_RATE
from live_assist.audio.file_source import FileLayout, file_blocks, probe
from live_assist.errors import UserError
from live_assist.events import Warning


def write_wav(path: Path, channels: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """(n, channels) float in [-1, 1] -> 16-bit wav."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(channels, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def tone(seconds: float, freq: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def decode(layout: FileLayout, warnings: list | None = None) -> np.ndarray:
    sink = warnings.append if warnings is not None else (lambda e: None)
    blocks = list(file_blocks(layout, 1024, sink))
    assert all(b.start == pytest.approx(i * 1024 / SAMPLE_RATE) for i, b in enumerate(blocks))
    return np.concatenate([b.samples for b in blocks])


def test_stereo_left_is_the_counsellor_unless_told_otherwise(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "s.wav", np.stack([tone(1, 200), np.zeros(SAMPLE_RATE)], axis=1))
    left = decode(FileLayout(path))
    assert np.abs(left[:, 0]).max() > 0.25 and np.abs(left[:, 1]).max() < 1e-3
    right = decode(FileLayout(path, counselor_channel="right"))
    assert np.abs(right[:, 1]).max() > 0.25 and np.abs(right[:, 0]).max() < 1e-3


def test_8_khz_mono_needs_a_speaker_and_then_is_resampled(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "m8k.wav", tone(2, 300, 8000)[:, None], rate=8000)
    with pytest.raises(UserError, match="mono.*--mono-speaker"):
        probe(FileLayout(path))
    samples = decode(FileLayout(path, mono_speaker="client"))
    assert len(samples) == pytest.approx(2 * SAMPLE_RATE, abs=1024)
    assert np.abs(samples[:, 0]).max() == 0 and np.abs(samples[:, 1]).max() > 0.25


def test_two_files_one_per_speaker(tmp_path: Path) -> None:
    me = write_wav(tmp_path / "me.wav", tone(1, 200)[:, None])
    them = write_wav(tmp_path / "them.wav", np.stack([tone(2, 400)] * 2, axis=1))
    samples = decode(FileLayout(me, client_audio=them))
    assert len(samples) == 2 * SAMPLE_RATE  # the shorter side is padded with silence
    assert np.abs(samples[: SAMPLE_RATE, 0]).max() > 0.25 and np.abs(samples[SAMPLE_RATE:, 0]).max() == 0
    assert np.abs(samples[:, 1]).max() > 0.25


def test_long_files_stream_in_blocks(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", np.zeros((SAMPLE_RATE * 20, 2), dtype=np.float32))
    blocks = file_blocks(FileLayout(path), 1024, lambda e: None)
    first = next(blocks)
    assert first.samples.shape == (1024, 2) and first.start == 0.0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_text("these are my session notes, not audio\n" * 20), "not an audio file"),
        (lambda p: write_wav(p, np.zeros((SAMPLE_RATE, 6), dtype=np.float32)), "has 6 channels"),
        (lambda p: None, "no such file"),
    ],
    ids=["empty", "text-renamed-wav", "six-channels", "missing"],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "session.wav"
    make(path)
    with pytest.raises(UserError, match=message) as err:
        probe(FileLayout(path))
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_a_truncated_flac_decodes_what_is_there_and_warns(tmp_path: Path, shared_audio: Path) -> None:
    whole = tmp_path / "whole.flac"
    subprocess.run(["sox", str(shared_audio / "jfk.flac"), "-r", "16000", str(whole)], check=True)
    cut = tmp_path / "cut.flac"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    warnings: list = []
    samples = decode(FileLayout(cut, mono_speaker="counselor"), warnings)
    seconds = len(samples) / SAMPLE_RATE
    assert 3.0 < seconds < 9.0  # about half of the 11 s, not nothing and not all
    assert [w.kind for w in warnings if isinstance(w, Warning)] == ["truncated_audio"]


def test_two_files_and_a_mono_speaker_contradict_each_other(tmp_path: Path) -> None:
    me = write_wav(tmp_path / "me.wav", tone(1, 200)[:, None])
    with pytest.raises(UserError, match="cannot be used together"):
        probe(FileLayout(me, client_audio=me, mono_speaker="counselor"))
