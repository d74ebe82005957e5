"""Which words a rule's pattern can start with, so the engine skips patterns that cannot match.

Most rule patterns begin with a word or a list of words ("you should", "(?:what|how)"). If
none of those words is in the turn, the pattern cannot match and running it is wasted time,
and regular expressions over long alternations are the coder's main cost. `first_words`
reads the compiled pattern's parse tree and returns the set of complete words a match can
start with ("^" for a pattern anchored at the start of the text), or None when that cannot be
known (then the pattern always runs). The answer
only ever narrows work: a None or a superset is always safe.

`first_pairs` goes one word further where it can ("you should", "you need"): most failed
pattern runs start at a common word ("you", "that", "it") and fail on the word after it, and
checking what the text reads there costs far less than running the regex. Where the second word
cannot be known, the first word alone stands for that branch.

Two more readings of the same parse tree narrow work where first words say little:
`start_words`, for matches where a clause opens (the start of a turn, or a clause mark),
looks past the fillers a pattern may skip there; `required_part` gives a pattern with no known first words a part every match contains
that is cheap to search for first.
"""

from __future__ import annotations

import functools
import re

try:
    from re import _compiler as K, _constants as C, _parser as P  # Python >= 3.11
except ImportError:  # pragma: no cover - older interpreters just run every pattern
    K = P = C = None

_LIMIT = 3000  # give up on patterns whose first-word sets explode
START = "^"  # stands for "the start of the text" in a first-word set


class _Unknown(Exception):
    pass


def _give_up(prefix: str, out: set[str]) -> None:
    """Where the second word cannot be known, a complete first word still narrows."""
    if " " not in prefix:
        raise _Unknown
    out.add(prefix.split(" ", 1)[0])


def _walk(items: list, prefix: str, out: set[str], anchored: bool, pairs: bool, depth: int = 0) -> None:
    """Add to `out` every first word (`pairs`: first word pair where known) of a match of
    `items` whose text so far is `prefix`. `anchored`: the match is known to start at a word
    start (after ^ or \\b), so its first letters are a whole token's first letters."""
    if depth > 60 or len(out) > _LIMIT:
        raise _Unknown
    for i, (op, av) in enumerate(items):
        rest = items[i + 1:]
        if op is C.LITERAL:
            ch = chr(av)
            if not prefix and not anchored and ch not in "|?":
                raise _Unknown  # could start inside a longer word
            if ch == " ":
                if not prefix:
                    raise _Unknown  # a leading space: cannot say which word
                if pairs:
                    _walk_second(rest, prefix + ch, out, depth)
                else:
                    out.add(prefix)
                return
            prefix += ch
            continue
        if op is C.AT:
            if not prefix and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                out.add(START)  # can only match at the very start of the text
                return
            if av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_END, C.AT_END_STRING):
                if prefix and av is C.AT_BOUNDARY:
                    out.add(prefix)
                    return
                if prefix and av in (C.AT_END, C.AT_END_STRING):
                    out.add(prefix)
                    return
                anchored = anchored or av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING)
                continue
            raise _Unknown
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, _sub = av
            if direction < 0 or op is C.ASSERT_NOT:  # lookbehinds and negative lookaheads
                continue
            raise _Unknown
        if op is C.SUBPATTERN:
            _walk(list(av[-1]) + rest, prefix, out, anchored, pairs, depth + 1)
            return
        if op is C.BRANCH:
            for branch in av[1]:
                _walk(list(branch) + rest, prefix, out, anchored, pairs, depth + 1)
            return
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            if lo == 0:
                _walk(rest, prefix, out, anchored, pairs, depth + 1)
            if hi:
                # X{lo,hi} is X then X{lo-1,hi-1}: the body may come again before the first word
                # ends ("ababc" for "(?:ab)*c"). A body that never ends the word gives up at `depth`.
                again = [] if hi == 1 else [(op, (max(lo - 1, 0), hi if hi == C.MAXREPEAT else hi - 1, body))]
                _walk(list(body) + again + rest, prefix, out, anchored, pairs, depth + 1)
            return
        raise _Unknown  # classes, wildcards, \w...: any word could start here
    if prefix in ("?", "|"):  # always a token of its own in the normalised text
        out.add(prefix)
        return
    if prefix:
        raise _Unknown  # the pattern may end inside a longer word ("increase" in "increases")
    raise _Unknown  # an empty match: matches anywhere


