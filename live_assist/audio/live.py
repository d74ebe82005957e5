"""The pure core of live capture: sounddevice-shaped callback blocks in, AudioBlocks out.

Nothing here touches a sound card, so all of it is tested by feeding blocks decoded from
files. The thin layer in `live_assist.audio.devices` opens the streams, forwards each
callback's `(indata, status.input_overflow)` to `LiveAssembler.feed` and calls `tick`
regularly with the wall clock.

Policy, in the words a counsellor would see it:
- Each input is resampled to 16 kHz with PyAV (one resampler per input, since two devices
  run at their own rates), and its channels are routed into the counsellor and client
  columns (a stereo device: one channel each; a device for one speaker: its channels
  averaged).
- Two devices are aligned by sample count. Their clocks drift apart slowly and an overflow
  drops samples on one side, so when one speaker's column falls more than `max_skew`
  behind the other it is padded with silence: speech is never dropped, and the two stay
  within `max_skew` of each other.
- Input overflows (the computer did not read the device in time and samples were lost) are
  counted and reported as a `warning` event at most every `overflow_report` seconds.
- A device that stops delivering for `stall` seconds, or whose stream ends, is lost: a
  `warning` event, then silence for its speaker so the session goes on (the other speaker
  is still transcribed, and the session clock keeps running even if every device is lost).
  When blocks arrive again it is back: another `warning`, and its audio resumes aligned
  with the present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping, Sequence

import av
import numpy as np

from live_assist.audio.blocks import CLIENT_COLUMN, COUNSELOR_COLUMN, SAMPLE_RATE, AudioBlock
from live_assist.events import EventSink, Warning

SPEAKER_WORDS = {COUNSELOR_COLUMN: "counsellor", CLIENT_COLUMN: "client"}
Channel = Literal["left", "right"]


@dataclass(frozen=True)
class LiveInput:
    """One capture stream as opened: its name for messages, its rate and channel count, and
    which of its channels (averaged) make up each speaker column it feeds."""

    name: str
    samplerate: int
    channels: int
    routes: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def speakers(self) -> str:
        return " and ".join(SPEAKER_WORDS[c] for c in sorted(self.routes))


def stereo_input(name: str, samplerate: int, counselor_channel: Channel = "left") -> LiveInput:
    """One two-channel device carrying both speakers (e.g. a mixer or a virtual device)."""
    counselor = 0 if counselor_channel == "left" else 1
    return LiveInput(name, samplerate, 2, {COUNSELOR_COLUMN: (counselor,), CLIENT_COLUMN: (1 - counselor,)})


def speaker_input(name: str, samplerate: int, channels: int, column: int) -> LiveInput:
    """A device for one speaker: the mic for the counsellor, a loopback/monitor for the client."""
    return LiveInput(name, samplerate, channels, {column: tuple(range(channels))})


@dataclass
class _InputState:
    spec: LiveInput
    resampler: av.AudioResampler
    last_fed: float
    lost: bool = False
    overflows: int = 0
    unreported_overflows: int = 0
    last_overflow_report: float | None = None


def _resampler(spec: LiveInput) -> av.AudioResampler:
    layout = "mono" if len(spec.routes) == 1 else "stereo"
    return av.AudioResampler(format="flt", layout=layout, rate=SAMPLE_RATE)


class LiveAssembler:
    """Turns callback blocks from one or two inputs into aligned two-column AudioBlocks."""

    def __init__(
        self,
        inputs: Sequence[LiveInput],
        on_event: EventSink,
        *,
        stall: float = 1.0,
        max_skew: float = 0.5,
        overflow_report: float = 5.0,
        min_block: float = 0.05,
    ) -> None:
        columns = sorted(c for spec in inputs for c in spec.routes)
        if columns != [COUNSELOR_COLUMN, CLIENT_COLUMN]:
            raise ValueError("the inputs must feed the counsellor and the client column exactly once each")
        self._on_event = on_event
        self._stall = stall
        self._max_skew = round(max_skew * SAMPLE_RATE)
        self._overflow_report = overflow_report
        self._min_block = round(min_block * SAMPLE_RATE)
        self._inputs = [_InputState(spec, _resampler(spec), 0.0) for spec in inputs]
        self._owner = {c: i for i, spec in enumerate(inputs) for c in spec.routes}
        self._pending: list[list[np.ndarray]] = [[], []]
        self._written = [0, 0]
        self._emitted = 0
        self._started: float | None = None

    @property
    def position(self) -> float:
        """Session seconds of audio handed out so far (the live playback clock)."""
        return self._emitted / SAMPLE_RATE

    def is_lost(self, index: int) -> bool:
        return self._inputs[index].lost

    def overflow_count(self, index: int) -> int:
        return self._inputs[index].overflows

    def feed(self, index: int, indata: np.ndarray, overflow: bool, now: float) -> list[AudioBlock]:
        """One callback's worth of audio from input `index`: float32 (frames, channels)."""
        self._start(now)
        state = self._inputs[index]
        if indata.ndim != 2 or indata.shape[1] != state.spec.channels:
            raise ValueError(f"{state.spec.name}: expected (frames, {state.spec.channels}) samples, got {indata.shape}")
        if state.lost:
            self._back(index, now - len(indata) / state.spec.samplerate)
        state.last_fed = now
        if overflow:
            state.overflows += 1
            state.unreported_overflows += 1
        columns = sorted(state.spec.routes)
        routed = np.stack([indata[:, state.spec.routes[c]].mean(axis=1) for c in columns], axis=1)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(routed, dtype=np.float32).reshape(1, -1),
            format="flt",
            layout="mono" if len(columns) == 1 else "stereo",
        )
        frame.sample_rate = state.spec.samplerate
        for out in state.resampler.resample(frame):
            samples = out.to_ndarray().reshape(-1, len(columns))
            for k, column in enumerate(columns):
                self._append(column, samples[:, k])
        self._report_overflows(now)
        return self._emit()

    def lose(self, index: int, reason: str, now: float) -> None:
        """Input `index` is gone (its stream ended or failed): silence for its speaker."""
        self._start(now)
        state = self._inputs[index]
        if state.lost:
            return
        state.lost = True
        who = state.spec.speakers
        self._warn(
            "device_lost",
            f"Lost the {who} audio device {state.spec.name!r} ({reason}); carrying on with silence "
            f"for the {who} until it comes back",
        )

    def tick(self, now: float) -> list[AudioBlock]:
        """Call regularly (a few times a second) with the wall clock, blocks or not."""
        started = self._start(now)
        for index, state in enumerate(self._inputs):
            if not state.lost and now - state.last_fed >= self._stall:
                self.lose(index, f"no audio for {now - state.last_fed:.1f} s", now)
        if all(state.lost for state in self._inputs):
            wall = round((now - started) * SAMPLE_RATE)
            for column in (COUNSELOR_COLUMN, CLIENT_COLUMN):
                self._pad(column, wall)
        self._report_overflows(now)
        return self._emit()

    def _start(self, now: float) -> float:
        """The wall time of the first call: the session clock's zero."""
        if self._started is None:
            self._started = now
            for state in self._inputs:
                state.last_fed = now
        return self._started

    def _back(self, index: int, resumed_at: float) -> None:
        """Input `index` delivers again; its first new sample was captured at `resumed_at`."""
        state = self._inputs[index]
        # With another input still live, its audio is the clock; otherwise the wall clock is.
        present = max(self._written)
        if all(s.lost for s in self._inputs):
            present = max(present, round((resumed_at - self._start(resumed_at)) * SAMPLE_RATE))
        state.lost = False
        # Whatever the old resampler still held belongs to the audio before the gap.
        state.resampler = _resampler(state.spec)
        for column in state.spec.routes:
            self._pad(column, present)
        self._warn("device_back", f"The {state.spec.speakers} audio device {state.spec.name!r} is back")

    def _append(self, column: int, samples: np.ndarray) -> None:
        if len(samples):
            self._pending[column].append(samples.astype(np.float32, copy=False))
            self._written[column] += len(samples)

    def _pad(self, column: int, until: int) -> None:
        if until > self._written[column]:
            self._append(column, np.zeros(until - self._written[column], dtype=np.float32))

    def _emit(self) -> list[AudioBlock]:
        lead = max(self._written)
        for column in (COUNSELOR_COLUMN, CLIENT_COLUMN):
            if self._inputs[self._owner[column]].lost or lead - self._written[column] > self._max_skew:
                self._pad(column, lead)
        ready = min(self._written) - self._emitted
        if ready < self._min_block:
            return []
        columns = [self._take(column, ready) for column in (COUNSELOR_COLUMN, CLIENT_COLUMN)]
        block = AudioBlock(np.stack(columns, axis=1), self._emitted / SAMPLE_RATE)
        self._emitted += ready
        return [block]

    def _take(self, column: int, count: int) -> np.ndarray:
        joined = np.concatenate(self._pending[column]) if self._pending[column] else np.zeros(0, np.float32)
        rest = joined[count:]
        self._pending[column] = [rest] if len(rest) else []
        return joined[:count]

    def _report_overflows(self, now: float) -> None:
        for state in self._inputs:
            due = state.last_overflow_report is None or now - state.last_overflow_report >= self._overflow_report
            if state.unreported_overflows and due:
                self._warn(
                    "input_overflow",
                    f"The {state.spec.speakers} audio ({state.spec.name!r}) lost samples "
                    f"{state.unreported_overflows} time(s) since the last warning, {state.overflows} in all "
                    "(input overflow: the computer is too busy to keep up)",
                )
                state.unreported_overflows = 0
                state.last_overflow_report = now

    def _warn(self, kind: str, message: str) -> None:
        self._on_event(Warning(at=self.position, kind=kind, message=message))
