"""Errors the user caused and can fix: shown as one line, exit status 2, nothing lost."""


class UserError(Exception):
    """Bad input from the user (a missing file, a corrupt recording, a wrong token)."""
