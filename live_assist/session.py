"""The session core: committed utterances in, coded turns and everything derived from them out.

Used by every runner that produces a live session (file replay, live capture): it codes each
turn with the conversation before it, folds every event into `SessionState`, sends it to the
sink, and gives each *reaction* a look.

A reaction is `Reaction = Callable[[Event, SessionState], Iterable[Event]]`: it sees each event
the core emits (after the state has folded it) and returns events to add, e.g. periodic
`Metrics` (`metrics_every` below) or a nudge policy. Events a reaction returns are folded and
sent like any other but are not shown to reactions again, so reactions cannot loop.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from live_assist.coder import Coder
from live_assist.events import Event, EventSink, Metrics, SessionEnded, Turn, Utterance
from live_assist.state import SessionState

Reaction = Callable[[Event, SessionState], Iterable[Event]]

CONTEXT_TURNS = 10  # how much of the conversation the coder sees before a turn


def metrics_every(seconds: float) -> Reaction:
    """A `Metrics` snapshot after a turn once `seconds` of session time have passed since the last."""
    last: list[float] = [float("-inf")]

    def react(event: Event, state: SessionState) -> Iterable[Event]:
        if not isinstance(event, Turn) or state.clock - last[0] < seconds:
            return ()
        last[0] = state.clock
        return (Metrics(at=state.clock, scores=state.scores().to_dict()),)

    return react


class SessionCore:
    def __init__(self, sink: EventSink, coder: Coder, reactions: Sequence[Reaction] = ()) -> None:
        self.state = SessionState()
        self._sink = sink
        self._coder = coder
        self._reactions = list(reactions)
        self._next_id = 1

    def emit(self, event: Event) -> None:
        self._send(event)
        for reaction in self._reactions:
            for extra in reaction(event, self.state):
                self._send(extra)

    def pass_through(self, event: Event) -> None:
        """For events views show but the session does not keep (partial text)."""
        self._sink(event)

    def commit(self, utterance: Utterance, emitted_at: float) -> Turn:
        context = [t.utterance for t in self.state.turns[-CONTEXT_TURNS:]]
        coding = self._coder.code(utterance, context)
        turn = Turn(
            id=self._next_id,
            speaker=utterance.speaker,
            text=utterance.text,
            start=utterance.start,
            end=utterance.end,
            codes=list(coding.codes),
            explanations=list(coding.explanations),
            emitted_at=emitted_at,
        )
        self._next_id += 1
        self.emit(turn)
        return turn

    def end(self, at: float, reason: str) -> SessionEnded:
        ended = SessionEnded(at=at, reason=reason, summary=self.state.scores().to_dict())
        self.emit(ended)
        return ended

    def _send(self, event: Event) -> None:
        self.state.apply(event)
        self._sink(event)
