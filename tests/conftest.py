"""Test setup shared by the suite."""

from __future__ import annotations

import asyncio
import inspect
import sys
from pathlib import Path

import pytest

# tests import their fixed sample data (sample_session.py) as a plain module
sys.path.insert(0, str(Path(__file__).parent))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests (Textual's Pilot is async) on a fresh event loop, without a plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
