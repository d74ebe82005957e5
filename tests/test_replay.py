"""`live-assist replay` end to end with the real model on real and synthetic recordings: who
said what, the session log, pacing, stopping, and bad input."""

from __future__ import annotations

import json
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from live_assist.audio.blocks import AudioBlock
from live_assist.audio.pacing import Clock
from live_assist.cli import main
from live_assist.events import SessionEnded, SessionStarted, Turn, Warning
from live_assist.pipeline import Pipeline
from live_assist.session_log import read_log

REPO = Path(__file__).resolve().parents[1]


def replay(tmp_path: Path, model: Path, *args: str) -> tuple[int, list]:
    log = tmp_path / f"log-{len(list(tmp_path.iterdir()))}.jsonl"
    code = main(["replay", *args, "--model", str(model), "--session-log", str(log), "--cpu-threads", "2"])
    return code, (list(read_log(log)) if log.exists() else [])


def turns(events: list) -> list[Turn]:
    return [e for e in events if isinstance(e, Turn)]


def test_each_channel_is_attributed_to_its_speaker(tmp_path: Path, tiny_model: Path, shared_audio: Path) -> None:
    stereo = str(shared_audio / "stereo_diarization.wav")
    code, events = replay(tmp_path, tiny_model, stereo, "--fast")
    assert code == 0
    said = {t.speaker: t.text.lower() for t in turns(events)}
    assert "wizard" in said["counselor"] and "horizon" in said["client"]
    code, events = replay(tmp_path, tiny_model, stereo, "--fast", "--counselor-channel", "right")
    said = {t.speaker: t.text.lower() for t in turns(events)}
    assert "horizon" in said["counselor"] and "wizard" in said["client"]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def test_synthetic_session_every_utterance_lands_in_its_speakers_turn(
    tmp_path: Path, tiny_model: Path, tts_session: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, events = replay(tmp_path, tiny_model, str(tts_session), "--fast")
    assert code == 0
    truth = [json.loads(line) for line in tts_session.with_suffix(".truth.jsonl").read_text().splitlines()]
    got = turns(events)
    for utt in truth:
        best = max(got, key=lambda t: _overlap(t.start, t.end, utt["start"], utt["end"]))
        assert _overlap(best.start, best.end, utt["start"], utt["end"]) > 0, utt["text"]
        assert best.speaker == {"therapist": "counselor", "client": "client"}[utt["speaker"]], utt["text"]
    joined = " ".join(t.text.lower() for t in got)
    assert "what else can you tell me about your drinking" in joined
    # The log frames the session and the printout has one line per turn plus the summary.
    assert isinstance(events[0], SessionStarted) and isinstance(events[-1], SessionEnded)
    assert events[-1].reason == "finished"
    assert events[-1].summary["counselor_turns"] == sum(t.speaker == "counselor" for t in got)
    assert all(t.emitted_at >= t.end for t in got)
    out = capsys.readouterr().out
    assert sum(line.startswith("[") for line in out.splitlines()) == len(got)
    assert "counsellor talk share" in out


def test_paced_replay_gives_the_same_turns_as_fast(tmp_path: Path, tiny_model: Path, shared_audio: Path) -> None:
    stereo = str(shared_audio / "stereo_diarization.wav")
    _, fast = replay(tmp_path, tiny_model, stereo, "--fast")
    started = time.monotonic()
    _, paced = replay(tmp_path, tiny_model, stereo, "--speed", "4")
    assert time.monotonic() - started >= 5.0 / 4  # it really waited for the audio
    assert [(t.speaker, t.text, t.start, t.end) for t in turns(paced)] == [
        (t.speaker, t.text, t.start, t.end) for t in turns(fast)
    ]
    assert any(e.type == "partial" for e in paced)  # someone watching sees text before the turn ends


def test_the_log_is_private(tmp_path: Path, tiny_model: Path, shared_audio: Path) -> None:
    log = tmp_path / "private" / "s.jsonl"
    main(["replay", str(shared_audio / "stereo_diarization.wav"), "--fast", "--model", str(tiny_model),
          "--session-log", str(log)])
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def _blocks(n: int) -> list[AudioBlock]:
    return [AudioBlock(np.zeros((1024, 2), dtype=np.float32), i * 1024 / 16000) for i in range(n)]


def _pipeline(source, transcribe=lambda audio: "words") -> Pipeline:
    return Pipeline(source, Clock(), transcribe, source_info={}, model_label="none", settings={})


def test_a_failure_inside_still_ends_the_session() -> None:
    def source(on_event, stop):
        yield from _blocks(5)
        raise OSError("disk went away")

    events: list = []
    _pipeline(source)(events.append, threading.Event())
    assert isinstance(events[0], SessionStarted)
    assert [e.kind for e in events if isinstance(e, Warning)] == ["error"]
    assert isinstance(events[-1], SessionEnded) and "disk went away" in events[-1].reason


def test_a_second_ctrl_c_while_finishing_still_ends_the_log(shared_audio: Path) -> None:
    from live_assist.audio.file_source import FileLayout, file_blocks

    layout = FileLayout(shared_audio / "stereo_diarization.wav")
    interrupted = threading.Event()

    def source(on_event, stop):
        for block in file_blocks(layout, 1024, on_event):
            if block.start >= 2.0:  # mid-speech: the first Ctrl-C
                interrupted.set()
                raise KeyboardInterrupt
            yield block

    def transcribe(audio):
        if interrupted.is_set():  # the second Ctrl-C lands while the last turn is transcribed
            raise KeyboardInterrupt
        return "words"

    events: list = []
    _pipeline(source, transcribe)(events.append, threading.Event())
    assert isinstance(events[-1], SessionEnded) and events[-1].reason == "interrupted"


def test_stop_ends_the_session_with_the_turn_in_progress(shared_audio: Path) -> None:
    from live_assist.audio.file_source import FileLayout, file_blocks

    layout = FileLayout(shared_audio / "stereo_diarization.wav")
    stop = threading.Event()

    def source(on_event, stop_):
        for block in file_blocks(layout, 1024, on_event):
            if block.start >= 2.0:
                stop.set()
            yield block

    events: list = []
    _pipeline(source)(events.append, stop)
    ended = events[-1]
    assert isinstance(ended, SessionEnded) and ended.reason == "stopped" and ended.at < 3.0
    assert {t.speaker for t in turns(events)} == {"counselor", "client"}  # both open turns kept


def test_sigkill_mid_replay_leaves_a_log_that_parses(tmp_path: Path, tiny_model: Path, tts_session: Path) -> None:
    longer = tmp_path / "longer.flac"
    subprocess.run(["sox", str(tts_session), str(tts_session), str(tts_session), str(longer)], check=True)
    log = tmp_path / "killed.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "live_assist", "replay", str(longer), "--fast", "--model", str(tiny_model),
         "--session-log", str(log)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not log.exists() or log.read_text().count('"type":"turn"') < 3):
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    events = list(read_log(log))
    assert isinstance(events[0], SessionStarted)
    assert len(turns(events)) >= 3
    assert not any(isinstance(e, SessionEnded) for e in events)  # it really died mid-session


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_text("notes\n" * 100), "not an audio file"),
    ],
    ids=["empty", "text-renamed-wav"],
)
def test_bad_recordings_are_one_line_errors_and_write_no_log(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    audio = tmp_path / "session.wav"
    make(audio)
    code, events = replay(tmp_path, tiny_model, str(audio), "--fast")
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1 and err.startswith("live-assist: error:")
    assert events == []


def test_six_channels_and_mono_without_a_speaker_are_refused(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    six = tmp_path / "six.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "6", str(six), "trim", "0", "1"], check=True)
    assert replay(tmp_path, tiny_model, str(six), "--fast")[0] == 2
    assert "6 channels" in capsys.readouterr().err


def test_8_khz_mono_works_with_a_speaker(
    tmp_path: Path, tiny_model: Path, shared_audio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mono = tmp_path / "phone.wav"
    subprocess.run(["sox", str(shared_audio / "jfk.flac"), "-r", "8000", "-c", "1", str(mono)], check=True)
    assert replay(tmp_path, tiny_model, str(mono), "--fast")[0] == 2
    assert "--mono-speaker" in capsys.readouterr().err
    code, events = replay(tmp_path, tiny_model, str(mono), "--fast", "--mono-speaker", "counselor")
    assert code == 0
    assert {t.speaker for t in turns(events)} == {"counselor"}
    words = re.sub(r"[^a-z ]", "", " ".join(t.text.lower() for t in turns(events)))
    assert "ask not what your country can do for you" in words


def test_a_truncated_flac_is_coded_up_to_the_damage_with_a_warning(
    tmp_path: Path, tiny_model: Path, tts_session: Path
) -> None:
    cut = tmp_path / "cut.flac"
    data = tts_session.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    code, events = replay(tmp_path, tiny_model, str(cut), "--fast")
    assert code == 0
    assert [e.kind for e in events if isinstance(e, Warning)] == ["truncated_audio"]
    assert len(turns(events)) >= 4 and events[-1].reason == "finished"


def test_a_model_that_is_not_here_offline_is_a_one_line_error(
    tmp_path: Path, shared_audio: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("LIVE_ASSIST_MODEL", raising=False)
    log = tmp_path / "s.jsonl"
    code = main(["replay", str(shared_audio / "stereo_diarization.wav"), "--model", "small.en", "--session-log", str(log)])
    err = capsys.readouterr().err
    assert code == 2 and "small.en" in err and "models pull" in err and err.count("\n") == 1
    assert not log.exists()


def test_ctrl_c_ends_the_session_cleanly(tmp_path: Path, tiny_model: Path, tts_session: Path) -> None:
    log = tmp_path / "interrupted.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "live_assist", "replay", str(tts_session), "--speed", "8", "--model",
         str(tiny_model), "--session-log", str(log)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not log.exists() or '"type":"turn"' not in log.read_text()):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    events = list(read_log(log))
    assert isinstance(events[-1], SessionEnded) and events[-1].reason == "interrupted", err
    assert events[-1].at < 60  # it did not play on to the end of the 70 s session
    assert "session ended" in out and err == ""
    assert proc.returncode == 130  # what a shell script expects after Ctrl-C


def test_paced_replay_stops_reading_the_file_when_the_session_ends(shared_audio: Path) -> None:
    from live_assist.audio.file_source import FileLayout, file_blocks
    from live_assist.audio.pacing import PacedClock, paced

    before = {t.name for t in threading.enumerate()}
    blocks = paced(file_blocks(FileLayout(shared_audio / "stereo_diarization.wav"), 1024, print), 1.0,
                   PacedClock(), threading.Event())
    next(blocks)
    assert "replay-feeder" in {t.name for t in threading.enumerate()} - before
    blocks.close()  # what the pipeline does after an error
    assert "replay-feeder" not in {t.name for t in threading.enumerate()}
