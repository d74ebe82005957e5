"""The thin sounddevice layer: find input devices, open their streams, and pump each
callback's block into the pure core (`live_assist.audio.live`), which does everything that
can be tested without a sound card.

Which device is whom: with one device (no client device), it must have two channels and
carries the counsellor on `counselor_channel` (left by default) and the client on the
other, e.g. a mixer or a virtual device combining mic and call. With two devices, the
first is the counsellor's microphone and the second the call's audio (a loopback or
monitor device); a two-channel device for one speaker is averaged to mono.

A device that disappears is closed and reopened every `RETRY_SECONDS`. PortAudio only
rescans the system's devices when it is restarted, which would break a stream still in
use, so it is restarted only once every stream is closed.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Iterator

import numpy as np

from live_assist.audio.blocks import CLIENT_COLUMN, COUNSELOR_COLUMN, AudioBlock
from live_assist.audio.live import Channel, LiveAssembler, LiveInput, speaker_input, stereo_input
from live_assist.errors import UserError
from live_assist.events import EventSink

POLL_SECONDS = 0.1
RETRY_SECONDS = 2.0
NO_INPUTS = (
    "no input devices found: connect a microphone (and a loopback or monitor device for the "
    "call's audio) and check that your user may record audio"
)


def load_sounddevice() -> ModuleType:
    """sounddevice, or a one-line error when the PortAudio library it loads is missing."""
    try:
        import sounddevice
    except OSError:
        raise UserError(
            "the PortAudio library is not installed; install it (Debian/Ubuntu: sudo apt install "
            "libportaudio2; macOS: brew install portaudio) and try again"
        ) from None
    return sounddevice


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    samplerate: int
    hostapi: str
    is_default: bool


def input_devices(sd: ModuleType) -> list[InputDevice]:
    hostapis = sd.query_hostapis()
    default = sd.default.device[0]
    return [
        InputDevice(
            d["index"],
            d["name"],
            d["max_input_channels"],
            int(d["default_samplerate"]),
            hostapis[d["hostapi"]]["name"],
            d["index"] == default,
        )
        for d in sd.query_devices()
        if d["max_input_channels"] > 0
    ]


def find_input(devices: list[InputDevice], wanted: str | None, flag: str) -> InputDevice:
    """The device a user named by number, full name or part of its name (case ignored);
    None means the system's default input."""
    if not devices:
        raise UserError(NO_INPUTS)
    if wanted is None:
        default = [d for d in devices if d.is_default]
        if not default:
            raise UserError(f"there is no default input device; choose one with {flag} (see live-assist devices)")
        return default[0]
    text = wanted.strip().lower()
    matches = [d for d in devices if str(d.index) == text or d.name.lower() == text]
    matches = matches or [d for d in devices if text in d.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        listing = "; ".join(f"{d.index}: {d.name}" for d in devices)
        raise UserError(f"no input device matches {wanted!r} ({flag}); available inputs: {listing}")
    listing = "; ".join(f"{d.index}: {d.name}" for d in matches)
    raise UserError(f"{wanted!r} ({flag}) matches several input devices ({listing}); give its number")


def open_live_source(
    counselor_device: str | None,
    client_device: str | None,
    on_event: EventSink,
    *,
    counselor_channel: Channel = "left",
    sd: ModuleType | None = None,
) -> Iterator[AudioBlock]:
    """AudioBlocks captured from the devices, until the consumer stops iterating (closing
    the iterator closes the streams). Device problems are checked here, before any audio:
    a bad choice is a one-line `UserError`. `client_device` None means one stereo device.
    `on_event` gets the device warnings, always on the thread that iterates."""
    sd = sd or load_sounddevice()
    devices = input_devices(sd)
    counselor = find_input(devices, counselor_device, "--counselor-device")
    if client_device is None:
        if counselor.channels < 2:
            raise UserError(
                f"{counselor.name!r} has one input channel, so it cannot carry both speakers; "
                "give the call's audio with --client-device (see live-assist devices)"
            )
        inputs = [(counselor, stereo_input(counselor.name, counselor.samplerate, counselor_channel))]
    else:
        client = find_input(devices, client_device, "--client-device")
        if client.index == counselor.index:
            raise UserError(
                f"the counsellor and client devices are both {counselor.name!r}; for one stereo "
                "device leave out --client-device"
            )
        inputs = [
            (d, speaker_input(d.name, d.samplerate, min(d.channels, 2), column))
            for d, column in ((counselor, COUNSELOR_COLUMN), (client, CLIENT_COLUMN))
        ]
    return _Capture(sd, inputs, on_event).blocks()


class _Capture:
    """The streams of one live session and the loop that feeds the core."""

    def __init__(
        self,
        sd: ModuleType,
        inputs: list[tuple[InputDevice, LiveInput]],
        on_event: EventSink,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sd = sd
        self._devices = [device for device, _ in inputs]
        self._specs = [spec for _, spec in inputs]
        self._core = LiveAssembler(self._specs, on_event)
        self._clock = clock
        # Callbacks run on PortAudio's thread: they only queue a copy of the block with the time
        # it arrived, tagged with the stream it came from so that a closed stream's last blocks
        # are ignored. The consumer may fall behind (a long transcription), so blocks carry
        # their own arrival time and stalls are judged only once the queue is drained.
        self._queue: queue.SimpleQueue[tuple[object, int, np.ndarray | None, bool, float]] = queue.SimpleQueue()
        self._streams: list[Any] = [None] * len(inputs)
        self._tokens: list[object | None] = [None] * len(inputs)
        self._next_retry = [0.0] * len(inputs)

    def blocks(self) -> Iterator[AudioBlock]:
        try:
            for index, device in enumerate(self._devices):
                try:
                    self._open(index)
                except self._sd.PortAudioError as exc:
                    raise UserError(f"cannot open the audio device {device.name!r}: {exc}") from None
            while True:
                try:
                    token, index, indata, overflow, arrived = self._queue.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    token = None
                if token is not None and token is self._tokens[index]:
                    if indata is None:
                        self._core.lose(index, "its stream stopped", arrived)
                    else:
                        yield from self._core.feed(index, indata, overflow, arrived)
                if self._queue.empty():
                    now = self._clock()
                    yield from self._core.tick(now)
                    self._retry_lost(now)
        finally:
            for index in range(len(self._streams)):
                self._close(index)

    def _open(self, index: int) -> None:
        spec, token = self._specs[index], object()

        def callback(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            self._queue.put((token, index, indata.copy(), bool(status.input_overflow), self._clock()))

        def finished() -> None:
            self._queue.put((token, index, None, False, self._clock()))

        stream = self._sd.InputStream(
            device=self._devices[index].index,
            channels=spec.channels,
            samplerate=spec.samplerate,
            dtype="float32",
            callback=callback,
            finished_callback=finished,
        )
        self._streams[index], self._tokens[index] = stream, token
        stream.start()

    def _close(self, index: int) -> None:
        stream = self._streams[index]
        self._streams[index], self._tokens[index] = None, None
        if stream is not None:
            stream.close(ignore_errors=True)

    def _retry_lost(self, now: float) -> None:
        for index in range(len(self._streams)):
            if not self._core.is_lost(index) or now < self._next_retry[index]:
                continue
            self._next_retry[index] = now + RETRY_SECONDS
            self._close(index)
            if all(stream is None for stream in self._streams) and not self._rescan(index):
                continue
            try:
                self._open(index)
            except self._sd.PortAudioError:
                self._close(index)

    def _rescan(self, index: int) -> bool:
        """Restart PortAudio to see devices plugged in since, and find ours again by name
        (its number may have changed). False if it is not there."""
        self._sd._terminate()
        self._sd._initialize()
        name = self._devices[index].name
        for device in input_devices(self._sd):
            if device.name == name:
                self._devices[index] = device
                return True
        return False
