"""`live-assist tag`: both transcript forms in, codes out, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from live_assist.cli import main
from live_assist.codes import CLIENT_CODES, COUNSELOR_CODES

ROOT = Path(__file__).resolve().parents[1]

PLAIN = """\
T: hi thanks for coming in what brings you here today
C: my doctor says i drink too much and honestly i want to cut down
Counsellor: so you want to cut down on the drinking
Client: yeah but it helps me relax after work

therapist: it's really up to you what you decide
"""

JSONL = "\n".join(json.dumps(o) for o in [
    {"speaker": "counselor", "text": "what brings you here today", "id": 7},
    {"speaker": "client", "text": "i want to cut down on drinking"},
    {"speaker": "counsellor", "text": "so you want to cut down"},
]) + "\n"


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_transcript_to_json(tmp_path: Path, capsys) -> None:
    path = tmp_path / "session.txt"
    path.write_text(PLAIN, encoding="utf-8")
    code, out, err = _run(capsys, ["tag", str(path), "--json"])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["speaker"] for r in rows] == ["counselor", "client", "counselor", "client", "counselor"]
    assert rows[1]["text"] == "my doctor says i drink too much and honestly i want to cut down"
    for row in rows:
        valid = COUNSELOR_CODES if row["speaker"] == "counselor" else CLIENT_CODES
        assert row["codes"] and set(row["codes"]) <= set(valid)
        assert [e["code"] for e in row["explanations"]] == row["codes"]
        assert all(set(e) == {"code", "rule", "evidence"} for e in row["explanations"])
    assert rows[0]["codes"][0] == "open_question"
    assert rows[1]["codes"][0] == "change_talk"
    assert rows[2]["codes"][0] == "simple_reflection"
    assert rows[3]["codes"][0] == "sustain_talk"
    assert rows[4]["codes"][0] == "emphasize_autonomy"


def test_jsonl_round_trip_keeps_the_input_fields(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(JSONL))
    code, out, err = _run(capsys, ["tag", "-", "--json"])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    sent = [json.loads(line) for line in JSONL.splitlines()]
    assert len(rows) == len(sent)
    for row, original in zip(rows, sent):
        assert {k: row[k] for k in original} == original  # input object unchanged, "id" kept
        assert "codes" in row and "explanations" in row


def test_table_output_lists_every_turn(tmp_path: Path, capsys) -> None:
    path = tmp_path / "session.txt"
    path.write_text(PLAIN, encoding="utf-8")
    code, out, _ = _run(capsys, ["tag", str(path)])
    assert code == 0
    assert "open_question" in out and "change_talk" in out and "emphasize_autonomy" in out
    numbered = [line for line in out.splitlines() if line[:3].strip().isdigit()]
    assert len(numbered) == 5


def test_command_line_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "live_assist", "tag", "--json", "-"],
                          input="T: how are you feeling about it\nC: not great\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2


@pytest.mark.parametrize("content, message", [
    ("T: hello\nX: who is this\n", "line 2: unknown speaker 'X'"),
    ("T: hello\njust words here\n", "line 2: expected"),
    ("T: hello\nnurse: hi\n", "line 2: unknown speaker 'nurse'"),
    ('{"speaker": "client", "text": "hi"}\n{"speaker": "client", "text": \n', "line 2: broken JSON"),
    ('{"speaker": "coach", "text": "hi"}\n', "line 1: unknown speaker 'coach'"),
    ('{"speaker": "client"}\n', 'line 1: the JSON object has no "text"'),
    ('["client", "hi"]\n', "line 1: expected a JSON object"),
    ("\n\n  \n", "empty"),
])
def test_bad_input_is_one_line_error_with_exit_2(tmp_path: Path, capsys, content: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, ["tag", str(path)])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("live-assist: error: ")
    assert message in err


def test_missing_and_binary_files(tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, ["tag", str(tmp_path / "nope.txt")])
    assert code == 2 and "no such file" in err
    binary = tmp_path / "audio.wav"
    binary.write_bytes(b"RIFF\xff\xfe\x00\x01WAVE")
    code, _, err = _run(capsys, ["tag", str(binary)])
    assert code == 2 and "not UTF-8" in err
