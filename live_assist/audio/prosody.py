"""Whether a turn's voice rises at its end: the question mark a recogniser drops.

"So you're drinking a lot?" is a question only by its tune. Whisper writes the words and often
leaves the "?" out (14 of 48 counsellor questions in two synthetic sessions), and without it
the words are a reflection, so the coder misreads the turn. A question said as a statement
ends with the voice going up; a statement ends with it going down. This compares the pitch of
the turn's last voiced moments with the pitch just before them, in semitones, so a high or
low voice, or a speaker's usual range, does not matter.

Pitch comes from the autocorrelation of 40 ms frames (the strongest period between 2.5 and
14 ms, taken only where the frame is clearly periodic): enough for one voice on one channel,
and nothing to install.
"""

from __future__ import annotations

import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE

_FRAME = 640  # 40 ms: at least two periods of the lowest voice looked for
_HOP = 160  # 10 ms
_LOW_HZ, _HIGH_HZ = 70, 400
_VOICED = 0.5  # normalised autocorrelation peak above which a frame counts as voiced
_TAIL_SECONDS = 2.0  # only the end of a turn carries its question tune
# Voiced frames: the end, a gap (the rise starts inside the last syllable), and those before.
_LAST, _GAP, _BEFORE = 6, 6, 12
# How far the end must rise above what came before, in semitones. On synthetic sessions
# (espeak; chosen on transcripts 4 and 7, checked on 44 and 56) 1.0 marks 29 of 43 counsellor
# questions and 4 of 132 statements; 0.5 marks 32 questions and the same statements, 1.5 only 23.
RISE_SEMITONES = 1.0


def _pitch(samples: np.ndarray) -> np.ndarray:
    """Pitch in Hz of each voiced 40 ms frame, in time order (unvoiced frames left out)."""
    n = (len(samples) - _FRAME) // _HOP + 1
    if n <= 0:
        return np.empty(0)
    idx = np.arange(_FRAME)[None, :] + _HOP * np.arange(n)[:, None]
    frames = samples[idx].astype(np.float64)
    frames -= frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, 2 * _FRAME)
    ac = np.fft.irfft(spectrum * np.conj(spectrum))[:, :_FRAME]
    energy = ac[:, 0]
    lo, hi = SAMPLE_RATE // _HIGH_HZ, SAMPLE_RATE // _LOW_HZ
    with np.errstate(invalid="ignore", divide="ignore"):
        window = ac[:, lo:hi + 1] / energy[:, None]
    best = np.nan_to_num(window, nan=0.0).argmax(axis=1)
    peak = window[np.arange(n), best]
    voiced = (energy > 1e-6) & (peak >= _VOICED)
    return SAMPLE_RATE / (lo + best[voiced])


def rises_at_end(samples: np.ndarray) -> bool:
    """Whether the voice in `samples` (16 kHz mono) goes up at its end."""
    pitch = _pitch(samples[-int(_TAIL_SECONDS * SAMPLE_RATE):])
    if len(pitch) < _LAST + _GAP + _BEFORE:
        return False
    semitones = 12 * np.log2(pitch)
    end = np.median(semitones[-_LAST:])
    before = np.median(semitones[-(_LAST + _GAP + _BEFORE):-(_LAST + _GAP)])
    return bool(end - before >= RISE_SEMITONES)


def with_question_tune(text: str, samples: np.ndarray) -> str:
    """`text` ending with "?" when the voice rose at its end and the recogniser left it out."""
    if not text or text.endswith("?") or not rises_at_end(samples):
        return text
    return text.rstrip(" .!,;") + "?"
