"""The TOML config: defaults, overrides, the user file location, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from live_assist import config as config_module
from live_assist.config import Config, load_config, parse_config
from live_assist.errors import UserError


def test_no_file_means_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setattr(config_module, "user_config_path", lambda: tmp_path / "absent.toml")
    assert load_config() == Config()


def test_the_user_file_is_read_when_present(tmp_path, monkeypatch):
    user = tmp_path / "config.toml"
    user.write_text("[nudges]\nmin_gap_seconds = 45\n")
    monkeypatch.setattr(config_module, "user_config_path", lambda: user)
    config = load_config()
    assert config.nudges.min_gap_seconds == 45.0
    assert config.nudges.repeat_after_seconds == Config().nudges.repeat_after_seconds


def test_config_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[nudges]\nquestions_without_reflection = 5\ntalk_share_above = 0.7\n'
        'disabled = ["good_reflection"]\n[dashboard]\nrecent_minutes = 3\n'
    )
    config = load_config(path)
    assert config.nudges.questions_without_reflection == 5
    assert config.nudges.talk_share_above == 0.7
    assert config.nudges.disabled == ("good_reflection",)
    assert config.dashboard.recent_minutes == 3.0
    assert config.dashboard.nudge_seconds == Config().dashboard.nudge_seconds


@pytest.mark.parametrize(
    "text, message",
    [
        ("[nudges\n", "is not valid TOML"),
        ("[nudge]\n", "unknown table [nudge]"),
        ("[nudges]\nmin_gap = 3\n", "unknown setting nudges.min_gap"),
        ('[nudges]\nmin_gap_seconds = "soon"\n', "nudges.min_gap_seconds must be a number"),
        ("[nudges]\nclosed_question_streak = 2.5\n", "must be a whole number"),
        ("[nudges]\nmin_gap_seconds = -1\n", "must be more than 0"),
        ("[nudges]\nmin_gap_seconds = true\n", "must be a number"),
        ('[nudges]\ndisabled = ["reflekt"]\n', "unknown nudge 'reflekt'"),
        ("nudges = 3\n", "[nudges] must be a table"),
    ],
)
def test_bad_config_is_a_one_line_error(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(UserError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(UserError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_parse_config_of_empty_text_is_the_defaults():
    assert parse_config("") == Config()


def test_the_readme_shows_the_real_defaults():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    dashboard = readme.split("## The dashboard", 1)[1]
    block = dashboard.split("```toml\n", 1)[1].split("```", 1)[0]
    assert parse_config(block) == Config()
