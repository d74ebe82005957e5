"""`live-assist live`: code a call as it happens, from the microphone and the call's audio."""

from __future__ import annotations

import argparse
import threading

from live_assist.audio.endpointing import EndpointingOptions
from live_assist.audio.devices import open_live_source
from live_assist.audio.pacing import WallClock
from live_assist.commands._session import (
    add_session_arguments,
    asr_settings,
    load_transcriber,
    nudge_reactions,
    run_session,
)
from live_assist.events import Event, EventSink
from live_assist.pipeline import Pipeline, PipelineOptions


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "live",
        help="code a live session from your microphone and the call's audio",
        description="Listen to a live session and code each turn as it ends. Your microphone is "
        "the counsellor; the call's audio (a loopback or monitor device) is the client. Or give "
        "one stereo device with the counsellor on one channel and the client on the other. "
        "See `live-assist devices` for the names. Press Ctrl-C to end the session.",
    )
    parser.add_argument(
        "--counselor-device",
        metavar="D",
        help="your microphone: its number or (part of) its name (default: the system's input)",
    )
    parser.add_argument(
        "--client-device",
        metavar="D",
        help="the call's audio, e.g. a loopback or monitor device; leave out when the counsellor "
        "device is one stereo device carrying both sides",
    )
    add_session_arguments(parser)
    parser.set_defaults(run=run)


class _Relay:
    """Device warnings go to whichever session is running them; until then, nowhere."""

    def __init__(self) -> None:
        self.target: EventSink | None = None

    def __call__(self, event: Event) -> None:
        if self.target is not None:
            self.target(event)


def build_runner(args: argparse.Namespace, sd=None) -> Pipeline:
    """Check the devices and load the model; a wrong device name fails here, before the session.

    `sd` stands in for the sounddevice module (tests have no sound card)."""
    relay = _Relay()
    blocks = open_live_source(
        args.counselor_device, args.client_device, relay, counselor_channel=args.counselor_channel, sd=sd
    )
    transcriber, label = load_transcriber(args)

    def source(on_event, stop: threading.Event):
        relay.target = on_event
        return blocks

    return Pipeline(
        source,
        WallClock(),
        transcriber.transcribe,
        source_info={
            "kind": "live",
            "counselor_device": args.counselor_device,
            "client_device": args.client_device,
            "counselor_channel": args.counselor_channel,
        },
        model_label=label,
        settings=asr_settings(args),
        options=PipelineOptions(endpointing=EndpointingOptions(silence=args.silence)),
        reactions=nudge_reactions(args),
    )


def run(args: argparse.Namespace) -> int:
    return run_session(args, build_runner, pausable=False)  # a call goes on: nothing to pause
