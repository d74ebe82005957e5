"""The nudge policy: each nudge fires when it should, stays quiet when it should not, and
does not repeat within its cooldown."""

from __future__ import annotations

from live_assist.events import Nudge, Turn
from live_assist.nudges import NudgePolicy, NudgeSettings
from live_assist.state import SessionState


class Session:
    """Feeds turns the way the session core does: fold, then react, then fold the nudges."""

    def __init__(self, **settings) -> None:
        self.policy = NudgePolicy(NudgeSettings(**settings))
        self.state = SessionState()
        self.clock = 0.0
        self.turn_id = 0

    def say(self, speaker: str, codes: list[str], text: str = "words", seconds: float = 4.0) -> list[Nudge]:
        start = self.clock + 1.0
        self.clock = start + seconds
        self.turn_id += 1
        turn = Turn(self.turn_id, speaker, text, start, self.clock, codes)
        self.state.apply(turn)
        nudges = list(self.policy(turn, self.state))
        for nudge in nudges:
            self.state.apply(nudge)
        return nudges

    def counselor(self, *codes: str, **kw) -> list[Nudge]:
        return self.say("counselor", list(codes), **kw)

    def client(self, *codes: str, **kw) -> list[Nudge]:
        return self.say("client", list(codes), **kw)

    def wait(self, seconds: float) -> None:
        self.clock += seconds


def kinds(nudges: list[Nudge]) -> list[str]:
    return [n.kind for n in nudges]


# Quiet by default so each test sees only the nudge it is about.
QUIET = dict(min_gap_seconds=1.0, repeat_after_seconds=60.0, summary_every_seconds=10_000.0,
             talk_share_min_turns=10_000)


def test_questions_without_reflection_suggest_a_reflection():
    s = Session(**QUIET, closed_question_streak=99)
    assert s.counselor("open_question") == []
    assert s.client("neutral") == []
    assert s.counselor("closed_question") == []
    [nudge] = s.counselor("open_question")
    assert (nudge.kind, nudge.message) == ("reflect", "Try a reflection")
    assert nudge.reason == "3 questions since your last reflection"
    assert nudge.at == s.clock


def test_a_reflection_resets_the_question_count():
    s = Session(**QUIET, closed_question_streak=99)
    s.counselor("open_question")
    s.counselor("open_question")
    s.counselor("simple_reflection")
    assert s.counselor("open_question") == []
    assert s.counselor("open_question") == []


def test_reflection_nudge_cooldown():
    s = Session(**QUIET, closed_question_streak=99)
    for _ in range(2):
        s.counselor("open_question")
    assert kinds(s.counselor("open_question")) == ["reflect"]
    for _ in range(5):  # 5 turns x 5 s = 25 s < 60 s
        assert s.counselor("open_question") == []
    s.wait(60)
    assert kinds(s.counselor("open_question")) == ["reflect"]


def test_closed_question_streak_suggests_an_open_question():
    s = Session(**QUIET)
    s.counselor("closed_question")
    assert s.counselor("closed_question") == []
    [nudge] = s.counselor("closed_question")
    assert (nudge.kind, nudge.reason) == ("open_question", "3 closed questions in a row")


def test_an_open_question_breaks_the_closed_streak():
    s = Session(**QUIET, questions_without_reflection=99)
    s.counselor("closed_question")
    s.counselor("closed_question")
    s.counselor("open_question")
    assert s.counselor("closed_question") == []
    assert s.counselor("closed_question") == []


def test_closed_streak_cooldown():
    s = Session(**QUIET, questions_without_reflection=99)
    for _ in range(2):
        s.counselor("closed_question")
    assert kinds(s.counselor("closed_question")) == ["open_question"]
    assert s.counselor("closed_question") == []
    s.wait(60)
    assert kinds(s.counselor("closed_question")) == ["open_question"]


def test_change_talk_asks_for_a_reflection_of_it():
    s = Session(**QUIET)
    [nudge] = s.client("change_talk", text="I really want to be there for my kids")
    assert nudge.kind == "reflect_change"
    assert nudge.message == "Reflect the change talk"
    assert nudge.reason == 'change talk: "I really want to be there for my kids"'
    assert s.client("neutral") == []


def test_change_talk_cooldown():
    s = Session(**QUIET)
    assert kinds(s.client("change_talk")) == ["reflect_change"]
    assert s.client("change_talk") == []
    s.wait(60)
    assert kinds(s.client("change_talk")) == ["reflect_change"]


def test_sustain_talk_asks_to_roll_with_it():
    s = Session(**QUIET)
    long = "I don't think drinking is a problem, everyone at work drinks more than me"
    [nudge] = s.client("sustain_talk", text=long)
    assert (nudge.kind, nudge.message) == ("roll_with_sustain", "Roll with it: reflect, don't argue")
    assert nudge.reason.startswith('sustain talk: "I don') and nudge.reason.endswith('…"')
    assert len(nudge.reason) < 70
    assert s.client("neutral") == []


def test_sustain_talk_cooldown():
    s = Session(**QUIET)
    assert kinds(s.client("sustain_talk")) == ["roll_with_sustain"]
    assert s.client("sustain_talk") == []
    s.wait(60)
    assert kinds(s.client("sustain_talk")) == ["roll_with_sustain"]


def test_persuading_without_permission_asks_for_permission():
    s = Session(**QUIET)
    [nudge] = s.counselor("persuade")
    assert (nudge.kind, nudge.message) == ("ask_permission", "Ask permission first")
    assert s.counselor("persuade_with_permission") == []
    assert s.counselor("giving_information") == []


