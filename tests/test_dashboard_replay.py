"""The dashboard on the real pipeline: a synthetic spoken session replayed with the real model,
shown by the same app factory the CLI uses, with the session log the CLI would write."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from live_assist.cli import build_parser
from live_assist.commands.replay import build_runner
from live_assist.dashboard import DashboardApp, render
from live_assist.events import Bookmark, SessionEnded, Turn
from live_assist.session_log import SessionLog, read_log
from live_assist.state import rating
from test_dashboard import screen_text, until


def replay_args(flac: Path, model: Path, *flags: str):
    return build_parser().parse_args(["replay", str(flac), "--model", str(model), "--cpu-threads", "2", *flags])


async def test_real_replay_fills_the_dashboard(tmp_path: Path, tiny_model: Path, tts_session: Path) -> None:
    runner = build_runner(replay_args(tts_session, tiny_model, "--fast"))
    path = tmp_path / "session.jsonl"
    with SessionLog(path) as log:
        app = DashboardApp(runner, sink=log, log_path=path, clock=runner.clock.now)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.ended is not None, timeout=120)
            await pilot.pause()
            text = screen_text(app)
    logged = list(read_log(path))
    turns = [e for e in logged if isinstance(e, Turn)]
    assert len(turns) >= 10 and app.state.turns == turns
    scores = app.state.scores()
    assert re.search(rf"your talk +{scores.counselor_talk_share:.0%}", text)
    # the coder's codes, counted by SessionState, are what the counts panel shows
    shown = re.search(r"open Q +(\d+)  closed Q +(\d+)", text)
    assert shown and [int(n) for n in shown.groups()] == [
        scores.counts.get("open_question", 0), scores.counts.get("closed_question", 0)]
    if scores.rq_ratio is not None:
        assert f"{scores.rq_ratio:.1f} {rating('rq_ratio', scores.rq_ratio)}" in text
    assert "whisper-tiny.en-ct2-int8" in text and "ended (finished)" in text
    last = turns[-1]
    assert f"{render.clock(last.start)} {'Client' if last.speaker == 'client' else 'Counsellor'}" in text


async def test_pause_holds_the_real_replay_and_quit_ends_it(tmp_path: Path, tiny_model: Path, tts_session: Path) -> None:
    pause = threading.Event()
    runner = build_runner(replay_args(tts_session, tiny_model, "--speed", "4"), pause=pause)
    path = tmp_path / "session.jsonl"
    with SessionLog(path) as log:
        app = DashboardApp(runner, sink=log, log_path=path, clock=runner.clock.now, pause=pause)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: len(app.state.turns) >= 2, timeout=60)
            await pilot.press("p")
            await pilot.pause(1.0)  # lets the turn in flight through
            held_clock, held_turns = runner.clock.now(), len(app.state.turns)
            await pilot.pause(1.0)  # 4 s of recording at --speed 4
            assert runner.clock.now() == held_clock and len(app.state.turns) == held_turns
            assert "⏸ paused" in screen_text(app)
            await pilot.press("p")
            await until(pilot, lambda: runner.clock.now() > held_clock + 2, timeout=10)
            await pilot.press("b")
            await pilot.press("q")
            await until(pilot, lambda: not app.is_running, timeout=10)
    logged = list(read_log(path))
    assert [e for e in logged if isinstance(e, Bookmark)]
    assert isinstance(logged[-1], SessionEnded) and logged[-1].reason == "stopped"
    truth = [json.loads(line) for line in tts_session.with_suffix(".truth.jsonl").read_text().splitlines()]
    assert logged[-1].at < truth[-1]["end"] - 5, "quit ended the session before the recording's end"
