"""Read a transcript for `tag`: JSON lines or a plain "T: ..." / "Client: ..." transcript.

Both forms may be mixed line by line; blank lines are skipped. Every problem is reported as
one line naming the input line, so a counsellor can fix the file and run again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable

from live_assist.codes import normalize_speaker
from live_assist.errors import UserError
from live_assist.events import Utterance

_PLAIN = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class TranscriptLine:
    """One turn and where it came from; `record` is what `tag --json` writes back out."""

    line_number: int
    record: dict[str, Any]
    utterance: Utterance


def _speaker(name: Any, line_number: int) -> str:
    if not isinstance(name, str):
        raise UserError(f"line {line_number}: \"speaker\" must be a string such as \"counselor\" or \"client\"")
    try:
        return normalize_speaker(name)
    except ValueError:
        raise UserError(f"line {line_number}: unknown speaker {name!r}: use counselor (T, therapist) or client (C)") from None


def _parse_json(line: str, line_number: int) -> TranscriptLine:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"line {line_number}: broken JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise UserError(f"line {line_number}: expected a JSON object with \"speaker\" and \"text\"")
    for key in ("speaker", "text"):
        if key not in record:
            raise UserError(f"line {line_number}: the JSON object has no \"{key}\"")
    if not isinstance(record["text"], str):
        raise UserError(f"line {line_number}: \"text\" must be a string")
    return TranscriptLine(line_number, record, Utterance(_speaker(record["speaker"], line_number), record["text"]))


def _parse_plain(line: str, line_number: int) -> TranscriptLine:
    match = _PLAIN.match(line)
    if not match:
        raise UserError(f"line {line_number}: expected \"T: ...\", \"C: ...\", \"Counselor: ...\", "
                        "\"Client: ...\" or a JSON object")
    speaker = _speaker(match.group(1), line_number)
    text = match.group(2)
    return TranscriptLine(line_number, {"speaker": speaker, "text": text}, Utterance(speaker, text))


def parse_transcript(lines: Iterable[str]) -> list[TranscriptLine]:
    turns = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        parse = _parse_json if line[0] in "{[" else _parse_plain
        turns.append(parse(line, number))
    if not turns:
        raise UserError("the transcript is empty: no turns to tag")
    return turns
