"""The dashboard as a counsellor uses it: a real Textual app driven by Pilot on a replayed
session, checking what is on screen and what each key does."""

from __future__ import annotations

import threading
import time


from live_assist.dashboard import DashboardApp
from live_assist.event_replay import paced_runner
from live_assist.events import Bookmark, Event, SessionEnded, Turn, Warning
from live_assist.session_log import SessionLog, read_log
from sample_session import TURNS, sample_events


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen was:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def replay_app(speed: float | None = None, **kw):
    sink: list[Event] = []
    pause = threading.Event()
    app = DashboardApp(
        paced_runner(sample_events(), speed=speed, pause=pause),
        sink=sink.append, model_label="tiny.en", pause=pause, **kw,
    )
    return app, sink, pause


async def test_a_replayed_session_shows_turns_counts_scores_and_nudge():
    app, sink, _ = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ended is not None)
        await pilot.pause()
        text = screen_text(app)
    assert len(app.state.turns) == len(TURNS)
    assert "01:38 Counsellor  summary  So you want mornings with your kids and walks again." in text
    assert "change talk  I want to be there for my kids" in text
    assert "sustain talk  Sometimes, but it's not really a problem" in text
    # counts and MITI scores from SessionState, graded against the thresholds
    assert "open Q       2  closed Q       3" in text
    assert "MI-adherent  1  non-adherent   1" in text
    assert "change talk  3  sustain talk   2" in text
    assert "R:Q         0.6 poor  0.6 poor" in text
    assert "%complex R  67% good  67% good" in text
    assert "%open Q     40% poor  40% poor" in text
    assert "Reflect the change talk" in text
    assert "tiny.en │ 01:46 │ ASR lag 0.6 s │ ended (finished)" in text
    # the dashboard is a view: every event reached the sink, none was added
    assert sink == sample_events()


async def test_pause_holds_the_replay_and_resume_continues():
    app, sink, pause = replay_app(speed=40)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.state.turns) >= 2)
        await pilot.press("p")
        assert pause.is_set()
        await pilot.pause(0.3)  # an event already on its way may still land
        held = len(sink)
        await pilot.pause(0.5)  # 20 s of session at speed 40: several events if not held
        assert len(sink) == held
        assert "⏸ paused" in screen_text(app)
        await pilot.press("p")
        assert not pause.is_set()
        await until(pilot, lambda: len(sink) > held)
        await until(pilot, lambda: app.ended is not None)
    assert len(app.state.turns) == len(TURNS)


async def test_bookmark_goes_to_the_session_log_and_the_status_bar():
    app, sink, pause = replay_app(speed=20)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.state.turns) >= 3)
        await pilot.press("p", "b")
        await until(pilot, lambda: app.bookmarks == 1)
        assert "1 bookmark" in screen_text(app)
        marked_at = app.state.clock
        await pilot.press("p")
        await until(pilot, lambda: app.ended is not None)
        await pilot.press("b")  # after the end: refused, nothing written after session_ended
        await pilot.pause()
    [bookmark] = [e for e in sink if isinstance(e, Bookmark)]
    assert bookmark.at == marked_at
    assert sink.index(bookmark) < len(sink) - 1 and isinstance(sink[-1], SessionEnded)


async def test_hide_transcript_removes_the_words_but_keeps_the_scores():
    app, _, _ = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ended is not None)
        await pilot.press("h")
        hidden = screen_text(app)
        await pilot.press("h")
        shown = screen_text(app)
    assert "Transcript hidden. Press h to show it." in hidden
    assert "walks again" not in hidden and "I used to love" not in hidden
    assert "Reflect the change talk" in hidden  # the nudge stays, without the client's words
    assert "%complex R  67% good" in hidden
    assert "walks again" in shown


async def test_explanations_show_the_rule_and_words_of_the_chosen_turn():
    app, _, _ = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ended is not None)
        assert "Why these codes" not in screen_text(app)
        await pilot.press("e")
        latest = screen_text(app)
        await pilot.press("up", "up", "up", "up", "up", "up")  # up to "You should stop drinking"
        chosen = screen_text(app)
        await pilot.press("h")
        private = screen_text(app)
        await pilot.press("h", "e")
        closed = screen_text(app)
    assert "Why these codes" not in private and "You should" not in private
    assert "Why these codes" in latest and "summary · rule gathering" in latest
    assert "01:01 Counsellor" in chosen and "persuade · rule imperative_advice · “You should”" in chosen
    assert "Why these codes" not in closed


async def test_help_lists_the_keys():
    app, _, _ = replay_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        await pilot.press("escape")
        assert "bookmark this moment" not in screen_text(app)
    for words in ("pause / resume", "bookmark this moment", "hide / show the transcript",
                  "why a turn got its codes", "end the session and quit", "Try a reflection"):
        assert words in text


async def test_quit_ends_a_running_session_and_the_runner_stops():
    app, sink, _ = replay_app(speed=10)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.state.turns) >= 1)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, timeout=5)
    assert app.stop.is_set() and app.session_done.is_set()
    assert app.return_code == 0
    assert len([e for e in sink if isinstance(e, Turn)]) < len(TURNS)


def failing_runner(sink, stop):
    for event in sample_events()[:6]:
        sink(event)
    raise RuntimeError("the microphone vanished")


async def test_a_failing_runner_shows_an_error_panel_and_the_log_is_closed_cleanly(tmp_path):
    path = tmp_path / "session.jsonl"
    with SessionLog(path) as log:
        app = DashboardApp(failing_runner, sink=log, model_label="tiny.en", log_path=path)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.error is not None)
            await pilot.pause()
            text = screen_text(app)
            assert app.is_running
            await pilot.press("q")
        assert app.return_code == 1
    assert "The session stopped because of an error:" in text
    assert "RuntimeError: the microphone vanished" in text
    assert "stopped: error" in text
    events = list(read_log(path))
    assert isinstance(events[-2], Warning) and events[-2].kind == "error"
    assert isinstance(events[-1], SessionEnded)
    assert events[-1].reason == "error: RuntimeError: the microphone vanished"
    assert len([e for e in events if isinstance(e, Turn)]) == 2


async def test_warnings_show_in_the_status_bar():
    events = sample_events()
    events.insert(5, Warning(at=9.5, kind="device_lost", message="client audio device lost; silence until it returns"))
    app = DashboardApp(paced_runner(events, speed=None), model_label="tiny.en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ended is not None)
        await pilot.pause()
        text = screen_text(app)
    assert "⚠ 1: client audio device lost; silence until it returns" in text
