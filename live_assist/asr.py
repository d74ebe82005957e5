"""Speech to text for committed turns: one faster-whisper model shared by both speakers.

Each turn is transcribed on its own, once, from its own audio: no text carries over from one
turn to the next, so one misheard turn cannot poison the rest of the session. Whisper invents
text for silence and noise and loops on itself; the guards against that are, in order: only
audio the VAD called speech reaches the model (the endpointer's job), segments Whisper itself
thinks are not speech are dropped (`no_speech_prob`), segments that compress too well are
dropped (a loop), and phrases repeated back to back are collapsed.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE
from live_assist.errors import UserError

NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
MAX_COMPRESSION_RATIO = 2.4
MAX_REPEATS = 2


@dataclass(frozen=True)
class AsrOptions:
    model: str
    device: str = "cpu"
    compute_type: str = "default"  # int8 on CPU, float16 on CUDA (see `resolved_compute_type`)
    cpu_threads: int = 0  # 0 = let CTranslate2 decide

    @property
    def resolved_compute_type(self) -> str:
        if self.compute_type != "default":
            return self.compute_type
        return "int8" if self.device == "cpu" else "float16"


def _compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data)))


_REPEAT = re.compile(r"(\b.{1,80}?[.!?,]?)(?:\s*\1){%d,}" % MAX_REPEATS, re.IGNORECASE)


def collapse_repeats(text: str) -> str:
    """'no no no no no' -> 'no no': a phrase said three or more times in a row is a decoder loop."""
    previous = None
    while previous != text:
        previous = text
        text = _REPEAT.sub(lambda m: " ".join([m.group(1).strip()] * MAX_REPEATS), text)
    return re.sub(r"\s+", " ", text).strip()


def keep_segment(text: str, no_speech_prob: float, avg_logprob: float, compression_ratio: float) -> bool:
    """Whisper's own hallucination tests, applied per segment."""
    if not any(ch.isalnum() for ch in text):
        return False  # a lone "." or "-": nothing said
    if no_speech_prob > NO_SPEECH_PROB and avg_logprob < LOW_LOGPROB:
        return False
    return compression_ratio <= MAX_COMPRESSION_RATIO


class Transcriber:
    """Loads the model once, warms it up, then turns a turn's samples into text."""

    def __init__(self, options: AsrOptions) -> None:
        from faster_whisper import WhisperModel

        self.options = options
        try:
            self._model = WhisperModel(
                options.model,
                device=options.device,
                compute_type=options.resolved_compute_type,
                cpu_threads=options.cpu_threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise UserError(f"cannot load the speech model {options.model}: {reason}") from None
        # The first call pays for allocations and kernel selection; pay it before the session.
        self.transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32))

    def transcribe(self, samples: np.ndarray) -> str:
        segments, _ = self._model.transcribe(
            samples.astype(np.float32, copy=False),
            # Beam search: on the dev sessions it gets more of the words the coder keys on
            # ("is that", question wording) right than greedy decoding, for about the same
            # time, since the encoder dominates the cost of a short turn.
            beam_size=5,
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
            no_speech_threshold=NO_SPEECH_PROB,
            log_prob_threshold=LOW_LOGPROB,
            compression_ratio_threshold=MAX_COMPRESSION_RATIO,
        )
        kept = [
            s.text
            for s in segments
            if keep_segment(s.text, s.no_speech_prob, s.avg_logprob, _compression_ratio(s.text))
        ]
        return collapse_repeats(" ".join(t.strip() for t in kept))
