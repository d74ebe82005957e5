"""Shared by the audio benchmarks: synthetic sessions from AnnoMI dev transcripts, and running
`live-assist replay` on them in this process, returning the events it produced."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODEL = SHARED / "models" / "whisper-tiny.en-ct2-int8"
CSV = SHARED / "data" / "annomi-dev" / "AnnoMI-simple.dev.csv"
TOOL = SHARED / "tools" / "make_tts_session.py"
CACHE = Path(tempfile.gettempdir()) / "live-assist-bench-tts"

sys.path.insert(0, str(REPO))

from live_assist.cli import build_parser  # noqa: E402
from live_assist.commands.replay import build_runner  # noqa: E402

SPEAKER = {"therapist": "counselor", "client": "client"}


def session(tid: str, max_utterances: int = 0) -> Path:
    """The stereo FLAC of one transcript (cached: espeak is deterministic for a seed)."""
    out = CACHE / f"max{max_utterances}"
    flac = out / f"annomi-{tid}.flac"
    if not flac.exists():
        out.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(TOOL), str(CSV), str(out), "--ids", tid]
        if max_utterances:
            cmd += ["--max-utterances", str(max_utterances)]
        subprocess.run(cmd, check=True, capture_output=True)
    return flac


def truth(flac: Path) -> list[dict]:
    lines = flac.with_name(flac.name.replace(".flac", ".truth.jsonl")).read_text().splitlines()
    return [json.loads(line) for line in lines]


def replay(flac: Path, *flags: str) -> list:
    args = build_parser().parse_args(
        ["replay", str(flac), "--model", str(MODEL), "--cpu-threads", "2", *flags]
    )
    events: list = []
    build_runner(args)(events.append, threading.Event())
    return events


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def best_turn(utt: dict, turns: list):
    """The turn that overlaps the utterance most in time, or None."""
    scored = [(overlap(t.start, t.end, utt["start"], utt["end"]), t) for t in turns]
    best = max(scored, key=lambda x: x[0], default=(0.0, None))
    return best[1] if best[0] > 0 else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
