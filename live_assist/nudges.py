"""Nudges: one short suggestion at a time, each with the reason it was given.

The policy is a *reaction* for the session core: after each event is folded into the
`SessionState` it is called with `(event, state)` and returns at most one `Nudge`, which the
core writes to the session log like any other event, so a headless session and a replayed
log show the same nudges as the dashboard did. It reads counts from the state's turns and
talk share from `SessionState.scores`, so it never disagrees with the scores on screen.

A counsellor on a call cannot take a stream of advice: at most one nudge per `min_gap_seconds`,
the same nudge not again within `repeat_after_seconds`, and when several apply at once the most
urgent one wins (the order of `_CHECKS`). Times are session seconds (the turn's end).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from live_assist.codes import CLIENT, COMPLEX_REFLECTIONS, COUNSELOR, QUESTIONS, REFLECTIONS
from live_assist.events import Event, Nudge, Turn
from live_assist.state import SessionState

# kind -> what the counsellor reads (the reason is added per occurrence).
MESSAGES: dict[str, str] = {
    "ask_permission": "Ask permission first",
    "reflect_change": "Reflect the change talk",
    "roll_with_sustain": "Roll with it: reflect, don't argue",
    "open_question": "Try an open question",
    "reflect": "Try a reflection",
    "client_talk": "Let the client talk",
    "summary": "Offer a summary",
    "good_reflection": "Nice reflection",
}
KINDS = tuple(MESSAGES)


@dataclass(frozen=True)
class NudgeSettings:
    """Thresholds of the policy; every one can be changed in the `[nudges]` table of the config."""

    min_gap_seconds: float = 20.0
    repeat_after_seconds: float = 90.0
    questions_without_reflection: int = 3
    closed_question_streak: int = 3
    talk_share_above: float = 0.65
    talk_share_window_seconds: float = 180.0
    talk_share_min_turns: int = 6
    summary_every_seconds: float = 300.0
    disabled: tuple[str, ...] = ()


def _quote(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f'"{text}"'


def _counselor_turns_back(state: SessionState) -> Iterable[Turn]:
    return (t for t in reversed(state.turns) if t.speaker == COUNSELOR)


def _check_permission(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker == COUNSELOR and "persuade" in turn.codes:
        return "advice or arguments without asking first"
    return None


def _check_change(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker == CLIENT and "change_talk" in turn.codes:
        return f"change talk: {_quote(turn.text)}"
    return None


def _check_sustain(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker == CLIENT and "sustain_talk" in turn.codes:
        return f"sustain talk: {_quote(turn.text)}"
    return None


def _check_closed_streak(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker != COUNSELOR:
        return None
    streak = 0
    for t in _counselor_turns_back(state):
        if "closed_question" not in t.codes or "open_question" in t.codes:
            break
        streak += 1
    return f"{streak} closed questions in a row" if streak >= s.closed_question_streak else None


def _check_questions(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker != COUNSELOR or not QUESTIONS & set(turn.codes):
        return None
    asked = 0
    for t in _counselor_turns_back(state):
        if REFLECTIONS & set(t.codes):
            break
        asked += bool(QUESTIONS & set(t.codes))
    if asked >= s.questions_without_reflection:
        return f"{asked} questions since your last reflection"
    return None


def _check_talk_share(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    recent = state.scores(window=s.talk_share_window_seconds)
    share = recent.counselor_talk_share
    if share is None or recent.counselor_turns + recent.client_turns < s.talk_share_min_turns:
        return None
    if share > s.talk_share_above:
        minutes = s.talk_share_window_seconds / 60
        return f"you spoke {share:.0%} of the last {minutes:g} min"
    return None


def _check_summary(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    now = _time_of(turn, state)
    since = next(
        (t.end for t in reversed(state.turns) if "summary" in t.codes and t.end is not None),
        0.0,
    )
    quiet = now - since
    if quiet >= s.summary_every_seconds:
        return f"no summary for {quiet / 60:.0f} min"
    return None


def _check_good_reflection(turn: Turn, state: SessionState, s: NudgeSettings) -> str | None:
    if turn.speaker == COUNSELOR and turn.main_code in COMPLEX_REFLECTIONS:
        return "a complex reflection" if turn.main_code == "complex_reflection" else "a summary"
    return None


Check = Callable[[Turn, SessionState, NudgeSettings], "str | None"]

# Most urgent first: harm to avoid, then the client's words to catch, then habits, then praise.
_CHECKS: tuple[tuple[str, Check], ...] = (
    ("ask_permission", _check_permission),
    ("reflect_change", _check_change),
    ("roll_with_sustain", _check_sustain),
    ("open_question", _check_closed_streak),
    ("reflect", _check_questions),
    ("client_talk", _check_talk_share),
    ("summary", _check_summary),
    ("good_reflection", _check_good_reflection),
)


def _time_of(turn: Turn, state: SessionState) -> float:
    return turn.end if turn.end is not None else state.clock


class NudgePolicy:
    """The nudge reaction. Keeps only the times of its own past nudges, for the cooldowns."""

    def __init__(self, settings: NudgeSettings | None = None) -> None:
        self.settings = settings or NudgeSettings()
        self._last_any: float | None = None
        self._last_by_kind: dict[str, float] = {}

    def __call__(self, event: Event, state: SessionState) -> list[Nudge]:
        if not isinstance(event, Turn):
            return []
        s = self.settings
        now = _time_of(event, state)
        if self._last_any is not None and now - self._last_any < s.min_gap_seconds:
            return []
        for kind, check in _CHECKS:
            if kind in s.disabled:
                continue
            last = self._last_by_kind.get(kind)
            if last is not None and now - last < s.repeat_after_seconds:
                continue
            reason = check(event, state, s)
            if reason:
                self._last_any = self._last_by_kind[kind] = now
                return [Nudge(at=now, kind=kind, message=MESSAGES[kind], reason=reason)]
        return []
