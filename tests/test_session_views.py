"""How `replay`/`live` choose their view and wire the nudges: the nudge policy runs in the
session core (so nudges reach the log headless too), the config file is honoured or refused in
one line, and `--web` serves the dashboard on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from live_assist.audio.blocks import AudioBlock
from live_assist.audio.pacing import PacedClock, paced
from live_assist.cli import main
from live_assist.dashboard.web import HOST, web_command
from live_assist.events import Nudge, SessionEnded
from live_assist.session_log import read_log

REPO = Path(__file__).resolve().parents[1]


def test_nudges_from_the_config_reach_the_headless_session_log(tmp_path: Path, tiny_model: Path, shared_audio: Path) -> None:
    config = tmp_path / "config.toml"
    # any counsellor talk at all is "too much": the nudge must fire, from this file's settings
    config.write_text("[nudges]\ntalk_share_above = 0.01\ntalk_share_min_turns = 1\n")
    log = tmp_path / "session.jsonl"
    code = main(["replay", str(shared_audio / "stereo_diarization.wav"), "--fast", "--headless",
                 "--model", str(tiny_model), "--cpu-threads", "2", "--config", str(config), "--session-log", str(log)])
    assert code == 0
    nudges = [e for e in read_log(log) if isinstance(e, Nudge)]
    assert [n.kind for n in nudges] == ["client_talk"]
    assert nudges[0].message == "Let the client talk" and "you spoke" in nudges[0].reason


def test_a_bad_config_is_a_one_line_error_before_anything_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[nudges]\nmin_gap = 5\n")
    log = tmp_path / "session.jsonl"
    code = main(["replay", str(REPO / "examples" / "demo_session.opus"), "--fast", "--headless",
                 "--config", str(config), "--session-log", str(log)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("live-assist: error: ") and "unknown setting nudges.min_gap" in err
    assert err.count("\n") == 1
    assert not log.exists()


def test_headless_and_web_cannot_be_combined(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["replay", "x.wav", "--web", "--headless"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_port_without_web_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "x.wav", "--port", "9000"]) == 2
    assert "--port is for --web" in capsys.readouterr().err


def test_the_web_command_is_the_same_session_forced_into_the_dashboard() -> None:
    command = shlex.split(web_command(["replay", "a b.wav", "--speed", "2", "--web", "--port", "9000"]))
    assert command == [sys.executable, "-m", "live_assist", "replay", "a b.wav", "--speed", "2", "--dashboard"]
    assert shlex.split(web_command(["live", "--port=9001", "--web"]))[3:] == ["live", "--dashboard"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> list[str]:
    """Addresses listening on `port`, from /proc/net/tcp and tcp6 (Linux)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            ip_hex, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                if len(ip_hex) == 8:
                    found.append(".".join(str(int(ip_hex[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.append(f"ipv6:{ip_hex}")
    return found


async def _dashboard_bytes_over_websocket(port: int, until: bytes, timeout: float) -> bytes:
    """What the browser would receive: the dashboard's terminal output, via textual-serve's socket."""
    import websockets

    seen = b""
    async with websockets.connect(f"ws://{HOST}:{port}/ws?width=100&height=30") as ws:
        deadline = time.monotonic() + timeout
        while until not in seen and time.monotonic() < deadline:
            try:
                frame = await asyncio.wait_for(ws.recv(), timeout=1)
            except asyncio.TimeoutError:
                continue
            seen += frame if isinstance(frame, bytes) else frame.encode()
    return seen


def _ended(log: Path) -> bool:
    return log.exists() and any(isinstance(e, SessionEnded) for e in read_log(log))


def test_web_serves_the_dashboard_on_localhost_only(tiny_model: Path, tmp_path: Path) -> None:
    port = _free_port()
    demo = REPO / "examples" / "demo_session.opus"
    log = tmp_path / "web.jsonl"
    server = subprocess.Popen(
        [sys.executable, "-m", "live_assist", "replay", str(demo), "--model", str(tiny_model),
         "--cpu-threads", "2", "--session-log", str(log), "--web", "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=2) as page:
                    html = page.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "live-assist" in html
        assert _listening_addresses(port) == ["127.0.0.1"]
        seen = asyncio.run(_dashboard_bytes_over_websocket(port, b"Transcript", timeout=30))
        assert b"Transcript" in seen and b"MITI scores" in seen
        # the tab is closed: its session ends cleanly, with nothing left running
        deadline = time.monotonic() + 20
        while not _ended(log) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _ended(log), "closing the browser tab must end its session"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in out


def test_the_paced_feeder_holds_while_paused() -> None:
    blocks = (AudioBlock(__import__("numpy").zeros((1600, 2), "float32"), i / 10) for i in range(100))
    clock, stop, pause = PacedClock(), threading.Event(), threading.Event()
    got: list[float] = []
    reader = threading.Thread(target=lambda: got.extend(b.start for b in paced(blocks, 10.0, clock, stop, pause)))
    reader.start()
    time.sleep(0.2)
    pause.set()
    time.sleep(0.1)
    held = clock.now()
    time.sleep(0.4)  # 4 s of audio at speed 10, were it not paused
    assert clock.now() == held
    pause.clear()
    time.sleep(0.3)
    assert clock.now() > held
    stop.set()
    reader.join(5)
    assert not reader.is_alive()
