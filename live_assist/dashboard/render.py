"""What each part of the dashboard says, as Rich text built from the session state.

Kept apart from the widgets so the wording and colours are in one place and depend only on
events and `SessionState` (scores are never recomputed here, only formatted).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from live_assist.codes import COUNSELOR, QUESTIONS, REFLECTIONS
from live_assist.events import Nudge, Turn
from live_assist.state import Scores, SessionState, rating

BADGES: dict[str, tuple[str, str]] = {
    "open_question": ("open Q", "green"),
    "closed_question": ("closed Q", "yellow"),
    "simple_reflection": ("simple R", "green"),
    "complex_reflection": ("complex R", "bold green"),
    "summary": ("summary", "bold green"),
    "affirmation": ("affirm", "green"),
    "giving_information": ("info", "cyan"),
    "persuade": ("persuade", "bold red"),
    "persuade_with_permission": ("advice w/ permission", "yellow"),
    "emphasize_autonomy": ("autonomy", "green"),
    "seeking_collaboration": ("collab", "green"),
    "confront": ("confront", "bold red"),
    "change_talk": ("change talk", "bold black on green"),
    "sustain_talk": ("sustain talk", "bold white on red"),
}
SPEAKER_STYLE = {COUNSELOR: ("Counsellor", "bold cyan"), "client": ("Client", "bold magenta")}
RATING_STYLE = {"good": "green", "fair": "yellow", "poor": "red"}


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def badges(codes: list[str]) -> Text:
    text = Text()
    for code in codes:
        if code in BADGES:
            label, style = BADGES[code]
            text.append(f" {label} ", style=f"{style} reverse" if "on " not in style else style)
            text.append(" ")
    return text


def _with_time(time_text: str, body: Text) -> Table:
    """The time in its own column, so wrapped lines stay clear of it and each turn's start
    stands out when scanning the transcript."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=5, no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    grid.add_row(time_text, body)
    return grid


def turn_text(turn: Turn) -> Table:
    """One transcript entry: time, who, code badges, then the words."""
    name, style = SPEAKER_STYLE[turn.speaker]
    text = Text()
    text.append(f"{name:<10} ", style=style)
    text.append_text(badges(turn.codes))
    text.append(turn.text, style="" if turn.speaker == COUNSELOR else "italic")
    return _with_time(clock(turn.start), text)


def partial_text(speaker: str, text: str) -> Table:
    name, style = SPEAKER_STYLE[speaker]
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{name:<10} ", style=f"{style} dim")
    out.append(f"{text} …", style="dim italic")
    return _with_time("", out)


def explanation_text(turn: Turn | None) -> Text:
    if turn is None:
        return Text("Select a turn (↑/↓) to see why it got its codes.", style="dim")
    name, style = SPEAKER_STYLE[turn.speaker]
    out = Text()
    out.append(f"{clock(turn.start)} ", style="dim")
    out.append(name, style=style)
    if not turn.explanations:
        out.append("\nno explanation recorded", style="dim")
    for exp in turn.explanations:
        label = BADGES.get(exp.code, (exp.code.replace("_", " "), ""))[0]
        out.append("\n")
        out.append(label, style="bold")
        out.append(f" · rule {exp.rule}")
        if exp.evidence:
            out.append(" · ")
            out.append(f"“{exp.evidence}”", style="italic")
    return out


def _value(name: str, value: float | None) -> Text:
    if value is None:
        return Text("–", style="dim")
    shown = f"{value:.1f}" if name == "rq_ratio" else f"{value:.0%}"
    grade = rating(name, value)
    if grade is None:
        return Text(shown)
    return Text(f"{shown} {grade}", style=RATING_STYLE[grade])


def _talk(value: float | None, above: float) -> Text:
    if value is None:
        return Text("–", style="dim")
    return Text(f"{value:.0%}", style="red" if value > above else "")


