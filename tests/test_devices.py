"""The device layer. There is no sound card here, so the capture loop runs against a stand-in
for the sounddevice module that plays blocks decoded from a real recording through the same
callbacks PortAudio would call; device listing and errors also run against the real
sounddevice, which finds no inputs on this machine."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from live_assist.audio import devices as devices_module
from live_assist.audio.blocks import SAMPLE_RATE, AudioBlock
from live_assist.audio.devices import NO_INPUTS, find_input, input_devices, open_live_source
from live_assist.cli import main
from live_assist.errors import UserError
from live_assist.events import Event, Warning
from tests.device_audio import SOURCE, STEREO, decode, similarity

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not STEREO.is_file(), reason=f"shared test audio not found at {STEREO}")


class FakePortAudioError(Exception):
    pass


class FakeStream:
    """Plays a recording through `callback` in PortAudio-sized blocks at `speed` x real time.
    `unplug_at` (seconds of audio) ends the stream the way a pulled USB plug does."""

    def __init__(self, backend: FakeSoundDevice, recording: np.ndarray, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.backend = backend
        self.recording = recording
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._play, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _play(self) -> None:
        rate, blocksize = self.kwargs["samplerate"], self.backend.blocksize
        device = self.kwargs["device"]
        while not self.closed.is_set():
            position = self.backend.positions[device]
            block = self.recording[position : position + blocksize]
            if len(block) < blocksize:
                return
            if self.backend.unplug_at.get(device, float("inf")) <= position / rate:
                self.backend.unplug(device)
                self.kwargs["finished_callback"]()
                return
            time.sleep(blocksize / rate / self.backend.speed)
            self.backend.positions[device] = position + blocksize
            self.kwargs["callback"](block.copy(), blocksize, None, SimpleNamespace(input_overflow=False))

    def close(self, ignore_errors: bool = False) -> None:
        self.closed.set()
        self.thread.join()
        self.backend.closed += 1


class FakeSoundDevice:
    """The parts of the sounddevice module the device layer uses."""

    PortAudioError = FakePortAudioError

    def __init__(self, devices: list[dict[str, Any]], recordings: dict[int, np.ndarray], default: int = 0) -> None:
        self.devices = devices
        self.recordings = recordings
        self.default = SimpleNamespace(device=[default, -1])
        self.positions = {index: 0 for index in recordings}
        self.unplug_at: dict[int, float] = {}
        self.unplugged: set[int] = set()
        self.busy: set[int] = set()  # listed but cannot be opened (another program holds it)
        self.replug_after = 0.3
        self.blocksize = 480
        self.speed = 4.0
        self.opened: list[dict[str, Any]] = []
        self.closed = 0
        self.rescans = 0

    def query_hostapis(self) -> tuple[dict[str, Any], ...]:
        return ({"name": "ALSA"},)

    def query_devices(self) -> list[dict[str, Any]]:
        return [d for d in self.devices if d["index"] not in self.unplugged]

    def InputStream(self, **kwargs: Any) -> FakeStream:  # noqa: N802 - sounddevice's name
        if kwargs["device"] in self.unplugged | self.busy:
            raise FakePortAudioError("Device unavailable")
        self.opened.append(kwargs)
        return FakeStream(self, self.recordings[kwargs["device"]], **kwargs)

    def unplug(self, device: int) -> None:
        self.unplugged.add(device)
        del self.unplug_at[device]
        threading.Timer(self.replug_after, self.unplugged.discard, [device]).start()

    def _terminate(self) -> None:
        self.rescans += 1

    def _initialize(self) -> None:
        pass


def device(index: int, name: str, channels: int, rate: float = 48000.0) -> dict[str, Any]:
    return {"index": index, "name": name, "max_input_channels": channels, "default_samplerate": rate, "hostapi": 0}


def collect(source: Any, seconds: float, timeout: float = 20.0, pause_at: float | None = None) -> list[AudioBlock]:
    """Blocks until `seconds` of audio; `pause_at` stops reading for 1.5 s once, as a
    pipeline busy transcribing a long turn does."""
    blocks: list[AudioBlock] = []
    deadline = time.monotonic() + timeout
    for block in source:
        blocks.append(block)
        if pause_at is not None and block.end >= pause_at:
            time.sleep(1.5)
            pause_at = None
        if block.end >= seconds or time.monotonic() > deadline:
            break
    source.close()
    return blocks


def test_one_stereo_device_streams_both_speakers() -> None:
    backend = FakeSoundDevice(
        [device(0, "Built-in Mic", 1), device(3, "USB Mixer: Line In (hw:2,0)", 2)],
        {3: decode(STEREO, 48_000)},
    )
    events: list[Event] = []
    blocks = collect(open_live_source("usb mixer", None, events.append, sd=backend), 4.8)
    out = np.concatenate([b.samples for b in blocks])
    assert backend.opened[0]["device"] == 3
    assert (backend.opened[0]["channels"], backend.opened[0]["samplerate"], backend.opened[0]["dtype"]) == (
        2,
        48_000,
        "float32",
    )
    assert similarity(out[:, 0], SOURCE[: len(out), 0]) > 0.95
    assert similarity(out[:, 1], SOURCE[: len(out), 1]) > 0.95
    assert events == []
    assert backend.closed == 1, "closing the source closes the stream"


def test_two_devices_by_number_and_name_with_counsellor_on_the_mic() -> None:
    recording = decode(STEREO, 44_100)
    backend = FakeSoundDevice(
        [device(1, "Headset Mic", 1, 44100.0), device(2, "Monitor of Speakers", 2, 44100.0)],
        {1: recording[:, :1], 2: np.repeat(recording[:, 1:], 2, axis=1)},
    )
    backend.blocksize = 441
    events: list[Event] = []
    blocks = collect(open_live_source("1", "monitor", events.append, sd=backend), 4.5, pause_at=1.0)
    out = np.concatenate([b.samples for b in blocks])
    assert events == [], "a consumer falling behind is not a lost device"
    assert similarity(out[:, 0], SOURCE[: len(out), 0]) > 0.95
    assert similarity(out[:, 1], SOURCE[: len(out), 1]) > 0.95
    assert [o["channels"] for o in backend.opened] == [1, 2]
    assert backend.closed == 2


def test_an_unplugged_device_is_reported_and_reopened_when_it_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_module, "RETRY_SECONDS", 0.1)
    backend = FakeSoundDevice([device(3, "USB Mixer", 2)], {3: decode(STEREO, 48_000)}, default=3)
    backend.unplug_at[3] = 1.5
    events: list[Event] = []
    blocks = collect(open_live_source(None, None, events.append, sd=backend), 4.0)
    kinds = [e.kind for e in events if isinstance(e, Warning)]
    assert kinds == ["device_lost", "device_back"]
    assert "its stream stopped" in events[0].message
    assert backend.rescans >= 1, "PortAudio is restarted to see the device again"
    assert len(backend.opened) == 2
    assert blocks[-1].end >= 4.0
    out = np.concatenate([b.samples for b in blocks])
    assert np.abs(out[int(3.0 * SAMPLE_RATE) :]).max() > 0.01, "audio flows again after the return"


DEVICES = [
    devices_module.InputDevice(0, "Built-in Microphone", 1, 48000, "ALSA", True),
    devices_module.InputDevice(4, "USB Headset Mic", 1, 44100, "ALSA", False),
    devices_module.InputDevice(5, "USB Headset Monitor", 2, 44100, "ALSA", False),
]


def test_find_input_by_number_name_part_or_default() -> None:
    assert find_input(DEVICES, "4", "--counselor-device").name == "USB Headset Mic"
    assert find_input(DEVICES, "built-in", "--counselor-device").index == 0
    assert find_input(DEVICES, "usb headset mic", "--counselor-device").index == 4
    assert find_input(DEVICES, None, "--counselor-device").index == 0


def test_unknown_device_is_one_line_listing_the_inputs() -> None:
    with pytest.raises(UserError) as info:
        find_input(DEVICES, "Zoom", "--client-device")
    message = str(info.value)
    assert message == (
        "no input device matches 'Zoom' (--client-device); available inputs: "
        "0: Built-in Microphone; 4: USB Headset Mic; 5: USB Headset Monitor"
    )


def test_ambiguous_device_name_asks_for_the_number() -> None:
    with pytest.raises(UserError, match="matches several input devices .*4: USB Headset Mic; 5: USB"):
        find_input(DEVICES, "usb", "--counselor-device")


def test_one_mono_device_cannot_carry_both_speakers() -> None:
    backend = FakeSoundDevice([device(0, "Built-in Mic", 1)], {})
    with pytest.raises(UserError, match="one input channel.*--client-device"):
        open_live_source(None, None, lambda e: None, sd=backend)


def test_the_same_device_for_both_speakers_is_refused() -> None:
    backend = FakeSoundDevice([device(0, "Built-in Mic", 2)], {})
    with pytest.raises(UserError, match="both 'Built-in Mic'"):
        open_live_source("0", "mic", lambda e: None, sd=backend)


def test_a_device_that_cannot_be_opened_is_one_line() -> None:
    backend = FakeSoundDevice([device(3, "USB Mixer", 2)], {3: decode(STEREO, 48_000)}, default=3)
    backend.busy.add(3)
    source = open_live_source(None, None, lambda e: None, sd=backend)
    with pytest.raises(UserError, match="cannot open the audio device 'USB Mixer': Device unavailable"):
        next(source)


def test_no_sound_card_here_gives_no_input_devices_found() -> None:
    sd = devices_module.load_sounddevice()
    if input_devices(sd):
        pytest.skip("this machine has audio inputs")
    with pytest.raises(UserError) as info:
        open_live_source("Headset", None, lambda e: None)
    assert str(info.value) == NO_INPUTS


def test_devices_command_without_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    if input_devices(devices_module.load_sounddevice()):
        pytest.skip("this machine has audio inputs")
    assert main(["devices"]) == 1
    assert capsys.readouterr().out.startswith("No input devices found: connect a microphone")


def test_devices_command_lists_inputs_and_marks_the_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = FakeSoundDevice(
        [device(0, "Built-in Mic", 2), device(1, "Speakers", 0), device(2, "Monitor of Speakers", 2, 44100.0)], {}
    )
    monkeypatch.setattr("live_assist.commands.devices.load_sounddevice", lambda: backend)
    assert main(["devices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3, "output-only devices are not listed"
    assert lines[1].split() == ["*", "0", "Built-in", "Mic", "2", "48000", "ALSA"]
    assert lines[2].split() == ["2", "Monitor", "of", "Speakers", "2", "44100", "ALSA"]


def test_missing_portaudio_says_what_to_install() -> None:
    code = (
        "import ctypes.util; ctypes.util.find_library = lambda name: None\n"
        "from live_assist.cli import main; raise SystemExit(main(['devices']))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "live-assist: error: the PortAudio library is not installed; install it (Debian/Ubuntu: "
        "sudo apt install libportaudio2; macOS: brew install portaudio) and try again"
    ]