def _walk_second(items: list, prefix: str, out: set[str], depth: int) -> None:
    """Like `_walk`, past the first word and its space (`prefix` is "you " or "you sh"): adds
    the pair once the second word is complete. A pair is the text a match begins with, so a
    place where the text does not start with any of a pattern's pairs cannot match."""
    if depth > 60 or len(out) > _LIMIT:
        raise _Unknown
    second_started = not prefix.endswith(" ")
    for i, (op, av) in enumerate(items):
        rest = items[i + 1:]
        if op is C.LITERAL:
            ch = chr(av)
            if ch == " ":
                if second_started:
                    out.add(prefix)
                else:
                    _give_up(prefix, out)
                return
            prefix += ch
            second_started = True
            continue
        if op is C.AT and av in (C.AT_BOUNDARY, C.AT_END, C.AT_END_STRING) and second_started:
            out.add(prefix)
            return
        if op is C.ASSERT_NOT or (op is C.ASSERT and av[0] < 0):
            continue
        if op is C.SUBPATTERN:
            _walk_second(list(av[-1]) + rest, prefix, out, depth + 1)
            return
        if op is C.BRANCH:
            for branch in av[1]:
                _walk_second(list(branch) + rest, prefix, out, depth + 1)
            return
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            if lo == 0:
                _walk_second(rest, prefix, out, depth + 1)
            # Once through the body: what follows is only known when it cannot come again.
            _walk_second(list(body) + (rest if hi == 1 else []), prefix, out, depth + 1)
            return
        _give_up(prefix, out)
        return
    if prefix.split(" ", 1)[1] in ("?", "|"):  # always a token of its own
        out.add(prefix)
    else:
        _give_up(prefix, out)


@functools.lru_cache(maxsize=64)
def _parse(pattern: str, flags: int = 0) -> P.SubPattern:
    """A pattern's parse tree, kept for the other readings of it at load time (parsing a long
    word list costs more than reading its tree). Trees are only read, never changed."""
    return P.parse(pattern, flags)


def _starts(pattern: str, pairs: bool) -> frozenset[str] | None:
    if P is None:
        return None
    try:
        parsed = _parse(pattern)
        out: set[str] = set()
        _walk(list(parsed), "", out, False, pairs)
        return frozenset(out)
    except Exception:  # _Unknown, or a parse tree this walk does not know: run the pattern
        return None


def by_first_word(starts: frozenset[str]) -> dict[str, tuple[str, ...] | None]:
    """A pattern's starts (`first_pairs`) by first word: the starts a match may have where
    that word (or a word it is the first part of: "you" in "you're") stands, the pattern to
    run there only where the text reads one of them (a `str.startswith` there, or a lookup of
    what the text reads); None where that rules nothing out (the word alone is a start). A
    start the text reads may still fail ("you should" followed by "not"), which only runs the
    pattern in vain; where it reads none, it cannot match."""
    # Starts that may stand at a word share its part before any apostrophe: look only there.
    by_head: dict[str, list[tuple[str, str]]] = {}
    for start in starts:
        first = start.split(" ", 1)[0]
        by_head.setdefault(first.split("'", 1)[0], []).append((first, start))
    out: dict[str, tuple[str, ...] | None] = {}
    for head, group in by_head.items():
        for word in {first for first, _ in group}:
            mine = tuple(sorted(start for first, start in group if _may_stand_at(first, word)))
            out[word] = None if word in mine else mine
    return out


