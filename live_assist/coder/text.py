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

# One pass finds both: a sentence end gives "" (no group), a word gives the word. Words come
# first: they are most places, and no other branch can start with their letters.
_TOKEN = re.compile(r"([a-z0-9]+(?:'[a-z]+)?|\?)|(?<=[.?!;])\s+|[.!;]+$|--+|\s-\s")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# Hesitations carry no meaning and would split phrases rules look for ("it's um up to you").
_HESITATIONS = frozenset({"um", "umm", "uh", "uhm", "er", "erm", "ah"})
# Some recognisers and typists drop the apostrophe of a contraction ("youre", "dont"); rules are
# written with it, so these get it back. Spellings that are common words stay as they are ("its",
# "well", "were", "ill", "lets", "wed", "hell"); rare ones ("cant", "wont", "id") are taken
# for the contraction, which is what they almost always are in a session.
_CONTRACTIONS = {w.replace("'", ""): w for w in (
    "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
    "hadn't", "won't", "can't", "couldn't", "wouldn't", "shouldn't", "mustn't", "ain't",
    "you're", "you've", "you'll", "you'd", "they're", "they've", "they'll", "they'd", "that's",
    "what's", "there's", "here's", "where's", "who's", "how's", "she's", "he's", "i'm", "i've",
    "i'd", "it'll", "it'd", "we've", "that'll", "that'd")}

CLAUSE_MARK = "|"
# What each token becomes, where that is not itself: a sentence end ("") becomes the mark.
_FORMS = {**_CONTRACTIONS, "": CLAUSE_MARK}


def normalize(text: str) -> str:
    """Lower-case words separated by spaces, clauses separated by " | "."""
    lowered = text.lower()
    if "\u2019" in lowered or "\u2018" in lowered:
        lowered = lowered.translate(_APOSTROPHES)
    if "-" in lowered:
        lowered = _unstutter(lowered)
    tokens = _TOKEN.findall(lowered)
    if not _HESITATIONS.isdisjoint(tokens):
        tokens = [t for t in tokens if t not in _HESITATIONS]
    # `map` over the tokens runs in C: most texts are read once, so this is a large share.
    joined = " ".join(map(_FORMS.get, tokens, tokens))
    if CLAUSE_MARK not in joined:
        return joined
    # Sentence ends with nothing between them (or at either end) make one mark or none. No
    # word holds a mark, so "| |" is only ever two marks in a row.
    while "| |" in joined:
        joined = joined.replace("| |", CLAUSE_MARK)
    if joined.startswith("| "):
        joined = joined[2:]
    if joined.endswith(" |"):
        joined = joined[:-2]
    return "" if joined == CLAUSE_MARK else joined


def words(normalized: str) -> list[str]:
    return [w for w in normalized.split() if w not in (CLAUSE_MARK, "?")]


def _unstutter(text: str) -> str:
    """Stutters in transcripts ("wh-what", "I-I") become the word itself: each run of letters
    a-z that starts a word (`\\b`) and ends at a dash goes where the text after the dash starts
    with it again. What `re.sub(r"\\b([a-z]+)-(?=\\1)", "", text)` gives, found from the dashes
    instead: a regex would try every letter of the text, and half the texts have a dash."""
    parts = []
    done = 0
    dash = text.find("-")
    while dash >= 0:
        start = dash
        while start > done and "a" <= text[start - 1] <= "z":
            start -= 1
        word = text[start:dash]
        before = text[start - 1] if start else " "
        if word and not (before.isalnum() or before == "_") and text.startswith(word, dash + 1):
            parts.append(text[done:start])
            done = dash + 1
        dash = text.find("-", dash + 1)
    return "".join(parts) + text[done:] if parts else text