def scores_table(whole: Scores, recent: Scores, recent_minutes: float, talk_above: float) -> Table:
    """MITI summary scores, whole session beside the last few minutes, graded by colour and word."""
    # fixed widths: columns that resize as values change make the panel jitter
    table = Table(box=None, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("MITI", style="bold", no_wrap=True, width=11)
    table.add_column("session", no_wrap=True, width=9)
    table.add_column(f"last {recent_minutes:g}m", no_wrap=True, width=9)
    rows = (
        ("R:Q", "rq_ratio"),
        ("%complex R", "pct_complex_reflections"),
        ("%open Q", "pct_open_questions"),
    )
    for label, name in rows:
        table.add_row(label, _value(name, getattr(whole, name)), _value(name, getattr(recent, name)))
    table.add_row(
        "your talk",
        _talk(whole.counselor_talk_share, talk_above),
        _talk(recent.counselor_talk_share, talk_above),
    )
    return table


COUNT_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("open Q", "open_question", "closed Q", "closed_question"),
    ("simple R", "simple_reflection", "complex R", "complex_reflection"),
    ("affirm", "affirmation", "summary", "summary"),
    ("info", "giving_information", "collab", "seeking_collaboration"),
    ("persuade", "persuade", "w/ permission", "persuade_with_permission"),
    ("autonomy", "emphasize_autonomy", "confront", "confront"),
)


def _count_row(l1: str, n1: int, l2: str, n2: int, style: str = "", style2: str = "") -> Text:
    # fixed columns (11+3, 2, 13+3 = 32 cells) so every label fits the 80-column layout
    out = Text()
    out.append(f"{l1:<11}{n1:>3}", style=style)
    out.append("  ")
    out.append(f"{l2:<13}{n2:>3}", style=style2)
    return out


def counts_text(scores: Scores) -> Text:
    """OARS and the other counsellor counts, MI-adherent / non-adherent and the client's talk."""
    rows = [_count_row(l1, scores.counts.get(c1, 0), l2, scores.counts.get(c2, 0)) for l1, c1, l2, c2 in COUNT_ROWS]
    rows.append(_count_row("MI-adherent", scores.mi_adherent, "non-adherent", scores.mi_non_adherent, "green", "red"))
    rows.append(_count_row("change talk", scores.change_talk, "sustain talk", scores.sustain_talk))
    return Text("\n").join(rows)


SPARKS = "▁▂▃▄▅▆▇█"


def per_minute(state: SessionState) -> tuple[list[int], list[int]]:
    """Reflections and questions in each minute of the session so far."""
    minutes = int(state.clock // 60) + 1
    refl, quest = [0] * minutes, [0] * minutes
    for turn in state.turns:
        at = turn.end if turn.end is not None else turn.start
        if at is None:
            continue
        m = min(int(at // 60), minutes - 1)
        codes = set(turn.codes)
        refl[m] += bool(codes & REFLECTIONS)
        quest[m] += bool(codes & QUESTIONS)
    return refl, quest


def sparkline(values: list[int], top: int) -> str:
    if top <= 0:
        return " " * len(values) if values else ""
    return "".join(" " if v == 0 else SPARKS[min(7, (v * 8 - 1) // top)] for v in values)


def timeline_text(state: SessionState, width: int) -> Text:
    """Reflections vs questions per minute, on one scale so the two rows compare."""
    refl, quest = per_minute(state)
    refl, quest = refl[-width:], quest[-width:]
    top = max(refl + quest + [1])
    out = Text()
    out.append("refl  ", style="green")
    out.append(sparkline(refl, top), style="green")
    out.append("\nquest ", style="yellow")
    out.append(sparkline(quest, top), style="yellow")
    return out


def nudge_text(nudge: Nudge | None, private: bool = False) -> Text:
    """The nudge and its reason; when the transcript is hidden the reason may quote the client,
    so only the suggestion is shown."""
    if nudge is None:
        return Text("")
    out = Text()
    out.append(" ➜ ", style="bold")
    out.append(nudge.message, style="bold")
    if not private:
        out.append(f"  ({nudge.reason})", style="dim")
    return out