def _may_stand_at(first: str, word: str) -> bool:
    """Whether a start whose first word is `first` may begin where `word` is listed: at the
    word itself or at a longer word it is the first part of ("you" lists "you're")."""
    return first == word or first.startswith(word + "'") or word.startswith(first + "'")


def first_words(pattern: str) -> frozenset[str] | None:
    return _starts(pattern, False)


def first_pairs(pattern: str) -> frozenset[str] | None:
    """Like `first_words`, with "first second" where the second word is known too: a match
    starts at one of these words, or at one of these word pairs. Falls back to `first_words`
    where the pairs are too many to list."""
    found = _starts(pattern, True)
    return found if found is not None else first_words(pattern)



def start_words(pattern: str, pairs: bool = False,
                clause: bool = False) -> tuple[frozenset[str], frozenset[str]] | None:
    """What a match at the very start of the text can begin with, for patterns that may first
    skip any number of listed words ("(?:^|\\| )(?:<filler> )*(?:what|how)\\b"): (the words
    that may be skipped, the words the first word after them is one of). A match at the start
    then needs one of those first words among the text's first words, up to and including the
    first one that may not be skipped. None when that cannot be known. Unlike `first_words`,
    this looks past the start of the text, where most rules stand, because fillers open most
    turns and the word after them decides. `pairs`: first word pairs where the second word is
    known, as `first_pairs` gives them ("you should"). `clause`: the same for a match at a
    clause mark instead ("| so what"), past the mark and its space; a match there cannot
    begin with anything but the mark."""
    if P is None:
        return None
    try:
        skipped: set[str] = set()
        first: set[str] = set()
        if clause:
            _walk_clause(list(_parse(pattern)), skipped, first, pairs)
        else:
            _walk_start(list(_parse(pattern)), skipped, first, pairs, "start")
        return frozenset(skipped), frozenset(first)
    except Exception:  # _Unknown, or a parse tree this walk does not know
        return None


def _walk_start(items: list, skipped: set[str], first: set[str], pairs: bool, where: str,
                depth: int = 0) -> None:
    """Add to `first` the first word of every match of `items` at a word start, past any
    leading repeats of whole words (`_skippable`), whose words go to `skipped`. `where`:
    "start", at the text's start with nothing matched yet (a normal form never begins with a
    clause mark); "maybe" there, past words that may have been skipped; "clause", past a
    clause mark (never the text's start)."""
    if depth > 60:
        raise _Unknown
    for i, (op, av) in enumerate(items):
        rest = items[i + 1:]
        if op is C.SUBPATTERN:
            _walk_start(list(av[-1]) + rest, skipped, first, pairs, where, depth + 1)
            return
        if op is C.BRANCH:
            for branch in av[1]:
                _walk_start(list(branch) + rest, skipped, first, pairs, where, depth + 1)
            return
        if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
            if where == "clause":
                return  # no match past a clause mark is at the text's start
            continue
        if op is C.AT and av is C.AT_BOUNDARY:
            continue  # holds where a word starts
        if op is C.ASSERT_NOT or (op is C.ASSERT and av[0] < 0):
            continue  # only ever rules matches out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] == 0:
            words = _skippable(list(av[2]))
            if words is not None:
                skipped |= words
                where = "maybe" if where == "start" else where
                continue
        if where == "start" and op is C.LITERAL and av == ord("|"):
            return
        _walk(items[i:], "", first, True, pairs, depth)
        return
    raise _Unknown  # could match the empty text


