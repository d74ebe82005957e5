"""The session core: coding with context, turn ids, state, reactions and the end summary."""

from __future__ import annotations

from typing import Sequence

from live_assist.coder import Coding
from live_assist.events import Event, Explanation, Metrics, Nudge, SessionEnded, Turn, Utterance
from live_assist.session import SessionCore, metrics_every
from live_assist.state import SessionState


class RecordingCoder:
    """Codes questions by their mark and remembers the context it was given."""

    def __init__(self) -> None:
        self.contexts: list[list[str]] = []

    def code(self, utterance: Utterance, context: Sequence[Utterance] = ()) -> Coding:
        self.contexts.append([u.text for u in context])
        code = "open_question" if utterance.text.endswith("?") else "simple_reflection"
        if utterance.speaker == "client":
            code = "change_talk"
        return Coding([code], [Explanation(code, "test", utterance.text)])


def test_turns_are_coded_in_context_numbered_and_summarised() -> None:
    events: list[Event] = []
    coder = RecordingCoder()
    core = SessionCore(events.append, coder)
    core.commit(Utterance("counselor", "What brings you here?", 0.0, 2.0), emitted_at=2.5)
    core.commit(Utterance("client", "I want to cut down.", 2.5, 4.0), emitted_at=4.6)
    core.commit(Utterance("counselor", "You want to cut down.", 4.5, 6.0), emitted_at=6.5)
    ended = core.end(7.0, "finished")
    turns = [e for e in events if isinstance(e, Turn)]
    assert [t.id for t in turns] == [1, 2, 3]
    assert [t.codes for t in turns] == [["open_question"], ["change_talk"], ["simple_reflection"]]
    assert coder.contexts[2] == ["What brings you here?", "I want to cut down."]
    assert turns[0].emitted_at == 2.5 and turns[1].start == 2.5
    assert isinstance(events[-1], SessionEnded) and ended.summary["rq_ratio"] == 1.0
    assert ended.summary == SessionState.from_events(events).scores().to_dict()


def test_metrics_come_periodically_not_after_every_turn() -> None:
    events: list[Event] = []
    core = SessionCore(events.append, RecordingCoder(), [metrics_every(10.0)])
    for i in range(10):
        core.commit(Utterance("counselor", f"Question {i}?", 3.0 * i, 3.0 * i + 2), emitted_at=3.0 * i + 2.5)
    metrics = [e for e in events if isinstance(e, Metrics)]
    assert [round(m.at, 1) for m in metrics] == [2.5, 14.5, 26.5]
    assert metrics[-1].scores["counts"]["open_question"] == 9


def test_a_reaction_adds_events_and_does_not_see_its_own() -> None:
    seen: list[str] = []

    def nudge_after_three_questions(event: Event, state: SessionState):
        seen.append(event.type)
        if isinstance(event, Turn) and state.scores().questions == 3:
            return [Nudge(at=state.clock + 5, kind="reflect", message="Try a reflection", reason="3 questions")]
        return []

    events: list[Event] = []
    core = SessionCore(events.append, RecordingCoder(), [nudge_after_three_questions])
    for i in range(4):
        core.commit(Utterance("counselor", "Why?", float(i), i + 0.5), emitted_at=i + 1.0)
    nudges = [e for e in events if isinstance(e, Nudge)]
    assert len(nudges) == 1 and events.index(nudges[0]) == 3  # right after the third turn
    assert "nudge" not in seen
    assert core.state.clock >= nudges[0].at  # folded into the state too: its time moved the clock
