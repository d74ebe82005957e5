"""User settings from a TOML file: nudge thresholds and dashboard preferences.

The defaults live in the dataclasses (`NudgeSettings`, `DashboardSettings`), so the code is
the one place they are written down. A user file overrides only the keys it names; it is
read from `--config FILE`, else `config.toml` in the platform's user config directory (e.g.
`~/.config/live-assist/config.toml` on Linux), else the defaults apply. A typo must not
silently keep a default, so unknown tables/keys and wrong types are one-line errors.

    [nudges]
    min_gap_seconds = 20
    questions_without_reflection = 3
    disabled = ["good_reflection"]

    [dashboard]
    recent_minutes = 5
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from live_assist.errors import UserError
from live_assist.nudges import KINDS, NudgeSettings


@dataclass(frozen=True)
class DashboardSettings:
    recent_minutes: float = 5.0
    nudge_seconds: float = 15.0


@dataclass(frozen=True)
class Config:
    nudges: NudgeSettings = field(default_factory=NudgeSettings)
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir("live-assist")) / "config.toml"


def _convert(where: str, default: Any, value: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UserError(f"{where} must be a list of names")
        unknown = [v for v in value if v not in KINDS]
        if unknown:
            raise UserError(f"{where}: unknown nudge {unknown[0]!r} (known: {', '.join(KINDS)})")
        return tuple(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(f"{where} must be a number, not {value!r}")
    if isinstance(default, int) and not isinstance(value, int):
        raise UserError(f"{where} must be a whole number, not {value!r}")
    if value <= 0:
        raise UserError(f"{where} must be more than 0, not {value!r}")
    return type(default)(value)


def _section(name: str, cls: type, table: Any, source: str) -> Any:
    if not isinstance(table, dict):
        raise UserError(f"{source}: [{name}] must be a table")
    defaults = cls()
    known = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise UserError(f"{source}: unknown setting {name}.{key} (known: {', '.join(sorted(known))})")
        values[key] = _convert(f"{source}: {name}.{key}", getattr(defaults, key), value)
    return dataclasses.replace(defaults, **values)


def parse_config(text: str, source: str = "config") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{source} is not valid TOML: {exc}") from None
    sections = {"nudges": NudgeSettings, "dashboard": DashboardSettings}
    unknown = set(data) - set(sections)
    if unknown:
        raise UserError(f"{source}: unknown table [{sorted(unknown)[0]}] (known: nudges, dashboard)")
    return Config(**{name: _section(name, cls, data[name], source) for name, cls in sections.items() if name in data})


def load_config(path: str | Path | None = None) -> Config:
    """The settings from `path` (must exist), else from the user file if there is one."""
    if path is None:
        candidate = user_config_path()
        if not candidate.is_file():
            return Config()
        path = candidate
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read config file {path}: {exc}") from None
    return parse_config(text, str(path))
