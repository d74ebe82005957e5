"""Time the session log takes per durable event (write + fsync), which sits between a turn
being coded and the counsellor seeing it. Writes 500 turns to a log in the directory given
(default: the system temp dir; pass the real sessions dir's disk to measure that one).
Run from the repository root: `python benchmarks/session_log.py [DIR]`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from live_assist.events import Explanation, Turn  # noqa: E402
from live_assist.session_log import SessionLog  # noqa: E402

TURNS = 500


def main() -> None:
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        times = []
        with SessionLog(Path(tmp) / "bench.jsonl") as log:
            for i in range(TURNS):
                turn = Turn(
                    i,
                    "counselor",
                    "It sounds like you are worried about it " * 3,
                    i,
                    i + 2.0,
                    ["complex_reflection"],
                    [Explanation("complex_reflection", "rule", "sounds like")],
                    i + 2.5,
                )
                started = time.perf_counter()
                log(turn)
                times.append(time.perf_counter() - started)
    times.sort()
    p50, p95 = statistics.median(times) * 1000, times[int(0.95 * len(times))] * 1000
    print(f"{TURNS} turns in {directory}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {times[-1] * 1000:.2f} ms per turn")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
