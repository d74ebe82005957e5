"""Turn text into the one form every rule matches against.

Rules must work on speech-recognition output, so the form is lower case with punctuation
removed: a rule cannot lean on capitals or on a "?" the recogniser may drop. Sentence ends that
*are* present still mark clause boundaries (" | "), because "okay. so what happened" starts a
question after the boundary; without them the whole turn is one clause and word order decides.
A question mark, when the transcript has one, stays as a "?" word so a rule may count it as one
cue among others; rules never need it.
"""

from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"(?<=[.?!;])\s+|[.!;]+$|--+|\s-\s")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\?")
# Stutters in transcripts ("wh-what", "I-I") become the word itself.
_STUTTER = re.compile(r"\b([a-z]+)-(?=\1)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# Hesitations carry no meaning and would split phrases rules look for ("it's um up to you").
_HESITATIONS = frozenset({"um", "umm", "uh", "uhm", "er", "erm", "ah"})

CLAUSE_MARK = "|"


def normalize(text: str) -> str:
    """Lower-case words separated by spaces, clauses separated by " | "."""
    lowered = text.lower().translate(_APOSTROPHES)
    if "-" in lowered:
        lowered = _STUTTER.sub("", lowered)
    clauses = (" ".join(w for w in _WORD.findall(part) if w not in _HESITATIONS)
               for part in _CLAUSE_END.split(lowered))
    return f" {CLAUSE_MARK} ".join(c for c in clauses if c)


def words(normalized: str) -> list[str]:
    return [w for w in normalized.split() if w not in (CLAUSE_MARK, "?")]
