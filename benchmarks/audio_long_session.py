"""A 60-minute session at --fast: real-time factor, peak memory and whether memory stays flat.

    python benchmarks/audio_long_session.py [--ids 121,36] [--minutes 60]

Joins synthetic sessions (sox) until the recording is at least --minutes long, runs
`live-assist replay --fast` on it in a subprocess and samples its resident memory (VmRSS)
every half second. Targets: real-time factor <= 0.1, peak RSS <= 1 GB and flat (no growth
between the first and the last quarter of the session).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _audio_sessions import CACHE, MODEL, REPO, session


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def seconds_of(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True).stdout
    return float(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ids", default="121,36")
    ap.add_argument("--minutes", type=float, default=60.0)
    a = ap.parse_args()
    parts = [session(tid) for tid in a.ids.split(",")]
    joined = CACHE / f"long-{a.ids.replace(',', '-')}.flac"
    if not joined.exists():
        subprocess.run(["sox", *map(str, parts), str(joined)], check=True)
    duration = seconds_of(joined)
    if duration < a.minutes * 60:
        sys.exit(f"{joined} is only {duration / 60:.1f} min; add --ids")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "long.jsonl"
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "live_assist", "replay", str(joined), "--fast", "--model", str(MODEL),
             "--cpu-threads", "2", "--session-log", str(log)],
            cwd=REPO, stdout=subprocess.DEVNULL,
        )
        samples: list[tuple[float, float]] = []
        while proc.poll() is None:
            value = rss_mb(proc.pid)
            if value is not None:
                samples.append((time.monotonic() - started, value))
            time.sleep(0.5)
        wall = time.monotonic() - started
        turns = log.read_text().count('"type":"turn"')
    if proc.returncode:
        sys.exit(f"replay failed with status {proc.returncode}")
    peak = max(v for _, v in samples)
    quarter = len(samples) // 4
    first, last = samples[:quarter], samples[-quarter:]
    print(f"session {duration / 60:.1f} min, {turns} turns, wall {wall:.0f} s, "
          f"real-time factor {wall / duration:.3f} (incl. model load)")
    print(f"peak RSS {peak:.0f} MB; mean RSS first quarter {sum(v for _, v in first) / len(first):.0f} MB, "
          f"last quarter {sum(v for _, v in last) / len(last):.0f} MB")
    for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
        t, v = samples[min(len(samples) - 1, int(frac * len(samples)))]
        print(f"  at {frac:>4.0%} of the run ({t:5.0f} s): {v:.0f} MB")


if __name__ == "__main__":
    main()
