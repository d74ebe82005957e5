"""The session as plain text on a terminal or in a pipe: one line per committed turn, warnings
on stderr, the summary scores at the end. For `--headless` and for when there is no screen."""

from __future__ import annotations

import sys
from typing import TextIO

from live_assist.events import Event, SessionEnded, Turn, Warning
from live_assist.state import rating


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):02d}:{secs:04.1f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f} %"


def summary_lines(summary: dict) -> list[str]:
    rq = summary.get("rq_ratio")
    lines = [
        f"turns: {summary.get('counselor_turns', 0)} counsellor, {summary.get('client_turns', 0)} client",
        f"reflections to questions: {'-' if rq is None else f'{rq:.2f}'}"
        + (f" ({rating('rq_ratio', rq)})" if rq is not None else ""),
    ]
    for key, label in (
        ("pct_complex_reflections", "complex reflections"),
        ("pct_open_questions", "open questions"),
    ):
        value = summary.get(key)
        lines.append(f"{label}: {_percent(value)}" + (f" ({rating(key, value)})" if value is not None else ""))
    lines.append(f"counsellor talk share: {_percent(summary.get('counselor_talk_share'))}")
    lines.append(
        f"client change talk: {summary.get('change_talk', 0)}, sustain talk: {summary.get('sustain_talk', 0)}"
    )
    return lines


class HeadlessPrinter:
    """An EventSink that writes what a counsellor reading along needs, nothing more."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self._out = out or sys.stdout
        self._err = err or sys.stderr

    def __call__(self, event: Event) -> None:
        if isinstance(event, Turn):
            codes = ",".join(event.codes) or "-"
            print(f"[{clock_text(event.start)}] {event.speaker:<9} {codes:<22} {event.text}", file=self._out, flush=True)
        elif isinstance(event, Warning):
            print(f"warning [{clock_text(event.at)}]: {event.message}", file=self._err, flush=True)
        elif isinstance(event, SessionEnded):
            print(f"-- session ended at {clock_text(event.at)} ({event.reason})", file=self._out)
            for line in summary_lines(event.summary):
                print(f"   {line}", file=self._out)
            self._out.flush()
