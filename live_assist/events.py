"""The one event model: what the pipeline produces, the session log stores, the wire carries
and the dashboard draws.

Every event is a frozen dataclass with a `type` tag. `to_json`/`event_from_json` are exact
inverses, so `watch` and `report` rebuild a session from the log or the socket with no
access to the objects that produced it. Times are in seconds of session audio (the
playback clock), not wall time, so a replayed session and a live one read the same; only
`session_started.started_at` is wall-clock time.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass, field
import types
import typing
from typing import Any, Callable, ClassVar

from live_assist.codes import SPEAKERS

SCHEMA_VERSION = 1


class EventError(ValueError):
    """A line or frame that is not a valid event; the message is one line for the user."""


@dataclass(frozen=True)
class Explanation:
    """Why a code was given: the rule that fired and the words that triggered it."""

    code: str
    rule: str
    evidence: str


@dataclass(frozen=True)
class Utterance:
    """One speaker's words, before coding: the coder's input and the transcript's unit."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise EventError(f"speaker must be one of {', '.join(SPEAKERS)}, not {self.speaker!r}")


@dataclass(frozen=True)
class Event:
    type: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, **dataclasses.asdict(self)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class SessionStarted(Event):
    type: ClassVar[str] = "session_started"
    session_id: str
    started_at: str
    source: dict[str, Any] = field(default_factory=dict)
    model: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    schema: int = SCHEMA_VERSION


@dataclass(frozen=True)
class Turn(Event):
    """A committed, coded turn. `codes` is ordered: the main behaviour first."""

    type: ClassVar[str] = "turn"
    id: int
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    codes: list[str] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    emitted_at: float | None = None

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise EventError(f"speaker must be one of {', '.join(SPEAKERS)}, not {self.speaker!r}")

    @property
    def utterance(self) -> Utterance:
        return Utterance(self.speaker, self.text, self.start, self.end)

    @property
    def main_code(self) -> str | None:
        return self.codes[0] if self.codes else None


@dataclass(frozen=True)
class Partial(Event):
    """Text of the turn still in progress; shown, never coded or counted."""

    type: ClassVar[str] = "partial"
    speaker: str
    start: float
    text: str
    emitted_at: float | None = None


@dataclass(frozen=True)
class Metrics(Event):
    """Periodic snapshot of the session scores (see `live_assist.state.Scores`)."""

    type: ClassVar[str] = "metrics"
    at: float
    scores: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Nudge(Event):
    type: ClassVar[str] = "nudge"
    at: float
    kind: str
    message: str
    reason: str


@dataclass(frozen=True)
class Warning(Event):  # noqa: A001 - the field's own word for it
    type: ClassVar[str] = "warning"
    at: float
    kind: str
    message: str


@dataclass(frozen=True)
class Bookmark(Event):
    type: ClassVar[str] = "bookmark"
    at: float
    note: str = ""


@dataclass(frozen=True)
class SessionEnded(Event):
    type: ClassVar[str] = "session_ended"
    at: float
    reason: str = "finished"
    summary: dict[str, Any] = field(default_factory=dict)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (SessionStarted, Turn, Partial, Metrics, Nudge, Warning, Bookmark, SessionEnded)
}


def _matches(value: Any, hint: Any) -> bool:
    """Shallow check of a decoded JSON value against a field's type hint."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is Any:
        return True
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_matches(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is Explanation:
        return isinstance(value, Explanation) and all(
            isinstance(getattr(value, f.name), str) for f in dataclasses.fields(Explanation)
        )
    return isinstance(value, hint)


def event_from_dict(data: Any) -> Event:
    """Build an event from decoded JSON, rejecting anything malformed with a one-line reason."""
    if not isinstance(data, dict):
        raise EventError("event must be a JSON object")
    kind = data.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise EventError(f"unknown event type {kind!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names - {"type"}
    if unknown:
        raise EventError(f"{kind} event has unknown field(s): {', '.join(sorted(unknown))}")
    values = {k: v for k, v in data.items() if k != "type"}
    if cls is Turn and "explanations" in values:
        try:
            values["explanations"] = [Explanation(**e) for e in values["explanations"]]
        except (TypeError, AttributeError) as exc:
            raise EventError(f"turn event has a malformed explanation: {exc}") from None
    hints = typing.get_type_hints(cls)
    for name, value in values.items():
        if not _matches(value, hints[name]):
            raise EventError(f"{kind} event field {name!r} has the wrong type")
    try:
        return cls(**values)
    except TypeError as exc:
        raise EventError(f"{kind} event is malformed: {exc}") from None


def event_from_json(line: str | bytes) -> Event:
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EventError(f"not JSON: {exc}") from None
    return event_from_dict(data)


# How events flow between stages. A sink is anything that takes events (the session log, the
# dashboard's queue, the websocket share); a runner produces a session's events into a sink
# until its source ends or `stop` is set. The pipeline, a replayed session log and a remote
# session are all runners, so every view works on any of them.
EventSink = Callable[[Event], None]
SessionRunner = Callable[[EventSink, threading.Event], None]
