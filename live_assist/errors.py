"""Errors the user caused and can fix: shown as one line, exit status 2, nothing lost."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class UserError(Exception):
    """Bad input from the user (a missing file, a corrupt recording, a wrong token)."""


@contextmanager
def reading_text(path: Path | str, what: str) -> Iterator[None]:
    """Turn the ways a text file the user named cannot be read into one-line errors.

    `what` names the file's kind for the message ("a transcript", "a CSV file")."""
    try:
        yield
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not {what}") from None
    except PermissionError:
        raise UserError(f"{path}: not allowed to read it") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start})") from None
