"""Load the rule files (`models/rules/*.toml`) into compiled rules.

A rule file holds, for one speaker, the rules that give its codes. Each `[[rule]]` names a
code, regular expressions over the normalised turn (see `live_assist.coder.text`) and optional
conditions on the turn's length and on the conversation before it. `<name>` inside a pattern
expands to a macro or a word list from any file's `[macros]`/`[words]` table, so word lists stay
lists and patterns stay short. Everything is compiled once, at load time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from live_assist.coder.firstwords import by_first_word, first_pairs

_PACKAGED = Path(__file__).resolve().parents[1] / "_rules"
_CHECKOUT = Path(__file__).resolve().parents[2] / "models" / "rules"
_MACRO = re.compile(r"<(\w+)>")


def default_rules_dir() -> Path:
    """The copy inside an installed wheel if there is one, else the checkout's `models/rules`."""
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, eq=False)
class Search:
    """One regular expression a condition looks for anywhere in a text. Rules asking the same
    thing share one `Search`, so the engine can remember each text's answer and work it out
    once for all of them; `starts` (as for rule patterns) says where a match can begin."""

    key: int  # its number among the rule set's searches: what a text's answers are kept under
    regex: re.Pattern[str]
    starts: frozenset[str] | None  # the words a match can start with
    # Per word in `starts`, the word pairs a match there can start with, to test before
    # running the regex (see `firstwords.by_first_word`).
    tests: dict[str, tuple[str, ...] | None]


@dataclass(frozen=True)
class Rule:
    name: str
    code: str
    weight: float
    pattern: re.Pattern[str] | None  # the rule's patterns as one regex; None: conditions only
    # The words, or word pairs where the second word is known ("you should"), a match can start
    # with (None: unknown): the pattern runs only where one of them stands.
    starts: frozenset[str] | None = None
    # Conditions on the turn and on the turns before it: each holds if any of its searches
    # finds something (an empty tuple: no condition).
    unless: tuple[Search, ...] = ()
    after: tuple[Search, ...] = ()
    after_own: tuple[Search, ...] = ()
    # The code this speaker's own previous turn gets from its own words alone (the rules that
    # need no context), one of these: a client going on after a counsellor's "mm-hmm".
    after_own_code: frozenset[str] = frozenset()
    min_words: int = 0
    max_words: int = 10**9
    min_overlap: float = 0.0
    max_overlap: float = 1.0
    min_shared: int = 0
    min_echoed: int = 0
    echo_words: int | None = None  # content words shared to count as echoing (default: context)
    # Only the most recent client turns count (default, and at most: the [context] summary_window,
    # as far back as the context is read).
    echo_window: int | None = None
    lead: bool = False


@dataclass(frozen=True)
class SpeakerRules:
    """Everything needed to code one speaker's turns."""

    speaker: str
    fallback: str
    rules: tuple[Rule, ...]
    exclusive: tuple[frozenset[str], ...] = ()
    secondary_min: float = 1.0


@dataclass(frozen=True)
class RuleSet:
    by_speaker: dict[str, SpeakerRules]
    stopwords: frozenset[str] = field(default_factory=frozenset)
    overlap_window: int = 2
    summary_window: int = 6
    echo_min_shared: int = 2


_CONTEXT_KEYS = {"overlap_window", "summary_window", "echo_min_shared"}
# What a rule file may hold at its top level. Anything else is a mistake that TOML would
# otherwise hide: a key written after a table header belongs to that table, so a list meant
# for the top level silently lands inside `[macros]` and is never read.
_FILE_KEYS = {"speaker", "fallback", "secondary_min", "exclusive", "rule", "macros", "words",
              "stopwords", "context"}

_RULE_KEYS = {
    "name", "code", "weight", "patterns", "unless", "after", "after_own", "after_own_code",
    "min_words", "max_words",
    "min_overlap", "max_overlap", "min_shared", "min_echoed", "echo_words", "echo_window", "lead",
}


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise RuleError(f"{where}: unknown macro <{m.group(1)}>")
        return macros[m.group(1)]

    for _ in range(5):  # macros may use macros
        pattern, n = _MACRO.subn(sub, pattern)
        if not n:
            return pattern
    raise RuleError(f"{where}: macros nest too deeply")


def _as_list(patterns: list[str] | str | None) -> list[str]:
    if not patterns:
        return []
    return [patterns] if isinstance(patterns, str) else patterns


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    # ASCII: rules only ever see normalised text, which is ASCII, and there `\w` and `\b`
    # mean the same as in Unicode mode while costing a table lookup instead of a call per letter.
    try:
        return re.compile(pattern, re.ASCII)
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from None


def _compile(patterns: list[str] | str | None, macros: dict[str, str], where: str) -> re.Pattern[str] | None:
    """A rule's patterns as one regex: at each place, the first of them that matches wins."""
    patterns = _as_list(patterns)
    if not patterns:
        return None
    return _regex("|".join(f"(?:{_expand(p, macros, where)})" for p in patterns), where)


def _searches(patterns: list[str] | str | None, macros: dict[str, str], where: str,
              shared: dict[str, Search]) -> tuple[Search, ...]:
    """A condition's patterns, each its own `Search`, taken from `shared` when another rule
    already asks the same (a condition only asks whether any of them is found, so keeping
    them apart lets rules share the common ones)."""
    out = []
    for pattern in _as_list(patterns):
        expanded = _expand(pattern, macros, where)
        if expanded not in shared:
            pairs = first_pairs(expanded)
            tests = by_first_word(pairs) if pairs is not None else {}
            shared[expanded] = Search(len(shared), _regex(expanded, where),
                                      frozenset(tests) if pairs is not None else None, tests)
        out.append(shared[expanded])
    return tuple(out)


