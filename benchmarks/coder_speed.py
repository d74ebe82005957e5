"""Coder speed on one core: turns coded per second over the AnnoMI dev split, each turn with its
full conversation so far as context (as the live pipeline and `eval annomi` call it).

    python benchmarks/coder_speed.py [--repeat N]

Target: >= 20,000 turns/s. Run it on an idle machine and note `uptime` beside the figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.annomi import read_annomi  # noqa: E402
from live_assist.coder import Coder  # noqa: E402
from live_assist.events import Utterance  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi-dev" / "AnnoMI-simple.dev.csv"


def run_once(coder: Coder, transcripts) -> tuple[int, float]:
    """Turns coded and the CPU seconds it took (CPU time, so other work on a shared machine
    slows the figure less than wall time would)."""
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
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the data (default 5)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    transcripts = read_annomi(DATA)
    started = time.perf_counter()
    coder = Coder()
    load = time.perf_counter() - started
    cold_turns, cold = run_once(Coder(), transcripts)  # a fresh coder: nothing cached yet
    rates = []
    for _ in range(args.repeat):
        turns, elapsed = run_once(coder, transcripts)
        rates.append(turns / elapsed)
    print(f"rules loaded and compiled in {load * 1000:.0f} ms")
    print(f"first pass (cold cache): {cold_turns / cold:,.0f} turns/s over {cold_turns} turns")
    print(f"later passes: median {sorted(rates)[len(rates) // 2]:,.0f} turns/s, "
          f"best {max(rates):,.0f} turns/s ({args.repeat} passes of {turns} turns, one core, CPU time)")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
