"""Turn segmentation from two speakers' voice activity: when does a turn end, and whose is it.

Pure logic over per-window speech probabilities (see `vad.py`), so it is tested on synthetic
signals with no model. Policy, per speaker (one channel each):

- A window is speech when its probability reaches `threshold`; once speaking, a speaker stays
  speaking until it falls below `neg_threshold` (Silero's own hysteresis).
- A turn opens at the first speech window and ends once its speaker has been silent for
  `silence` seconds, or earlier when the other speaker takes the floor: speaks for longer
  than `backchannel` seconds, all of it after this speaker's last word.
- Shorter speech of the other speaker ("mm-hmm", "yeah") is a backchannel: it never ends or
  splits the open turn. It still becomes a (short) turn of its own, released after the turn
  it interrupted, so turns come out in conversation order and each turn's context is right.
  Longer turns are released as soon as they end, even when they overlap an open turn.
- A long turn is committed in pieces (Whisper hears at most 30 s, and a monologue should not
  wait until its end to be shown): once it is longer than `long_turn`, the first pause of
  `cut_pause` seconds ends the piece; with no such pause it is cut hard at `max_turn`. The
  rest continues as a new turn of the same speaker. Shorter turns are never split, however
  they pause, since a question often comes at the end of a long turn.
- A turn with less than `min_speech` seconds of speech is noise and is dropped.
- After `speculate_after` seconds of silence a `Pause` is reported once, so the caller can
  transcribe the turn so far while waiting to learn whether the speaker goes on: when the turn
  then ends with no more speech its text is already there (the latency trick).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from live_assist.audio.blocks import SAMPLE_RATE
from live_assist.audio.vad import WINDOW
from live_assist.codes import CLIENT, COUNSELOR

SPEAKER_COLUMNS = (COUNSELOR, CLIENT)
FRAME = WINDOW / SAMPLE_RATE


@dataclass(frozen=True)
class EndpointingOptions:
    silence: float = 0.5
    backchannel: float = 1.0
    long_turn: float = 20.0
    max_turn: float = 28.0
    cut_pause: float = 0.15
    min_speech: float = 0.15
    speculate_after: float = 0.2
    threshold: float = 0.5
    neg_threshold: float = 0.35


@dataclass(frozen=True)
class Segment:
    """A committed stretch of one speaker's speech, in session seconds."""

    speaker: str
    start: float
    end: float


@dataclass(frozen=True)
class Pause:
    """The speaker of an open turn has gone quiet; the turn so far is `start`..`end`."""

    speaker: str
    start: float
    end: float


@dataclass
class _Channel:
    speaker: str
    speaking: bool = False
    turn_start: float | None = None
    last_speech_end: float = 0.0
    speech: float = 0.0
    run_start: float | None = None  # start of the current uninterrupted speech run
    paused_reported: bool = False

    @property
    def open(self) -> bool:
        return self.turn_start is not None


@dataclass
class Endpointer:
    """Feed window decisions for both channels; get `Pause`s and `Segment`s back in order."""

    options: EndpointingOptions = field(default_factory=EndpointingOptions)
    origin: float = 0.0  # session time of the first window

    def __post_init__(self) -> None:
        self._channels = [_Channel(s) for s in SPEAKER_COLUMNS]
        self._frames = 0
        self._held: list[Segment] = []  # backchannels waiting for the turn they interrupted
        self._ready: list[Segment] = []

    @property
    def now(self) -> float:
        return self.origin + self._frames * FRAME

    def open_turns(self) -> list[Segment]:
        """Turns in progress, up to their last speech so far (for partial transcripts)."""
        return [
            Segment(ch.speaker, ch.turn_start, ch.last_speech_end)
            for ch in self._channels
            if ch.turn_start is not None and ch.speech > 0
        ]

    def push(self, probs: np.ndarray) -> list[Segment | Pause]:
        """Consume (windows, 2) speech probabilities [counsellor, client]."""
        out: list[Segment | Pause] = []
        for row in np.asarray(probs, dtype=np.float32).reshape(-1, 2):
            t0 = self.now
            self._frames += 1
            t1 = self.now
            for ch, p in zip(self._channels, row):
                self._step(ch, float(p), t0, t1)
            for i, ch in enumerate(self._channels):
                out.extend(self._check(ch, self._channels[1 - i], t1))
            out.extend(self._release())
        return out

    def flush(self) -> list[Segment]:
        """The source ended: commit whatever is open and release everything held."""
        for ch in self._channels:
            self._commit(ch, ch.last_speech_end)
        released = sorted(self._ready + self._held, key=lambda s: s.start)
        self._held, self._ready = [], []
        return released

    def _step(self, ch: _Channel, p: float, t0: float, t1: float) -> None:
        o = self.options
        speaking = p >= o.threshold or (ch.speaking and p >= o.neg_threshold)
        if speaking:
            if not ch.open:
                ch.turn_start, ch.speech = t0, 0.0
            if not ch.speaking:
                ch.run_start = t0
            ch.paused_reported = False
            ch.speech += t1 - t0
            ch.last_speech_end = t1
        else:
            ch.run_start = None
        ch.speaking = speaking

    def _check(self, ch: _Channel, other: _Channel, now: float) -> list[Pause]:
        o = self.options
        if not ch.open:
            return []
        if not ch.speaking:
            quiet = now - ch.last_speech_end
            floor_taken = (
                other.run_start is not None
                and other.run_start >= ch.last_speech_end
                and now - other.run_start > o.backchannel
            )
            long_turn = ch.last_speech_end - ch.turn_start >= o.long_turn and quiet >= o.cut_pause
            if quiet >= o.silence or floor_taken or long_turn:
                self._commit(ch, ch.last_speech_end)
                return []
            if quiet >= o.speculate_after and not ch.paused_reported and ch.speech >= o.min_speech:
                ch.paused_reported = True
                return [Pause(ch.speaker, ch.turn_start, ch.last_speech_end)]
        elif now - ch.turn_start >= o.max_turn:
            self._commit(ch, now, reopen_at=now)
        return []

    def _commit(self, ch: _Channel, end: float, reopen_at: float | None = None) -> None:
        if ch.turn_start is not None and ch.speech >= self.options.min_speech:
            segment = Segment(ch.speaker, ch.turn_start, end)
            if ch.speech <= self.options.backchannel:
                self._held.append(segment)
            else:
                self._ready.append(segment)
        ch.turn_start, ch.speech = reopen_at, 0.0
        ch.paused_reported = False

    def _release(self) -> list[Segment]:
        """Committed turns, and backchannels once the turn they interrupted has ended."""
        self._held.sort(key=lambda s: s.start)
        out, self._ready = self._ready, []
        while self._held:
            seg = self._held[0]
            blocking = [
                ch
                for ch in self._channels
                if ch.speaker != seg.speaker and ch.open and ch.turn_start < seg.start
            ]
            if blocking:
                break
            out.append(self._held.pop(0))
        return out
