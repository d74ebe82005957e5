"""Source -> voice activity -> turns -> speech to text -> coding -> events: one session.

`Pipeline` is a `SessionRunner` (see `live_assist.events`), so the headless printer, the
dashboard and the share all drive it the same way: `pipeline(sink, stop)`. It emits
`session_started` first and `session_ended` last, whatever happens in between: a stop request
or Ctrl-C ends the session with the turns in progress committed, and a failure inside becomes a
`warning` plus a `session_ended` giving the reason, so the log is never left without an end.

All work happens on the calling thread, one block at a time. At a pause of `speculate_after`
the turn so far is transcribed at once; if the speaker then stays quiet the committed turn
reuses that text, so a turn's event follows its last word by about the endpointing silence.
That and partial transcripts only help someone watching, and only while the pipeline keeps
up with the audio (both are skipped when it falls behind); `--fast` has no watcher and
transcribes each turn once, when it is committed.
"""

from __future__ import annotations

import contextlib

import queue
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterator, Sequence

import numpy as np

from live_assist.audio.blocks import AudioBlock
from live_assist.audio.endpointing import (
    SPEAKER_COLUMNS,
    Endpointer,
    EndpointingOptions,
    Pause,
    Segment,
)
from live_assist.audio.history import AudioHistory
from live_assist.audio.pacing import Clock
from live_assist.audio.prosody import with_question_tune
from live_assist.audio.vad import ChannelPairVad
from live_assist.coder import Coder
from live_assist.events import Event, EventSink, Partial, SessionStarted, Utterance, Warning
from live_assist.session import Reaction, SessionCore, metrics_every

# A source is opened inside the runner: it gets a callback for the warnings it raises along
# the way (a damaged file, a lost device) and the stop event.
Source = Callable[[Callable[[Event], None], threading.Event], Iterator[AudioBlock]]
TranscribeFn = Callable[..., str]
# Partial text is a nicety: only when the pipeline is keeping up with the audio.
MAX_BEHIND_FOR_PARTIALS = 0.25


@dataclass(frozen=True)
class PipelineOptions:
    endpointing: EndpointingOptions = field(default_factory=EndpointingOptions)
    speculate: bool = True  # transcribe at pauses, so a turn's text is ready when it ends
    partials: bool = True  # send `partial` events of the turn in progress
    partial_every: float = 2.0  # wall seconds between partial transcripts, at most
    metrics_every: float = 30.0  # session seconds between `metrics` events, at least
    pad: float = 0.1  # seconds of audio kept around a turn's speech for the recogniser


def new_session_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


class Pipeline:
    def __init__(
        self,
        source: Source,
        clock: Clock,
        transcribe: TranscribeFn,
        *,
        source_info: dict,
        model_label: str,
        settings: dict,
        options: PipelineOptions = PipelineOptions(),
        reactions: Sequence[Reaction] = (),
        session_id: str | None = None,
    ) -> None:
        self.session_id = session_id or new_session_id()
        self._source = source
        self._clock = clock
        self._transcribe = transcribe
        self._source_info = source_info
        self._model_label = model_label
        self._settings = settings
        self._options = options
        self._reactions = list(reactions)

    @property
    def clock(self) -> Clock:
        """The playback clock, so a view can show the session time between events."""
        return self._clock

    def __call__(self, sink: EventSink, stop: threading.Event) -> None:
        _Run(self, sink, stop).run()


