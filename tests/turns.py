"""Shorthand for writing conversations in coder tests: T("...") is the counsellor, C("...") the client."""

from live_assist.events import Utterance


def T(text: str) -> Utterance:
    return Utterance("counselor", text)


def C(text: str) -> Utterance:
    return Utterance("client", text)
