"""Scores are what the counsellor is judged by: check them against hand-computed MITI values."""

import pytest

from live_assist.events import Metrics, SessionStarted, Turn
from live_assist.state import SessionState, rating, score_turns


def turn(i, speaker, codes, start=None, end=None, text="words here"):
    return Turn(i, speaker, text, start, end, codes)


def test_miti_scores_from_a_small_session():
    turns = [
        turn(1, "counselor", ["open_question"], 0, 4),
        turn(2, "client", ["change_talk"], 4, 10),
        turn(3, "counselor", ["complex_reflection", "closed_question"], 10, 13),
        turn(4, "client", ["sustain_talk"], 13, 16),
        turn(5, "counselor", ["simple_reflection"], 16, 18),
        turn(6, "client", ["change_talk"], 18, 22),
        turn(7, "counselor", ["summary"], 22, 26),
        turn(8, "counselor", ["affirmation"], 26, 27),
        turn(9, "counselor", ["persuade"], 27, 28),
    ]
    s = score_turns(turns)
    assert s.questions == 2
    assert s.reflections == 3  # simple + complex + summary
    assert s.rq_ratio == pytest.approx(1.5)
    assert s.pct_complex_reflections == pytest.approx(2 / 3)  # a summary counts as complex
    assert s.pct_open_questions == pytest.approx(0.5)
    assert s.counselor_talk_share == pytest.approx(15 / 28)
    assert (s.mi_adherent, s.mi_non_adherent) == (1, 1)
    assert (s.change_talk, s.sustain_talk) == (2, 1)
    assert s.pct_change_talk == pytest.approx(2 / 3)
    assert (s.counselor_turns, s.client_turns) == (6, 3)


def test_empty_denominators_are_none_not_zero():
    s = score_turns([turn(1, "client", ["neutral"], 0, 1)])
    assert s.rq_ratio is None
    assert s.pct_complex_reflections is None
    assert s.pct_open_questions is None
    assert s.counselor_talk_share == 0.0


def test_untimed_transcript_measures_talk_in_words():
    s = score_turns([
        turn(1, "counselor", ["other"], text="one two"),
        turn(2, "client", ["neutral"], text="one two three four five six"),
    ])
    assert s.counselor_talk_share == pytest.approx(0.25)


@pytest.mark.parametrize(
    "score, value, expected",
    [
        ("rq_ratio", 0.5, "poor"),
        ("rq_ratio", 1.0, "fair"),
        ("rq_ratio", 2.0, "good"),
        ("pct_complex_reflections", 0.39, "poor"),
        ("pct_complex_reflections", 0.45, "fair"),
        ("pct_complex_reflections", 0.5, "good"),
        ("pct_open_questions", 0.49, "poor"),
        ("pct_open_questions", 0.69, "fair"),
        ("pct_open_questions", 0.7, "good"),
        ("rq_ratio", None, None),
        ("counselor_talk_share", 0.3, None),
    ],
)
def test_rating_against_miti_thresholds(score, value, expected):
    assert rating(score, value) == expected


def test_state_rebuilds_from_events_and_windows_recent_turns():
    events = [
        SessionStarted("s", "2026-11-21T00:00:00+00:00"),
        turn(1, "counselor", ["closed_question"], 0, 5),
        turn(2, "counselor", ["closed_question"], 100, 105),
        turn(3, "counselor", ["open_question"], 290, 295),
        Metrics(300.0),
    ]
    state = SessionState.from_events(events)
    assert state.clock == 300.0
    assert len(state.turns) == 3
    assert state.scores().pct_open_questions == pytest.approx(1 / 3)
    recent = state.scores(window=120)
    assert recent.questions == 1
    assert recent.pct_open_questions == 1.0