def test_permission_cooldown():
    s = Session(**QUIET)
    assert kinds(s.counselor("persuade")) == ["ask_permission"]
    assert s.counselor("persuade") == []
    s.wait(60)
    assert kinds(s.counselor("persuade")) == ["ask_permission"]


def test_counselor_talking_most_asks_to_let_the_client_talk():
    s = Session(**{**QUIET, "talk_share_min_turns": 4})
    s.counselor("giving_information", seconds=20)
    s.client("neutral", seconds=2)
    s.counselor("giving_information", seconds=20)
    [nudge] = s.client("neutral", seconds=2)
    assert nudge.kind == "client_talk"
    assert nudge.message == "Let the client talk"
    assert nudge.reason == "you spoke 91% of the last 3 min"


def test_balanced_talk_or_too_few_turns_gives_no_talk_nudge():
    s = Session(**{**QUIET, "talk_share_min_turns": 4})
    s.counselor("giving_information", seconds=20)
    assert s.client("neutral", seconds=2) == []  # only 2 turns so far
    s = Session(**{**QUIET, "talk_share_min_turns": 4})
    for _ in range(3):
        assert s.counselor("giving_information", seconds=5) == []
        assert s.client("neutral", seconds=6) == []


def test_talk_share_looks_only_at_the_recent_window():
    def session_after_a_monologue(pause: float) -> list[str]:
        s = Session(**{**QUIET, "talk_share_min_turns": 4}, talk_share_window_seconds=60)
        s.counselor("giving_information", seconds=100)
        s.wait(pause)
        fired = []
        for _ in range(3):
            fired += kinds(s.client("neutral", seconds=6))
            fired += kinds(s.counselor("other", seconds=5))
        return fired

    assert session_after_a_monologue(pause=0) == ["client_talk"]
    assert session_after_a_monologue(pause=60) == []


def test_talk_share_cooldown():
    s = Session(**{**QUIET, "talk_share_min_turns": 2})
    s.counselor("giving_information", seconds=30)
    assert kinds(s.client("neutral", seconds=1)) == ["client_talk"]
    assert s.counselor("giving_information", seconds=30) == []
    s.wait(60)
    assert kinds(s.client("neutral", seconds=1)) == ["client_talk"]


def test_long_stretch_without_summary_suggests_one():
    s = Session(min_gap_seconds=1.0, repeat_after_seconds=60.0, summary_every_seconds=120)
    assert s.counselor("other", seconds=5) == []
    s.wait(100)
    assert s.client("neutral", seconds=5) == []  # ends at 112 s
    s.wait(5)
    [nudge] = s.client("neutral", seconds=5)  # ends at 123 s
    assert (nudge.kind, nudge.message, nudge.reason) == ("summary", "Offer a summary", "no summary for 2 min")


def test_a_summary_restarts_the_summary_clock():
    s = Session(min_gap_seconds=1.0, repeat_after_seconds=60.0, summary_every_seconds=120,
                disabled=("good_reflection",))
    s.wait(100)
    assert s.counselor("summary", seconds=5) == []
    s.wait(100)
    assert s.client("neutral", seconds=5) == []  # 111 s after the summary
    s.wait(10)
    assert kinds(s.client("neutral", seconds=5)) == ["summary"]


def test_summary_cooldown():
    s = Session(min_gap_seconds=1.0, repeat_after_seconds=60.0, summary_every_seconds=30)
    s.wait(30)
    assert kinds(s.client("neutral")) == ["summary"]
    assert s.client("neutral") == []
    s.wait(60)
    assert kinds(s.client("neutral")) == ["summary"]


def test_a_complex_reflection_gets_a_quiet_affirmation():
    s = Session(**QUIET)
    [nudge] = s.counselor("complex_reflection")
    assert (nudge.kind, nudge.message, nudge.reason) == ("good_reflection", "Nice reflection", "a complex reflection")
    s.wait(60)
    assert s.counselor("simple_reflection") == []
    assert kinds(s.counselor("summary")) == ["good_reflection"]


def test_good_reflection_cooldown():
    s = Session(**QUIET)
    assert kinds(s.counselor("complex_reflection")) == ["good_reflection"]
    assert s.counselor("complex_reflection") == []
    s.wait(60)
    assert kinds(s.counselor("complex_reflection")) == ["good_reflection"]


def test_at_most_one_nudge_and_the_most_urgent_wins():
    s = Session(**QUIET, questions_without_reflection=2, closed_question_streak=2)
    s.counselor("closed_question")
    # both "reflect" and "open_question" apply; the more specific one is given
    assert kinds(s.counselor("closed_question")) == ["open_question"]


def test_the_global_gap_keeps_nudges_apart():
    s = Session(min_gap_seconds=30.0, repeat_after_seconds=60.0, summary_every_seconds=10_000.0)
    assert kinds(s.client("change_talk")) == ["reflect_change"]
    assert s.counselor("persuade") == []  # 5 s later: a different nudge, still too soon
    s.wait(30)
    assert kinds(s.counselor("persuade")) == ["ask_permission"]


def test_disabled_nudges_never_fire():
    s = Session(**QUIET, disabled=("reflect_change",))
    assert s.client("change_talk") == []


def test_only_turns_trigger_nudges():
    s = Session(**QUIET)
    nudge = Nudge(at=1.0, kind="reflect", message="m", reason="r")
    assert s.policy(nudge, s.state) == []
