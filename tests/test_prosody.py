"""The question tune: a turn whose voice rises at its end gets back the "?" the recogniser
dropped, so the coder can tell "so you're drinking a lot?" from a reflection."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from live_assist.audio.blocks import COUNSELOR_COLUMN, SAMPLE_RATE
from live_assist.audio.file_source import FileLayout, file_blocks
from live_assist.audio.prosody import rises_at_end, with_question_tune


def voice(pitch_hz: np.ndarray) -> np.ndarray:
    """A buzzy vowel (five harmonics) following `pitch_hz`, one value per sample."""
    phase = 2 * np.pi * np.cumsum(pitch_hz) / SAMPLE_RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 6))
    return (0.2 * wave).astype(np.float32)


def glide(end_hz: float, seconds: float = 1.5, start_hz: float = 150.0, last: float = 0.3) -> np.ndarray:
    """Steady at `start_hz`, then moving to `end_hz` over the `last` seconds."""
    n, m = int(seconds * SAMPLE_RATE), int(last * SAMPLE_RATE)
    return voice(np.concatenate([np.full(n - m, start_hz), np.linspace(start_hz, end_hz, m)]))


def test_a_voice_going_up_at_the_end_rises() -> None:
    assert rises_at_end(glide(200.0))


@pytest.mark.parametrize("samples", [
    glide(110.0),  # falling: a statement
    glide(150.0),  # level
    np.zeros(SAMPLE_RATE, dtype=np.float32),  # silence
    np.random.default_rng(0).normal(0, 0.1, SAMPLE_RATE).astype(np.float32),  # noise has no pitch
    glide(200.0, seconds=0.15, last=0.1),  # too short to tell
])
def test_no_rise_without_a_voice_going_up(samples: np.ndarray) -> None:
    assert not rises_at_end(samples)


def test_the_question_mark_comes_back_only_where_the_voice_rose() -> None:
    up, down = glide(200.0), glide(110.0)
    assert with_question_tune("So you're drinking a lot.", up) == "So you're drinking a lot?"
    assert with_question_tune("So you're drinking a lot.", down) == "So you're drinking a lot."
    assert with_question_tune("Is it the drinking?", up) == "Is it the drinking?"
    assert with_question_tune("", up) == ""


def _spoken(text: str, tmp_path: Path) -> np.ndarray:
    """`text` spoken by espeak-ng and decoded as a recording of the counsellor."""
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), text], check=True, capture_output=True)
    layout = FileLayout(wav, mono_speaker="counselor")
    blocks = list(file_blocks(layout, 4096, lambda event: None))
    return np.concatenate([b.samples[:, COUNSELOR_COLUMN] for b in blocks])


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_spoken_question_rises_and_the_same_words_said_as_a_statement_do_not(tmp_path: Path) -> None:
    assert rises_at_end(_spoken("So you are drinking a lot more than you used to?", tmp_path))
    assert not rises_at_end(_spoken("So you are drinking a lot more than you used to.", tmp_path))
