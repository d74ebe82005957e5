"""The playback clock, and paced replay that makes a recording behave like a sound card.

`emitted_at` in every event is the playback clock: how much session audio "exists" when the
event is produced. For a paced replay that is the audio a feeder thread has released so far at
real-time pace (times `speed`) into a bounded queue, exactly what a device would have
delivered; when the pipeline falls behind, blocks wait in the queue and the clock runs on, so
latency is measured as a listener would feel it. `--fast` has no pace: the clock is the audio
consumed so far. A live source's clock is the wall time since its first block.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable, Iterator

from live_assist.audio.blocks import AudioBlock

# How many blocks the pipeline may fall behind before the feeder waits for it (about 30 s of
# 64 ms blocks); a bound, so a stalled pipeline cannot fill memory with a whole recording.
QUEUE_BLOCKS = 480


class Clock:
    """Audio seconds available now; also the consumed position, for sources without pace."""

    def __init__(self) -> None:
        self._position = 0.0

    def now(self) -> float:
        return self._position

    def consumed(self, block: AudioBlock) -> None:
        self._position = max(self._position, block.end)


class WallClock(Clock):
    """Live capture: audio keeps arriving whether or not the pipeline keeps up."""

    def __init__(self) -> None:
        super().__init__()
        self._origin: float | None = None

    def consumed(self, block: AudioBlock) -> None:
        if self._origin is None:
            self._origin = time.monotonic() - block.end
        super().consumed(block)

    def now(self) -> float:
        if self._origin is None:
            return super().now()
        return max(super().now(), time.monotonic() - self._origin)


class PacedClock(Clock):
    """Audio released by the feeder so far."""

    def consumed(self, block: AudioBlock) -> None:
        pass

    def released(self, block: AudioBlock) -> None:
        self._position = block.end


_END = object()


class Pacer:
    """Waits until a session time comes round at `speed`, holding while `pause` is set.

    Held time is not made up afterwards: the session resumes where it stopped, as a paused
    recording would. Waits are short so a pause or a stop takes effect within 50 ms.
    """

    def __init__(
        self, speed: float, ended: Callable[[], bool], pause: threading.Event | None = None
    ) -> None:
        self.speed, self.ended, self.pause = speed, ended, pause
        self.origin = time.monotonic()

    def hold(self) -> None:
        if self.pause is None or not self.pause.is_set():
            return
        paused_at = time.monotonic()
        while self.pause.is_set() and not self.ended():
            time.sleep(0.05)
        self.origin += time.monotonic() - paused_at

    def wait_until(self, at: float) -> None:
        while not self.ended():
            self.hold()
            delay = self.origin + at / self.speed - time.monotonic()
            if delay <= 0:
                return
            time.sleep(min(delay, 0.05))


def paced(
    blocks: Iterator[AudioBlock],
    speed: float,
    clock: PacedClock,
    stop: threading.Event,
    pause: threading.Event | None = None,
) -> Iterator[AudioBlock]:
    """Blocks released at `speed` times real time by a feeder thread, like a device's callback.

    While `pause` is set (the dashboard's pause key) the feeder releases nothing and the
    playback clock stands still; on resume the recording continues where it stopped.
    Source errors are raised in the consumer, where the pipeline can report them. The feeder
    ends with the session: on `stop`, or when the consumer closes this iterator.
    """
    backlog: queue.Queue = queue.Queue(maxsize=QUEUE_BLOCKS)
    done = threading.Event()

    def ended() -> bool:
        return stop.is_set() or done.is_set()

    def put(item: object) -> None:
        while not ended():
            try:
                backlog.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def feed() -> None:
        pacer = Pacer(speed, ended, pause)
        try:
            for block in blocks:
                pacer.wait_until(block.end)
                if ended():
                    return
                put(block)
                clock.released(block)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer thread
            put(exc)
            return
        finally:
            close = getattr(blocks, "close", None)
            if close is not None:
                close()  # the recording's file, now rather than when collected
        put(_END)

    feeder = threading.Thread(target=feed, name="replay-feeder", daemon=True)
    feeder.start()
    try:
        while True:
            try:
                item = backlog.get(timeout=0.1)
            except queue.Empty:
                if stop.is_set():
                    return
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        done.set()
        feeder.join()
