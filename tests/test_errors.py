"""A file the user names and we cannot read gets one line saying why, whichever command read it."""

import pytest

from live_assist.cli import main
from live_assist.errors import UserError, reading_text


@pytest.mark.parametrize(
    "failure, message",
    [
        (FileNotFoundError(), "notes.txt: no such file"),
        (IsADirectoryError(), "notes.txt: is a directory, not a transcript"),
        (PermissionError(), "notes.txt: not allowed to read it"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "notes.txt: not UTF-8 text (byte 0)"),
    ],
)
def test_each_way_a_file_cannot_be_read_is_one_line(failure, message):
    with pytest.raises(UserError) as info:
        with reading_text("notes.txt", "a transcript"):
            raise failure
    assert str(info.value) == message


@pytest.mark.parametrize("argv, kind", [(["tag"], "a transcript"), (["eval", "annomi"], "a CSV file")])
def test_a_directory_instead_of_a_file(tmp_path, capsys, argv, kind):
    assert main([*argv, str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"live-assist: error: {tmp_path}: is a directory, not {kind}\n"
