"""`live-assist replay`: a recorded session through the live pipeline, at its own pace."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from live_assist.audio.endpointing import EndpointingOptions
from live_assist.audio.file_source import FileLayout, file_blocks, probe
from live_assist.audio.pacing import Clock, PacedClock, paced
from live_assist.commands._session import (
    add_session_arguments,
    asr_settings,
    load_transcriber,
    nudge_reactions,
    positive_number,
    run_session,
)
from live_assist.pipeline import Pipeline, PipelineOptions

# Blocks the size a sound card delivers when paced; bigger ones when nobody is listening.
PACED_BLOCK = 1024
FAST_BLOCK = 8192


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="replay a recorded session and code it as if it were live",
        description="Replay a recording of a counselling session through the same pipeline as a "
        "live call: transcribe each turn, code it, and keep a session log. A stereo recording "
        "has the counsellor on one channel and the client on the other.",
    )
    parser.add_argument("audio", type=Path, metavar="AUDIO", help="the recording (wav, flac, mp3, m4a, ...)")
    parser.add_argument(
        "--client-audio",
        type=Path,
        metavar="FILE",
        help="the client's side as a separate recording; AUDIO is then the counsellor's side",
    )
    parser.add_argument(
        "--mono-speaker",
        choices=("counselor", "client"),
        help="for a one-speaker recording: whose voice it is (everything heard is theirs)",
    )
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument(
        "--speed",
        type=positive_number,
        metavar="X",
        help="playback speed: 1 is real time (default), 2 twice as fast",
    )
    pace.add_argument(
        "--fast", action="store_true", help="as fast as this computer can go (no real-time pacing)"
    )
    add_session_arguments(parser)
    parser.set_defaults(run=run)


def build_runner(args: argparse.Namespace, pause: threading.Event | None = None) -> Pipeline:
    """Check the recording and load the model; everything that can fail on bad input fails here.

    While `pause` is set (the dashboard's pause key) a paced replay holds where it is."""
    layout = FileLayout(args.audio, args.client_audio, args.counselor_channel, args.mono_speaker)
    probe(layout)
    transcriber, label = load_transcriber(args)
    fast = bool(args.fast)
    speed = 1.0 if args.speed is None else args.speed
    clock = Clock() if fast else PacedClock()

    def source(on_event, stop: threading.Event):
        blocks = file_blocks(layout, FAST_BLOCK if fast else PACED_BLOCK, on_event)
        return blocks if fast else paced(blocks, speed, clock, stop, pause)

    return Pipeline(
        source,
        clock,
        transcriber.transcribe,
        source_info=layout.describe(),
        model_label=label,
        settings={"fast": fast, "speed": None if fast else speed, **asr_settings(args)},
        options=PipelineOptions(
            endpointing=EndpointingOptions(silence=args.silence), speculate=not fast, partials=not fast
        ),
        reactions=nudge_reactions(args),
    )


def run(args: argparse.Namespace) -> int:
    return run_session(args, build_runner)
