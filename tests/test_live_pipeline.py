"""The live path without a sound card: sounddevice-shaped callback blocks decoded from a real
recording go through the devices layer's pure core into the pipeline, with the real model."""

from __future__ import annotations

import subprocess
import threading
import wave
from pathlib import Path

import numpy as np

from live_assist.asr import Transcriber
from live_assist.audio.blocks import CLIENT_COLUMN, COUNSELOR_COLUMN
from live_assist.audio.live import LiveAssembler, speaker_input, stereo_input
from live_assist.audio.pacing import WallClock
from live_assist.events import SessionEnded, Turn
from live_assist.pipeline import Pipeline


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data.reshape(-1, w.getnchannels()), w.getframerate()


def run_live(inputs, streams: list[np.ndarray], frames: int, transcriber: Transcriber) -> list:
    """Interleave the inputs' callbacks as a sound card would, each `frames` long."""

    def source(on_event, stop):
        assembler = LiveAssembler(inputs, on_event)
        rate = inputs[0].samplerate
        for k in range(0, max(len(s) for s in streams), frames):
            now = k / rate
            for index, stream in enumerate(streams):
                chunk = stream[k : k + frames]
                if len(chunk):
                    yield from assembler.feed(index, np.ascontiguousarray(chunk), False, now)
            yield from assembler.tick(now)

    events: list = []
    pipeline = Pipeline(source, WallClock(), transcriber.transcribe, source_info={"kind": "live"},
                        model_label="tiny.en", settings={})
    pipeline(events.append, threading.Event())
    return events


def said(events: list) -> dict[str, str]:
    out: dict[str, str] = {}
    for turn in (e for e in events if isinstance(e, Turn)):
        out[turn.speaker] = (out.get(turn.speaker, "") + " " + turn.text.lower()).strip()
    return out


def test_one_stereo_device_at_48_khz(tmp_path: Path, shared_audio: Path, transcriber: Transcriber) -> None:
    wav = tmp_path / "card.wav"
    subprocess.run(["sox", str(shared_audio / "stereo_diarization.wav"), "-r", "48000", str(wav)], check=True)
    audio, rate = read_wav(wav)
    events = run_live([stereo_input("USB mixer", rate, "right")], [audio], 1024, transcriber)
    assert isinstance(events[-1], SessionEnded) and events[-1].reason == "finished"
    text = said(events)
    assert "wizard" in text["client"] and "horizon" in text["counselor"]  # counsellor on the right


def test_a_mic_and_a_loopback_at_different_rates(tmp_path: Path, shared_audio: Path, transcriber: Transcriber) -> None:
    mic, loop = tmp_path / "mic.wav", tmp_path / "loop.wav"
    source = str(shared_audio / "stereo_diarization.wav")
    subprocess.run(["sox", source, "-r", "48000", "-c", "1", str(mic), "remix", "1"], check=True)
    subprocess.run(["sox", source, "-r", "48000", "-c", "2", str(loop), "remix", "2", "2"], check=True)
    mic_audio, rate = read_wav(mic)
    loop_audio, _ = read_wav(loop)
    inputs = [speaker_input("Built-in mic", rate, 1, COUNSELOR_COLUMN), speaker_input("Monitor", rate, 2, CLIENT_COLUMN)]
    events = run_live(inputs, [mic_audio, loop_audio], 480, transcriber)
    text = said(events)
    assert "wizard" in text["counselor"] and "horizon" in text["client"]