class _Run:
    """One session's mutable state, so a `Pipeline` can be described before it runs."""

    def __init__(self, pipeline: Pipeline, sink: EventSink, stop: threading.Event) -> None:
        opts = pipeline._options
        self.p = pipeline
        self.opts = opts
        self.stop = stop
        self.clock = pipeline._clock
        self._transcribe = pipeline._transcribe
        self.core = SessionCore(sink, Coder(), [metrics_every(opts.metrics_every), *pipeline._reactions])
        self.vad = ChannelPairVad()
        self.endpointer: Endpointer | None = None
        # Enough for the longest turn plus a backchannel held behind it.
        self.history = AudioHistory(3 * opts.endpointing.max_turn)
        self.warnings: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.speculated: dict[tuple[str, float, float], str] = {}
        self.last_partial = 0.0
        self.position = 0.0  # end of the last block processed, in session seconds
        self.partial_done: dict[str, float] = {}

    def run(self) -> None:
        p = self.p
        self.core.emit(
            SessionStarted(
                session_id=p.session_id,
                started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                source=p._source_info,
                model=p._model_label,
                settings={**p._settings, "endpointing": asdict(self.opts.endpointing)},
            )
        )
        reason = "finished"
        blocks = None
        try:
            blocks = p._source(self.warnings.put, self.stop)
            for block in blocks:
                self._block(block)
                if self.stop.is_set():
                    break
            reason = "stopped" if self.stop.is_set() else "finished"
            self._finish()
        except KeyboardInterrupt:
            reason = "interrupted"
            # An impatient second Ctrl-C may skip transcribing the last turn, never the end of
            # the log: a session without `session_ended` looks like a crash to every reader.
            with contextlib.suppress(KeyboardInterrupt):
                self._finish()
        except Exception as exc:  # noqa: BLE001 - any failure must still end the log cleanly
            message = f"{type(exc).__name__}: {exc}".splitlines()[0]
            self.core.emit(Warning(at=self.clock.now(), kind="error", message=message))
            reason = f"error: {message}"
        finally:
            close = getattr(blocks, "close", None)
            if close is not None:
                close()  # release devices and files now, not when collected
        self._drain_warnings()
        self.core.end(self.clock.now(), reason)

    def _behind(self) -> float:
        """Seconds of audio already delivered that the pipeline has not processed yet."""
        return self.clock.now() - self.position

    def _block(self, block: AudioBlock) -> None:
        self.position = block.end
        self.clock.consumed(block)
        self.history.append(block)
        if self.endpointer is None:
            self.endpointer = Endpointer(self.opts.endpointing, origin=block.start)
        for action in self.endpointer.push(self.vad.push(block.samples)):
            if isinstance(action, Pause):
                self._pause(action)
            else:
                self._commit(action)
        self._drain_warnings()
        self._maybe_partial()

    def _finish(self) -> None:
        if self.endpointer is not None:
            for segment in self.endpointer.flush():
                self._commit(segment)

    def _drain_warnings(self) -> None:
        while True:
            try:
                self.core.emit(self.warnings.get_nowait())
            except queue.Empty:
                return

    def _audio(self, speaker: str, start: float, end: float) -> np.ndarray:
        pad = self.opts.pad
        return self.history.slice(SPEAKER_COLUMNS.index(speaker), start - pad, end + pad)

    def _pause(self, pause: Pause) -> None:
        # Behind by the rest of the silence, the answer (more speech or the end of the turn) is
        # already waiting in the queue: guessing now would only slow the catching up.
        rest = self.opts.endpointing.silence - self.opts.endpointing.speculate_after
        if not self.opts.speculate or self._behind() >= rest:
            return
        text = self._transcribe(self._audio(pause.speaker, pause.start, pause.end))
        key = (pause.speaker, pause.start, pause.end)
        self.speculated = {k: v for k, v in self.speculated.items() if k[0] != pause.speaker}
        self.speculated[key] = text
        if self.opts.partials:
            self._partial(pause.speaker, pause.start, text)

    def _commit(self, segment: Segment) -> None:
        audio = self._audio(segment.speaker, segment.start, segment.end)
        text = self.speculated.pop((segment.speaker, segment.start, segment.end), None)
        if text is None:
            text = self._transcribe(audio)
        if not text:
            return  # the recogniser heard no words: noise the VAD let through
        text = with_question_tune(text, audio)
        utterance = Utterance(segment.speaker, text, round(segment.start, 3), round(segment.end, 3))
        self.core.commit(utterance, emitted_at=round(self.clock.now(), 3))

    def _maybe_partial(self) -> None:
        """Throttled partial text for a long turn still being spoken."""
        if not self.opts.partials or self.endpointer is None or self._behind() > MAX_BEHIND_FOR_PARTIALS:
            return
        if time.monotonic() - self.last_partial < self.opts.partial_every:
            return
        for turn in sorted(self.endpointer.open_turns(), key=lambda t: t.start):
            done = self.partial_done.get(turn.speaker, float("-inf"))
            if turn.end - turn.start < self.opts.partial_every or turn.end - max(done, turn.start) < 1.0:
                continue
            self.last_partial = time.monotonic()
            self.partial_done[turn.speaker] = turn.end
            text = self._transcribe(self._audio(turn.speaker, turn.start, turn.end))
            self._partial(turn.speaker, turn.start, text)
            return

    def _partial(self, speaker: str, start: float, text: str) -> None:
        if text:
            now = round(self.clock.now(), 3)
            self.core.pass_through(Partial(speaker, round(start, 3), text, emitted_at=now))
