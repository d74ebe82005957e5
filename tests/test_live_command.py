"""`live-assist live` with the device layer playing a real recording through PortAudio-shaped
callbacks (there is no sound card here): who said what, device warnings in the session, and
device errors as one line before anything starts."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from live_assist.audio import devices as devices_module
from live_assist.cli import build_parser, main
from live_assist.commands.live import build_runner
from live_assist.events import SessionEnded, SessionStarted, Turn, Warning
from tests.device_audio import STEREO, decode
from tests.test_devices import FakeSoundDevice, device


def test_live_session_from_a_mic_and_a_monitor(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_module, "RETRY_SECONDS", 0.1)
    recording = decode(STEREO, 48_000)
    backend = FakeSoundDevice(
        [device(1, "Headset Mic", 1), device(2, "Monitor of Speakers", 2)],
        {1: recording[:, :1], 2: np.repeat(recording[:, 1:], 2, axis=1)},
    )
    backend.unplug_at[2] = 4.0  # the call's audio device goes away near the end
    args = build_parser().parse_args(
        ["live", "--counselor-device", "headset", "--client-device", "monitor", "--model", str(tiny_model),
         "--cpu-threads", "2", "--headless"]
    )
    runner = build_runner(args, sd=backend)
    events: list = []
    stop = threading.Event()
    timer = threading.Timer(4.0, stop.set)  # 5 s of audio plays in 1.25 s; then Ctrl-C, in effect
    timer.start()
    try:
        runner(events.append, stop)
    finally:
        timer.cancel()
    assert isinstance(events[0], SessionStarted) and events[0].source["kind"] == "live"
    assert isinstance(events[-1], SessionEnded) and events[-1].reason == "stopped"
    said = {t.speaker: t.text.lower() for t in events if isinstance(t, Turn)}
    assert "wizard" in said["counselor"] and "horizon" in said["client"]
    assert "device_lost" in [e.kind for e in events if isinstance(e, Warning)]
    assert backend.closed == len(backend.opened), "every stream is closed at the end"


def test_an_unknown_device_is_one_line_listing_the_inputs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    backend = FakeSoundDevice([device(1, "Headset Mic", 1), device(2, "Monitor of Speakers", 2)], {})
    monkeypatch.setattr(devices_module, "load_sounddevice", lambda: backend)
    log = tmp_path / "s.jsonl"
    assert main(["live", "--counselor-device", "zoom", "--session-log", str(log), "--headless"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'zoom'" in err and "Headset Mic" in err and "Monitor of Speakers" in err
    assert not log.exists()