def _alternation(items: list[str]) -> str:
    """A word list as a regex matching any of its entries, longest first ("all right" before
    "all"). It is written as a letter tree ("a(?:ll(?: right)?|nd)"): where a flat list of
    entries makes the regex engine try every entry at every place, the tree tries only those
    that share the letters so far. The entries that can match at one place are prefixes of one
    another, and the tree tries them longest first too, so it matches exactly what the list would."""
    tree: dict[str, dict] = {}
    for item in items:
        node = tree
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}  # an entry ends here
    return "(?:" + _branches(tree) + ")"


def _branches(node: dict[str, dict]) -> str:
    alts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _codes(value: object, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    codes = [value] if isinstance(value, str) else value
    if not _strings(codes) or not codes:
        raise RuleError(f"{where}: after_own_code must be a code or a list of codes")
    return frozenset(codes)


_WHOLE = {"min_words": 0, "max_words": 0, "min_shared": 0, "min_echoed": 0, "echo_words": 1,
          "echo_window": 1}  # whole-number keys and their least value
_SHARES = ("min_overlap", "max_overlap")  # fractions of the turn's content words


def _weight(raw: dict, where: str) -> float:
    value = raw.get("weight", 1.0)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise RuleError(f"{where}: weight must be a number")
    return float(value)


def _limits(raw: dict, where: str) -> dict:
    """A rule's number and flag keys, checked: a wrong type would otherwise only fail (or
    silently misbehave) when a turn is coded."""
    out: dict = {}
    for key, least in _WHOLE.items():
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise RuleError(f"{where}: {key} must be a whole number of at least {least}")
            out[key] = value
    for key in _SHARES:
        if key in raw:
            value = raw[key]
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
                raise RuleError(f"{where}: {key} must be a number from 0 to 1")
            out[key] = float(value)
    if "lead" in raw:
        if not isinstance(raw["lead"], bool):
            raise RuleError(f"{where}: lead must be true or false")
        out["lead"] = raw["lead"]
    return out


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_file(name: str, doc: dict) -> None:
    """Refuses what the loader would otherwise misread or ignore, naming the file and key."""
    unknown = sorted(set(doc) - _FILE_KEYS)
    if unknown:
        raise RuleError(f"{name}: unknown top-level key {unknown[0]!r} (a key placed after a "
                        f"[table] header belongs to that table)")
    for key, value in doc.get("macros", {}).items():
        if not isinstance(value, str):
            raise RuleError(f"{name}: macro {key!r} must be a string, not {type(value).__name__}")
    for key, value in doc.get("words", {}).items():
        if not _strings(value):
            raise RuleError(f"{name}: word list {key!r} must be a list of strings")
    if "stopwords" in doc and not _strings(doc["stopwords"]):
        raise RuleError(f"{name}: 'stopwords' must be a list of strings")
    for key, value in doc.get("context", {}).items():
        if key not in _CONTEXT_KEYS:
            raise RuleError(f"{name}: unknown [context] key {key!r}")
        if not isinstance(value, int) or isinstance(value, bool):
            raise RuleError(f"{name}: [context] {key!r} must be a whole number")


def load_rules(directory: Path | None = None) -> RuleSet:
    directory = directory or default_rules_dir()
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RuleError(f"no rule files (*.toml) in {directory}")
    docs = {}
    for path in files:
        try:
            docs[path.name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: {exc}") from None
        _check_file(path.name, docs[path.name])

    macros: dict[str, str] = {}
    stopwords: set[str] = set()
    settings: dict[str, int] = {}
    for doc in docs.values():
        for key, items in doc.get("words", {}).items():
            macros[key] = _alternation(items)
        macros.update(doc.get("macros", {}))
        stopwords.update(doc.get("stopwords", []))
        settings.update(doc.get("context", {}))

    by_speaker: dict[str, SpeakerRules] = {}
    shared: dict[str, Search] = {}
    for fname, doc in docs.items():
        if "speaker" not in doc:
            continue
        rules = []
        for i, raw in enumerate(doc.get("rule", [])):
            where = f"{fname} rule {raw.get('name', i + 1)!r}"
            unknown = set(raw) - _RULE_KEYS
            if unknown or "name" not in raw or "code" not in raw:
                raise RuleError(f"{where}: needs name and code; unknown keys {sorted(unknown)}")
            pattern = _compile(raw.get("patterns"), macros, where)
            rules.append(Rule(
                name=raw["name"], code=raw["code"], weight=_weight(raw, where),
                pattern=pattern, starts=first_pairs(pattern.pattern) if pattern else None,
                unless=_searches(raw.get("unless"), macros, where, shared),
                after=_searches(raw.get("after"), macros, where, shared),
                after_own=_searches(raw.get("after_own"), macros, where, shared),
                after_own_code=_codes(raw.get("after_own_code"), where),
                **_limits(raw, where),
            ))
        by_speaker[doc["speaker"]] = SpeakerRules(
            speaker=doc["speaker"], fallback=doc["fallback"], rules=tuple(rules),
            exclusive=tuple(frozenset(g) for g in doc.get("exclusive", [])),
            secondary_min=float(doc.get("secondary_min", 1.0)),
        )
    return RuleSet(by_speaker=by_speaker, stopwords=frozenset(stopwords), **settings)
