"""Does the dashboard keep up? Time from a turn leaving the pipeline to the screen showing it.

    python benchmarks/dashboard_latency.py [--id 64] [--max-utterances 40] [--speed 4]
    python benchmarks/dashboard_latency.py --events SESSION.jsonl [--speed 4] [--prefill 2000]

Replays a synthetic spoken session through the real pipeline (real model) at --speed X into the
real dashboard app (headless Textual, 120x40), and for every turn measures, on one monotonic
clock, the moment the runner hands the event to the dashboard's sink (runner thread) and the
moment after the first screen refresh that includes it (UI thread). Target: every turn within
0.2 s. Also reports how long the sink call takes on the runner's side (writing the session log,
then handing the event to the UI), and the hand-over alone: how much the UI can hold up
transcription.
With --events, a recorded session log is replayed instead of audio (no model, no CPU load);
--prefill N first shows N earlier turns, to see whether the screen still keeps up hours in.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import threading
import time
from pathlib import Path

from _audio_sessions import MODEL, percentile, session

from live_assist.cli import build_parser

from live_assist.commands.replay import build_runner
from live_assist.dashboard import DashboardApp
from live_assist.event_replay import paced_runner
from live_assist.events import Event, Turn
from live_assist.session_log import SessionLog, read_log


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"{name}: n={len(ms)} p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"max {max(ms):.1f} ms")


async def measure(runner, log: SessionLog) -> tuple[list[float], list[float], list[float], int]:
    emitted: dict[int, float] = {}
    shown: dict[int, float] = {}
    sink_costs: list[float] = []
    handover_costs: list[float] = []

    def timed_runner(sink, stop: threading.Event) -> None:
        def timed_sink(event: Event) -> None:
            filler = isinstance(event, Turn) and event.id >= PREFILL_IDS
            if isinstance(event, Turn) and not filler:
                emitted[event.id] = time.monotonic()
            t0 = time.monotonic()
            sink(event)
            if not filler:
                sink_costs.append(time.monotonic() - t0)

        runner(timed_sink, stop)

    app = DashboardApp(timed_runner, sink=log)
    show_turns = app.show_turns
    feed = app.feed

    class TimedFeed:
        """The hand-over alone: what the UI side costs the runner thread per event."""

        def __call__(self, event: Event) -> None:
            t0 = time.monotonic()
            feed(event)
            if not (isinstance(event, Turn) and event.id >= PREFILL_IDS):
                handover_costs.append(time.monotonic() - t0)

        def drain(self) -> list[Event]:
            return feed.drain()

    app.feed = TimedFeed()

    def show_and_time(turns: list[Turn]) -> None:
        show_turns(turns)
        ids = [t.id for t in turns]
        app.call_after_refresh(lambda: shown.update({i: time.monotonic() for i in ids}))

    app.show_turns = show_and_time
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.session_done.is_set():
            await pilot.pause(0.05)
        await pilot.pause(0.2)
    delays = [shown[i] - emitted[i] for i in emitted if i in shown]
    return delays, sink_costs, handover_costs, len(emitted) - len(delays)


PREFILL_IDS = 1_000_000  # turn ids from here on are filler, not measured


def with_prefill(runner, turns: int):
    """`turns` earlier turns at once, then the session: the screen's cost late in a long session."""

    def run(sink, stop: threading.Event) -> None:
        for i in range(turns):
            t = 5.0 * i
            speaker, codes = ("counselor", ["simple_reflection"]) if i % 2 == 0 else ("client", ["neutral"])
            sink(Turn(PREFILL_IDS + i, speaker, "words from earlier in a long session " * 2, t, t + 4, codes,
                      emitted_at=t + 4.5))
        time.sleep(2.0)  # let the screen settle before measuring
        runner(sink, stop)

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", default="64", help="AnnoMI dev transcript to speak (default 64)")
    ap.add_argument("--max-utterances", type=int, default=40)
    ap.add_argument("--speed", type=float, default=4.0)
    ap.add_argument("--events", type=Path, help="replay this session log instead of audio")
    ap.add_argument("--prefill", type=int, default=0, metavar="N",
                    help="show N earlier turns first (2000 is about 3 hours), then measure")
    a = ap.parse_args()
    if a.events:
        runner = paced_runner(list(read_log(a.events)), speed=a.speed)
        source = f"session log {a.events} (event replay, no model)"
    else:
        flac = session(a.id, a.max_utterances)
        args = build_parser().parse_args(
            ["replay", str(flac), "--model", str(MODEL), "--cpu-threads", "2", "--speed", str(a.speed)]
        )
        runner = build_runner(args)
        source = f"{flac.name} through the real pipeline (whisper tiny.en int8, 2 threads)"
    if a.prefill:
        runner = with_prefill(runner, a.prefill)
        source += f" after {a.prefill} earlier turns"
    with tempfile.TemporaryDirectory() as tmp, SessionLog(Path(tmp) / "bench.jsonl") as log:
        t0 = time.monotonic()
        delays, sink_costs, handover_costs, missing = asyncio.run(measure(runner, log))
        wall = time.monotonic() - t0
    print(f"{source} at --speed {a.speed:g}: {wall:.1f} s wall, load {os.getloadavg()[0]:.2f}")
    print(summary("turn emitted -> on screen", delays))
    print(f"turns within 0.2 s: {sum(d <= 0.2 for d in delays)}/{len(delays)}; never shown: {missing}")
    print(summary("runner-side sink call (session log write + fsync + hand-over)", sink_costs))
    print(summary("runner-side hand-over to the UI alone", handover_costs))


if __name__ == "__main__":
    main()
