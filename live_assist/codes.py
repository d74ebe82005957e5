"""The behaviour codes: exact names, who they apply to, and how MITI groups them.

The names are a contract: they appear in `tag --json`, the session log, the wire format and
the reports, so other tools match on them. Counts and scores are derived from these groups
in one place (`live_assist.state`), never re-listed elsewhere.
"""

from __future__ import annotations

COUNSELOR = "counselor"
CLIENT = "client"
SPEAKERS = (COUNSELOR, CLIENT)

_SPEAKER_ALIASES = {
    "counselor": COUNSELOR,
    "counsellor": COUNSELOR,
    "therapist": COUNSELOR,
    "t": COUNSELOR,
    "client": CLIENT,
    "c": CLIENT,
}

# Counsellor codes, with a one-line description a counsellor recognises (used by --help,
# the README and the dashboard).
COUNSELOR_CODES: dict[str, str] = {
    "open_question": "open question: invites the client to tell their story",
    "closed_question": "closed question: answered with yes/no or a short fact",
    "simple_reflection": "simple reflection: says back what the client said",
    "complex_reflection": "complex reflection: adds meaning, feeling or emphasis",
    "summary": "summary: gathers several things the client said",
    "affirmation": "affirmation: recognises the client's strengths or efforts",
    "giving_information": "giving information: facts, feedback, explanation",
    "persuade": "persuading: advice or arguments without asking permission",
    "persuade_with_permission": "persuading with permission: advice after asking or with choice",
    "emphasize_autonomy": "emphasising autonomy: the choice is the client's",
    "seeking_collaboration": "seeking collaboration: asks for the client's ideas or agreement",
    "confront": "confronting: argues, blames, labels or shames",
    "other": "other: greetings, fillers, structuring",
}

CLIENT_CODES: dict[str, str] = {
    "change_talk": "change talk: the client's own reasons, desire or plans to change",
    "sustain_talk": "sustain talk: the client's reasons to stay as they are",
    "neutral": "neutral: neither for nor against change",
}

QUESTIONS = frozenset({"open_question", "closed_question"})
# MITI 4.2.1 codes a summary as a (usually complex) reflection, so it counts as one in scores.
REFLECTIONS = frozenset({"simple_reflection", "complex_reflection", "summary"})
COMPLEX_REFLECTIONS = frozenset({"complex_reflection", "summary"})
MI_ADHERENT = frozenset({"affirmation", "seeking_collaboration", "emphasize_autonomy"})
MI_NON_ADHERENT = frozenset({"persuade", "confront"})


def normalize_speaker(name: str) -> str:
    """Map the spellings transcripts use ("Counsellor", "T", "therapist") to the wire name."""
    key = name.strip().lower()
    if key not in _SPEAKER_ALIASES:
        raise ValueError(f"unknown speaker {name!r}: use counselor or client")
    return _SPEAKER_ALIASES[key]


def codes_for(speaker: str) -> dict[str, str]:
    return COUNSELOR_CODES if speaker == COUNSELOR else CLIENT_CODES
