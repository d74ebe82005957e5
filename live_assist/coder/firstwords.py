"""Which words a rule's pattern can start with, so the engine skips patterns that cannot match.

Most rule patterns begin with a word or a list of words ("you should", "(?:what|how)"). If
none of those words is in the turn, the pattern cannot match and running it is wasted time,
and regular expressions over long alternations are the coder's main cost. `first_words`
reads the compiled pattern's parse tree and returns the set of complete words a match can
start with ("^" for a pattern anchored at the start of the text), or None when that cannot be
known (then the pattern always runs). The answer
only ever narrows work: a None or a superset is always safe.
"""

from __future__ import annotations

try:
    from re import _constants as C, _parser as P  # Python >= 3.11
except ImportError:  # pragma: no cover - older interpreters just run every pattern
    P = C = None

_LIMIT = 3000  # give up on patterns whose first-word sets explode
START = "^"  # stands for "the start of the text" in a first-word set


class _Unknown(Exception):
    pass


def _walk(items: list, prefix: str, out: set[str], anchored: bool, depth: int = 0) -> None:
    """Add to `out` every first word of a match of `items` whose text so far is `prefix`.
    `anchored`: the match is known to start at a word start (after ^ or \\b), so its first
    letters are a whole token's first letters."""
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
            _walk(list(av[-1]) + rest, prefix, out, anchored, depth + 1)
            return
        if op is C.BRANCH:
            for branch in av[1]:
                _walk(list(branch) + rest, prefix, out, anchored, depth + 1)
            return
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, body = av
            if lo == 0:
                _walk(rest, prefix, out, anchored, depth + 1)
            _walk(list(body) + rest, prefix, out, anchored, depth + 1)
            return
        raise _Unknown  # classes, wildcards, \w...: any word could start here
    if prefix in ("?", "|"):  # always a token of its own in the normalised text
        out.add(prefix)
        return
    if prefix:
        raise _Unknown  # the pattern may end inside a longer word ("increase" in "increases")
    raise _Unknown  # an empty match: matches anywhere


def first_words(pattern: str) -> frozenset[str] | None:
    if P is None:
        return None
    try:
        parsed = P.parse(pattern)
        out: set[str] = set()
        _walk(list(parsed), "", out, False)
        return frozenset(out)
    except Exception:  # _Unknown, or a parse tree this walk does not know: run the pattern
        return None

