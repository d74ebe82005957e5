"""Speech to text with the real tiny.en model, and the guards against Whisper's inventions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from faster_whisper import decode_audio
from live_assist.asr import AsrOptions, Transcriber, collapse_repeats, keep_segment
from live_assist.errors import UserError


def test_jfk(transcriber: Transcriber, shared_audio: Path) -> None:
    text = transcriber.transcribe(decode_audio(str(shared_audio / "jfk.flac")))
    assert "ask not what your country can do for you" in text.lower().replace(",", "")


def test_silence_and_noise_give_no_words(transcriber: Transcriber) -> None:
    rng = np.random.default_rng(0)
    assert transcriber.transcribe(np.zeros(16000 * 3, dtype=np.float32)) == ""
    assert transcriber.transcribe((0.01 * rng.standard_normal(16000 * 3)).astype(np.float32)) == ""


@pytest.mark.parametrize(
    ("looped", "kept"),
    [
        ("no no no no no no", "no no"),
        ("Thank you. Thank you. Thank you. Thank you.", "Thank you. Thank you."),
        ("I think I think that is fine", "I think I think that is fine"),
    ],
)
def test_phrases_repeated_back_to_back_are_collapsed(looped: str, kept: str) -> None:
    assert collapse_repeats(looped) == kept


def test_segments_whisper_doubts_are_dropped() -> None:
    assert keep_segment("hello there", 0.1, -0.3, 1.2)
    assert not keep_segment("Thank you.", 0.9, -1.5, 1.0)  # probably not speech
    assert not keep_segment("the the the the the the the the the the the the", 0.1, -0.2, 4.0)  # a loop
    assert not keep_segment("  ", 0.0, 0.0, 1.0)
    assert not keep_segment(" .", 0.1, -0.3, 1.0)


def test_a_directory_that_is_no_model_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"not weights")
    with pytest.raises(UserError, match="cannot load the speech model") as err:
        Transcriber(AsrOptions(str(tmp_path)))
    assert "\n" not in str(err.value)
