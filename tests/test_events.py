"""The event model is the contract between the log, the wire and the dashboard: every event
must survive a JSON round trip exactly, and garbage must be refused with a one-line reason."""

import json

import pytest

from live_assist.events import (
    Bookmark,
    EventError,
    Explanation,
    Metrics,
    Nudge,
    Partial,
    SessionEnded,
    SessionStarted,
    Turn,
    Utterance,
    Warning,
    event_from_json,
)

EVENTS = [
    SessionStarted("s1", "2026-11-21T00:00:00+00:00", {"kind": "file", "path": "x.flac"},
                   "tiny.en", {"silence": 0.5}),
    Turn(3, "counselor", "so you're feeling stuck", 12.5, 14.0, ["complex_reflection"],
         [Explanation("complex_reflection", "feeling_word", "feeling stuck")], 14.6),
    Turn(4, "client", "yeah", None, None, ["neutral"], [], None),
    Partial("client", 15.0, "i think i", 15.8),
    Metrics(60.0, {"rq_ratio": 1.5}),
    Nudge(61.0, "try_reflection", "try a reflection", "4 questions in a row"),
    Warning(62.0, "input_overflow", "client device dropped 3 blocks"),
    Bookmark(63.0, "good moment"),
    SessionEnded(64.0, "interrupted", {"rq_ratio": 1.5}),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.type)
def test_round_trip_is_exact(event):
    line = event.to_json()
    assert "\n" not in line
    assert event_from_json(line) == event
    assert json.loads(line)["type"] == event.type


def test_turn_exposes_main_code_and_utterance():
    turn = EVENTS[1]
    assert turn.main_code == "complex_reflection"
    assert turn.utterance == Utterance("counselor", "so you're feeling stuck", 12.5, 14.0)


def test_session_started_carries_schema_version():
    assert json.loads(EVENTS[0].to_json())["schema"] == 1


@pytest.mark.parametrize(
    "frame, reason",
    [
        ("not json at all", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "selfdestruct"}', "unknown event type"),
        ('{"text": "no type"}', "unknown event type"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": "x", "evil": 1}', "unknown field"),
        ('{"type": "turn", "speaker": "client", "text": "x"}', "malformed"),
        ('{"type": "turn", "id": 1, "speaker": "robot", "text": "x"}', "speaker"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": "x", "explanations": [{"a": 1}]}',
         "explanation"),
        ('{"type": "turn", "id": "1", "speaker": "client", "text": "x"}', "'id' has the wrong type"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": 5}', "'text' has the wrong type"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": "x", "codes": [1]}', "'codes'"),
        ('{"type": "nudge", "at": true, "kind": "k", "message": "m", "reason": "r"}', "'at'"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": "x", "explanations": ["a"]}',
         "explanation"),
        ('{"type": "turn", "id": 1, "speaker": "client", "text": "x", "explanations": '
         '[{"code": 1, "rule": "r", "evidence": "e"}]}', "'explanations'"),
    ],
)
def test_garbage_is_refused_with_one_line_reason(frame, reason):
    with pytest.raises(EventError) as info:
        event_from_json(frame)
    message = str(info.value)
    assert reason in message
    assert "\n" not in message
