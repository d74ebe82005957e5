"""Snapshots of the main layout at the two sizes it must read well at. Deterministic: fixed
events replayed without pacing, session times only (no wall clock), no text cursor."""

from __future__ import annotations

import pytest

from live_assist.dashboard import DashboardApp
from live_assist.event_replay import paced_runner
from sample_session import sample_events


async def wait_for_end(pilot) -> None:
    while pilot.app.ended is None:
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_layout(snap_compare, size):
    app = DashboardApp(paced_runner(sample_events(), speed=None), model_label="tiny.en")
    assert snap_compare(app, terminal_size=size, run_before=wait_for_end)


def test_explanation_panel_at_80x24(snap_compare):
    app = DashboardApp(paced_runner(sample_events(), speed=None), model_label="tiny.en")

    async def explain_a_turn(pilot) -> None:
        await wait_for_end(pilot)
        await pilot.press("up", "up", "e")

    assert snap_compare(app, terminal_size=(80, 24), run_before=explain_a_turn)