def _walk_clause(items: list, skipped: set[str], first: set[str], pairs: bool, depth: int = 0) -> None:
    """`_walk_start` for a match at a clause mark: it must begin with the mark and a space,
    then reads like a match at the start. Only the mark can begin it there: not the text's
    start (`^`), nor a word boundary (the mark stands between a space and a space)."""
    if depth > 60:
        raise _Unknown
    for i, (op, av) in enumerate(items):
        rest = items[i + 1:]
        if op is C.SUBPATTERN:
            _walk_clause(list(av[-1]) + rest, skipped, first, pairs, depth + 1)
            return
        if op is C.BRANCH:
            for branch in av[1]:
                _walk_clause(list(branch) + rest, skipped, first, pairs, depth + 1)
            return
        if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BOUNDARY):
            return
        if op is C.ASSERT_NOT or (op is C.ASSERT and av[0] < 0):
            continue
        if op is C.LITERAL:
            if av != ord("|"):
                return
            if not rest or rest[0] != (C.LITERAL, ord(" ")):
                raise _Unknown
            _walk_start(rest[1:], skipped, first, pairs, "clause", depth + 1)
            return
        raise _Unknown
    raise _Unknown


def _skippable(body: list) -> set[str] | None:
    """The words a repeated `body` can consume if each time it consumes whole words and the
    space after them ("(?:<filler> )"), else None."""
    try:
        texts = _texts(body)
    except _Unknown:
        return None
    if not all(t.endswith(" ") and not t.startswith(" ") and "  " not in t for t in texts):
        return None
    return {w for t in texts for w in t.split(" ") if w}


def _texts(items: list) -> set[str]:
    """Every text `items` can match, when they are few (raises _Unknown otherwise)."""
    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            options = {chr(av)}
        elif op is C.IN and all(o is C.LITERAL for o, _ in av):
            options = {chr(a) for _, a in av}
        elif op is C.SUBPATTERN:
            options = _texts(list(av[-1]))
        elif op is C.BRANCH:
            options = set().union(*(_texts(list(b)) for b in av[1]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] == 1:
            options = _texts(list(av[2])) | ({""} if av[0] == 0 else set())
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # matches nothing itself, only rules matches out
        else:
            raise _Unknown
        out = {t + o for t in out for o in options}
        if len(out) > _LIMIT:
            raise _Unknown
    return out


def required_part(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A part of `pattern` every match contains, compiled on its own: a space and the word
    list after it (" (?:great|well done)" in "\\b\\w+ing\\b(?: \\w+){0,6} (?:great|well done)").
    A pattern with no known first words must be searched for at every letter of the text;
    this part starts with a space, so the regex engine jumps from space to space looking for
    it, at a fraction of the cost, and where it is not found the pattern cannot match. Of
    several such parts, the one with the fewest short first words (the commonest words are
    short); None where there is none."""
    if K is None:
        return None
    try:
        parsed = _parse(pattern, flags)
        items = list(parsed)
        while len(items) == 1 and items[0][0] is C.SUBPATTERN and items[0][1][0] is None:
            items = list(items[0][1][-1])  # a non-capturing group around the whole pattern
        best, best_score = None, None
        for i in range(len(items) - 1):
            if items[i] != (C.LITERAL, ord(" ")) or _refers_to_groups(items[i + 1:i + 2]):
                continue
            words: set[str] = set()
            try:
                _walk(items[i + 1:], "", words, True, False)
            except _Unknown:
                continue
            score = (sum(len(w) <= 2 for w in words), len(words))
            if best_score is None or score < best_score:
                best, best_score = items[i:i + 2], score
        return None if best is None else K.compile(P.SubPattern(parsed.state, best), flags)
    except Exception:  # a parse tree this does not know: search the whole pattern
        return None


def _refers_to_groups(items: list) -> bool:
    """Whether `items` use what a group matched elsewhere, which the part alone cannot."""
    for op, av in items:
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return True
        for sub in (av if isinstance(av, (list, tuple)) else ()):
            if isinstance(sub, P.SubPattern) and _refers_to_groups(list(sub)):
                return True
            if isinstance(sub, list) and any(isinstance(b, P.SubPattern) and _refers_to_groups(list(b)) for b in sub):
                return True
    return False
