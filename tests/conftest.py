"""Shared test material: the real model and recordings in ../shared, a short synthetic
two-speaker session generated once per test run, and plugin-free `async def` tests."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

# tests import their fixed sample data (sample_session.py) as a plain module
sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TINY = SHARED / "models" / "whisper-tiny.en-ct2-int8"
AUDIO = SHARED / "audio"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared test material not found at {path}")
    return path


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    return _need(TINY)


@pytest.fixture(scope="session")
def shared_audio() -> Path:
    return _need(AUDIO)


@pytest.fixture(scope="session")
def coder():
    from live_assist.coder import Coder

    return Coder()


@pytest.fixture(scope="session")
def transcriber(tiny_model: Path):
    from live_assist.asr import AsrOptions, Transcriber

    return Transcriber(AsrOptions(str(tiny_model), cpu_threads=2))


@pytest.fixture(scope="session")
def tts_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """annomi-0 from the dev split, first 12 utterances (about 70 s): stereo FLAC + truth JSONL."""
    tool = _need(SHARED / "tools" / "make_tts_session.py")
    csv = _need(SHARED / "data" / "annomi-dev" / "AnnoMI-simple.dev.csv")
    out = tmp_path_factory.mktemp("tts")
    try:
        subprocess.run(
            [sys.executable, str(tool), str(csv), str(out), "--ids", "0", "--max-utterances", "12"],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot build a synthetic session (espeak-ng and sox needed): {exc}")
    return out / "annomi-0.flac"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests (Textual's Pilot is async) on a fresh event loop, without a plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
