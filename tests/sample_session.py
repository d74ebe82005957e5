"""A short coded session (fixed events, fixed times) for dashboard tests and snapshots.

The codes are what an expert would give; nudges come from the real policy, folded the way the
session core does, so the events are the ones a real session of these turns would log.
"""

from __future__ import annotations

from live_assist.events import (
    Event,
    Explanation,
    Partial,
    SessionEnded,
    SessionStarted,
    Turn,
)
from live_assist.nudges import NudgePolicy
from live_assist.state import SessionState

TURNS: list[tuple[str, float, float, list[str], str, str]] = [
    # speaker, start, end, codes, rule, text
    ("counselor", 1.0, 4.0, ["other"], "greeting", "Hi Sam, thanks for coming in today."),
    ("counselor", 4.5, 8.0, ["open_question"], "wh_question", "What brings you here?"),
    ("client", 9.0, 16.0, ["neutral"], "no_cue", "My doctor said I should talk to someone about my drinking."),
    ("counselor", 17.0, 19.0, ["closed_question"], "yes_no_question", "Do you drink every day?"),
    ("client", 20.0, 22.0, ["neutral"], "no_cue", "Most days, yes."),
    ("counselor", 23.0, 25.0, ["closed_question"], "yes_no_question", "Is it more than three drinks?"),
    ("client", 26.0, 30.0, ["sustain_talk"], "minimising", "Sometimes, but it's not really a problem for me."),
    ("counselor", 31.0, 34.0, ["closed_question"], "yes_no_question", "Have you tried to cut down?"),
    ("client", 35.0, 41.0, ["change_talk"], "desire", "I want to be there for my kids in the mornings."),
    ("counselor", 42.0, 47.0, ["complex_reflection"], "meaning_added", "Being a present parent matters a lot to you."),
    ("client", 48.0, 55.0, ["change_talk"], "reasons", "Yes. I hate how tired I am when they wake up."),
    ("counselor", 56.0, 60.0, ["affirmation"], "strength", "You clearly care a great deal about them."),
    ("counselor", 61.0, 68.0, ["persuade"], "imperative_advice", "You should stop drinking on weeknights."),
    ("client", 69.0, 73.0, ["sustain_talk"], "resistance", "That's easy to say, it helps me relax."),
    ("counselor", 74.0, 80.0, ["simple_reflection"], "restatement", "Drinking helps you unwind."),
    ("counselor", 81.0, 88.0, ["open_question"], "wh_question", "How would you like your evenings to look?"),
    ("client", 89.0, 97.0, ["change_talk"], "ability", "I could go for a walk instead, I used to love that."),
    ("counselor", 98.0, 106.0, ["summary"], "gathering", "So you want mornings with your kids and walks again."),
]

EVIDENCE = {
    "wh_question": "What",
    "yes_no_question": "Do you",
    "meaning_added": "matters a lot to you",
    "imperative_advice": "You should",
    "desire": "I want",
}


def sample_events(lag: float = 0.6) -> list[Event]:
    """SessionStarted, partials and turns (emitted `lag` s after they end), nudges, SessionEnded."""
    policy = NudgePolicy()
    state = SessionState()
    events: list[Event] = [
        SessionStarted(session_id="sample", started_at="2026-01-01T10:00:00+00:00", model="tiny.en")
    ]
    for turn_id, (speaker, start, end, codes, rule, text) in enumerate(TURNS, start=1):
        half = " ".join(text.split()[: max(1, len(text.split()) // 2)])
        events.append(Partial(speaker=speaker, start=start, text=half, emitted_at=(start + end) / 2))
        explanations = [Explanation(codes[0], rule, EVIDENCE.get(rule, ""))]
        turn = Turn(turn_id, speaker, text, start, end, codes, explanations, emitted_at=end + lag)
        state.apply(turn)
        events.append(turn)
        for nudge in policy(turn, state):
            state.apply(nudge)
            events.append(nudge)
    events.append(SessionEnded(at=TURNS[-1][2] + lag, reason="finished", summary=state.scores().to_dict()))
    return events
