"""Coder speed on one core: turns coded per second of CPU time over the AnnoMI dev split, each
turn with its conversation so far as context (as the live pipeline and `eval annomi` call it).

    python benchmarks/coder_speed.py [--repeat N]

Target: >= 20,000 turns/s, steady state. "Steady state" is what a live session sees: the rules
are loaded, the interpreter is warm, every turn's text is new to the coder (so it is normalised
once) and its context was coded just before (so it is remembered). Each timed pass therefore
uses its own fresh coder, built before the clock starts, after one untimed warm-up pass. Passes
re-using one coder would find every turn already remembered and overstate the speed.

CPU time of this process, pinned to one core, so other work on a shared machine slows the
figure less than wall time would. Still note `uptime` beside the figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.annomi import Transcript, read_annomi  # noqa: E402
from live_assist.coder import Coder  # noqa: E402
from live_assist.events import Utterance  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi-dev" / "AnnoMI-simple.dev.csv"
TARGET = 20_000


def run_once(coder: Coder, transcripts: list[Transcript]) -> tuple[int, float]:
    """Turns coded and the CPU seconds it took."""
    turns = 0
    started = time.process_time()
    for t in transcripts:
        context: list[Utterance] = []
        for item in t.utterances:
            coder.code(item.utterance, context)
            context.append(item.utterance)
        turns += len(t.utterances)
    return turns, time.process_time() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="timed passes over the data (default 7)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    transcripts = read_annomi(DATA)
    started = time.process_time()
    Coder()
    load = time.process_time() - started
    run_once(Coder(), transcripts)  # warm-up, untimed
    rates = []
    for _ in range(args.repeat):
        coder = Coder()
        turns, elapsed = run_once(coder, transcripts)
        rates.append(turns / elapsed)
    median = statistics.median(rates)
    print(f"data: {DATA.name}, {len(transcripts)} transcripts, {turns} turns, each with its context")
    print(f"rules loaded and compiled in {load * 1000:.0f} ms CPU")
    print(f"steady state: median {median:,.0f} turns/s "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f}; {args.repeat} passes, one core, CPU time)")
    print(f"target {TARGET:,} turns/s: {'met' if median >= TARGET else 'NOT met'}")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
