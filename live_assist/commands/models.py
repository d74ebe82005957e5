"""`live-assist models`: see which speech-recognition models are on this machine and fetch more."""

from __future__ import annotations

import argparse
import os
from typing import Any

from live_assist.errors import UserError
from live_assist.model_store import (
    MODEL_ENV,
    ORIGIN_TEXT,
    PREFERENCE,
    local_models,
    pull_model,
    resolve_model,
    store_dirs,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "models",
        help="list or download the speech-recognition (Whisper) models",
        description=(
            "live-assist turns speech into text with a Whisper model that runs on this computer. "
            "These commands show which models you have and download more. Without --model, a "
            f"session uses {MODEL_ENV} if set, else the best model in the model store "
            f"({', '.join(PREFERENCE[:3])}, ...), else the tiny.en model installed with "
            "live-assist, else it downloads base.en when online."
        ),
    )
    actions = parser.add_subparsers(dest="models_command", metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="show the models on this computer and which one a session would use",
        description="Show the Whisper models on this computer, where they are, and which one a session would use.",
    )
    listing.set_defaults(run=run_list)
    pull = actions.add_parser(
        "pull",
        help="download a model into the model store (needs internet)",
        description=(
            "Download a Whisper model into your model store so sessions can use it offline. "
            "base.en is a good balance of accuracy and speed on a laptop; small.en is more "
            "accurate but slower; tiny.en is fastest."
        ),
    )
    pull.add_argument("name", metavar="NAME", help="model to download, for example base.en, small.en or tiny.en")
    pull.set_defaults(run=run_pull)
    parser.set_defaults(run=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_list(args: argparse.Namespace) -> int:
    models = local_models()
    if models:
        print("Whisper models on this computer:")
        width = max(len(m.name) for m in models)
        for model in models:
            print(f"  {model.name:<{width}}  {ORIGIN_TEXT[model.origin]:<30}  {model.path}")
    else:
        print("No Whisper model on this computer.")
    print(f"Model store: {', '.join(str(d) for d in store_dirs())}")
    if os.environ.get(MODEL_ENV, "").strip():
        print(f"{MODEL_ENV} is set to {os.environ[MODEL_ENV].strip()}")
    try:
        chosen = resolve_model(None, online=lambda: False)
    except UserError as exc:
        print(f"Offline, a session would not start: {exc}")
        return 0
    print(f"A session without --model would use: {chosen.label} ({chosen.path_or_name})")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    path = pull_model(args.name)
    print(f"{args.name} is in the model store: {path}")
    return 0
