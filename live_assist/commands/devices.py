"""`live-assist devices`: the audio inputs a live session can record from."""

from __future__ import annotations

import argparse
from typing import Any

from live_assist.audio.devices import NO_INPUTS, input_devices, load_sounddevice


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "devices",
        help="list the microphones and other audio inputs a live session can use",
        description=(
            "List the audio inputs on this computer, with the number and name to give to "
            "`live-assist live --counselor-device` (your microphone) and `--client-device` (the "
            "call's audio, usually a loopback or monitor device). A part of the name is enough. "
            "The default input is marked with *."
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    devices = input_devices(load_sounddevice())
    if not devices:
        print(NO_INPUTS[0].upper() + NO_INPUTS[1:] + ".")
        return 1
    width = max(len(d.name) for d in devices)
    print(f"    #  {'name':<{width}}  channels  rate      system")
    for d in devices:
        mark = "*" if d.is_default else " "
        print(f"{mark} {d.index:>3}  {d.name:<{width}}  {d.channels:>8}  {d.samplerate:<8}  {d.hostapi}")
    return 0
