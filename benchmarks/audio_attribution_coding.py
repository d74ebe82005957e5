"""Speaker attribution and coding-from-audio on synthetic sessions (--fast, real tiny.en).

    python benchmarks/audio_attribution_coding.py [--ids 4,7,44,56] [--max-utterances N]

For every AnnoMI utterance the turn that overlaps it most in time is its match.
- attribution: share of counsellor utterances whose match is a counsellor turn (target >= 98 %)
- coding: AnnoMI main-behaviour macro-F1 of the match's main code (mapped as `live-assist eval`
  does), against the same coder run on the utterance's true text (target: within 0.03). Utterances merged into one turn share
  its code; an utterance with no match counts as "other".
Also prints the real-time factor of each run.
"""

from __future__ import annotations

import argparse
import time

from _audio_sessions import SPEAKER, best_turn, replay, session, truth

from live_assist.annomi import MAIN_LABELS, main_label
from live_assist.coder import Coder
from live_assist.events import Turn, Utterance
from live_assist.metrics import classification_report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ids", default="4,7,44,56")
    ap.add_argument("--max-utterances", type=int, default=0)
    a = ap.parse_args()
    coder = Coder()
    total = attributed = 0
    gold: list[str] = []
    from_text: list[str] = []
    from_audio: list[str] = []
    audio_seconds = wall_seconds = 0.0
    for tid in a.ids.split(","):
        flac = session(tid, a.max_utterances)
        utts = truth(flac)
        started = time.monotonic()
        events = replay(flac, "--fast")
        wall = time.monotonic() - started
        duration = events[-1].at
        audio_seconds += duration
        wall_seconds += wall
        turns = [e for e in events if isinstance(e, Turn)]
        context: list[Utterance] = []
        n = ok = 0
        for utt in utts:
            speaker = SPEAKER[utt["speaker"]]
            truth_utt = Utterance(speaker, utt["text"], utt["start"], utt["end"])
            match = best_turn(utt, turns)
            if speaker == "counselor":
                n += 1
                ok += match is not None and match.speaker == "counselor"
                gold.append(utt["main_therapist_behaviour"])
                from_text.append(main_label(coder.code(truth_utt, context[-10:]).codes))
                from_audio.append(main_label(match.codes) if match is not None and match.speaker == "counselor" else "other")
            context.append(truth_utt)
        total += n
        attributed += ok
        print(f"annomi-{tid}: {duration / 60:.1f} min, {len(turns)} turns, counsellor utterances "
              f"attributed {ok}/{n}, real-time factor {wall / duration:.3f} (incl. model load)")
    f1_text = classification_report(gold, from_text, MAIN_LABELS)["macro_f1"]
    f1_audio = classification_report(gold, from_audio, MAIN_LABELS)["macro_f1"]
    print(f"attribution: {attributed}/{total} = {100 * attributed / total:.1f} % of counsellor utterances "
          "in a counsellor turn")
    print(f"main-behaviour macro-F1: coder on true text {f1_text:.3f}, from audio {f1_audio:.3f}, "
          f"difference {f1_text - f1_audio:+.3f}")
    print(f"--fast real-time factor over {audio_seconds / 60:.1f} min: {wall_seconds / audio_seconds:.3f}")


if __name__ == "__main__":
    main()
