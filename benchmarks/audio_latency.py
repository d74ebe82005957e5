"""Turn latency at --speed 1: how long after a counsellor stops talking their coded turn appears.

    python benchmarks/audio_latency.py [--id 64] [--max-utterances 80] [--speed 1]

Replays a synthetic session paced like a sound card and reports emitted_at - end (both on the
playback clock) for counsellor turns: target p50 <= 0.8 s, p95 <= 1.5 s with 0.5 s endpointing.
"""

from __future__ import annotations

import argparse

from _audio_sessions import percentile, replay, session

from live_assist.events import Turn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", default="64")
    ap.add_argument("--max-utterances", type=int, default=80)
    ap.add_argument("--speed", default="1")
    a = ap.parse_args()
    events = replay(session(a.id, a.max_utterances), "--speed", a.speed)
    turns = [e for e in events if isinstance(e, Turn)]
    for speaker in ("counselor", "client"):
        lat = [t.emitted_at - t.end for t in turns if t.speaker == speaker]
        print(f"{speaker}: {len(lat)} turns, latency p50 {percentile(lat, 0.5):.2f} s, "
              f"p95 {percentile(lat, 0.95):.2f} s, max {max(lat):.2f} s")
    worst = sorted(turns, key=lambda t: t.emitted_at - t.end)[-3:]
    for t in worst:
        print(f"  slowest: {t.speaker} turn {t.start:.1f}-{t.end:.1f} s emitted {t.emitted_at - t.end:.2f} s "
              f"after its end ({len(t.text.split())} words)")
    partials = sum(e.type == "partial" for e in events)
    print(f"session {events[-1].at / 60:.1f} min at --speed {a.speed}; {partials} partial transcripts")


if __name__ == "__main__":
    main()
