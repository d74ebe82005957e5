"""The dashboard in a web browser, served by textual-serve to this computer only.

textual-serve runs a command per browser tab and relays its terminal to the page, so the web
dashboard is exactly the terminal one: the same command line without `--web`, told to open
the dashboard although its output is a pipe. Each tab is its own session (its own log).
"""

from __future__ import annotations

import shlex
import sys
from typing import Sequence

HOST = "127.0.0.1"  # transcripts are clinical material: never listen beyond this machine


def web_command(argv: Sequence[str]) -> str:
    """The command a browser tab runs: `argv` minus `--web`/`--port N`, plus `--dashboard`."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--web":
            continue
        elif arg == "--port":
            skip = True
        elif not arg.startswith("--port="):
            kept.append(arg)
    return shlex.join([sys.executable, "-m", "live_assist", *kept, "--dashboard"])


def serve(argv: Sequence[str], port: int) -> int:
    from textual_serve.server import Server

    server = Server(web_command(argv), host=HOST, port=port, title="live-assist")
    print(f"Open http://{HOST}:{port} in your browser (only this computer can). Ctrl-C stops.")
    server.serve()
    return 0
