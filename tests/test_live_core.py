"""The live core fed with sounddevice-shaped callback blocks decoded from a real two-speaker
recording (there is no sound card here): rates, alignment, speaker columns, overflows and a
device that goes away and comes back."""

from __future__ import annotations

import heapq
from typing import Iterator

import numpy as np
import pytest

from live_assist.audio.blocks import SAMPLE_RATE, AudioBlock
from live_assist.audio.live import LiveAssembler, LiveInput, speaker_input, stereo_input
from live_assist.events import Event, Warning
from tests.device_audio import SOURCE, STEREO, decode, similarity

pytestmark = pytest.mark.skipif(not STEREO.is_file(), reason=f"shared test audio not found at {STEREO}")


def callbacks(
    samples: np.ndarray, rate: int, blocksize: int, index: int, gap: tuple[float, float] | None = None
) -> Iterator[tuple[float, int, np.ndarray]]:
    """(wall time the callback fires, input index, indata) for each block; none inside `gap`."""
    for first in range(0, len(samples) - blocksize + 1, blocksize):
        now = (first + blocksize) / rate
        if gap and gap[0] <= now < gap[1]:
            continue
        yield now, index, samples[first : first + blocksize]


def run(
    core: LiveAssembler,
    streams: list[Iterator[tuple[float, int, np.ndarray]]],
    overflow_at: set[int] = frozenset(),
    until: float | None = None,
) -> list[AudioBlock]:
    """Drive the core like the device layer: callbacks in time order, a tick every 0.1 s."""
    blocks: list[AudioBlock] = []
    next_tick = 0.1
    for count, (now, index, indata) in enumerate(heapq.merge(*streams, key=lambda c: c[0])):
        while next_tick <= now:
            blocks += core.tick(next_tick)
            next_tick += 0.1
        blocks += core.feed(index, indata, count in overflow_at, now)
    while until is not None and next_tick <= until:
        blocks += core.tick(next_tick)
        next_tick += 0.1
    return blocks


def joined(blocks: list[AudioBlock]) -> np.ndarray:
    for before, after in zip(blocks, blocks[1:]):
        assert after.start == pytest.approx(before.end), "blocks must be contiguous"
    assert blocks[0].start == 0.0
    return np.concatenate([b.samples for b in blocks])


def test_source_speakers_are_distinguishable() -> None:
    # The checks below mean something only if the two channels' envelopes differ.
    assert similarity(SOURCE[:, 0], SOURCE[:, 1]) < 0.5


@pytest.mark.parametrize(("counselor_channel", "counselor_source"), [("left", 0), ("right", 1)])
def test_one_stereo_device_at_48k(counselor_channel: str, counselor_source: int) -> None:
    events: list[Event] = []
    core = LiveAssembler([stereo_input("USB mixer", 48_000, counselor_channel)], events.append)
    blocks = run(core, [callbacks(decode(STEREO, 48_000), 48_000, 480, 0)])
    out = joined(blocks)
    assert out.dtype == np.float32 and out.shape[1] == 2
    assert abs(len(out) - len(SOURCE)) < 0.06 * SAMPLE_RATE
    counselor, client = SOURCE[:, counselor_source], SOURCE[:, 1 - counselor_source]
    assert similarity(out[:, 0], counselor) > 0.95
    assert similarity(out[:, 1], client) > 0.95
    assert similarity(out[:, 0], client) < 0.5
    assert events == []


def test_two_mono_devices_at_44k_stay_aligned() -> None:
    device = decode(STEREO, 44_100)
    core = LiveAssembler(
        [speaker_input("Headset mic", 44_100, 1, 0), speaker_input("Call monitor", 44_100, 1, 1)], lambda e: None
    )
    # Different callback sizes, as two devices really deliver.
    blocks = run(core, [callbacks(device[:, :1], 44_100, 441, 0), callbacks(device[:, 1:], 44_100, 1024, 1)])
    out = joined(blocks)
    assert abs(len(out) - len(SOURCE)) < 0.06 * SAMPLE_RATE
    assert similarity(out[:, 0], SOURCE[:, 0]) > 0.95
    assert similarity(out[:, 1], SOURCE[:, 1]) > 0.95
    # Sample-level alignment between the two columns: the lag that best matches each column
    # to its source is the same, within 2 ms.
    lags = [best_lag(out[:, c], SOURCE[:, c]) for c in (0, 1)]
    assert abs(lags[0] - lags[1]) <= 32, lags


def best_lag(out: np.ndarray, source: np.ndarray, start: float = 1.0, length: float = 1.0, span: int = 800) -> int:
    """Samples by which `out` is late against `source`, over `length` seconds from `start`
    (the default second is one where both speakers talk)."""
    segment = slice(int(start * SAMPLE_RATE), int((start + length) * SAMPLE_RATE))
    ref = source[segment]
    scores = [float(np.dot(out[segment.start + lag : segment.stop + lag], ref)) for lag in range(-span, span)]
    return int(np.argmax(scores)) - span


def test_a_two_channel_device_for_one_speaker_is_averaged() -> None:
    mic = np.repeat(decode(STEREO, 48_000)[:, :1], 2, axis=1)  # same voice on both channels
    call = decode(STEREO, 48_000)[:, 1:]
    core = LiveAssembler([speaker_input("Mic", 48_000, 2, 0), speaker_input("Monitor", 48_000, 1, 1)], lambda e: None)
    out = joined(run(core, [callbacks(mic, 48_000, 512, 0), callbacks(call, 48_000, 512, 1)]))
    assert similarity(out[:, 0], SOURCE[:, 0]) > 0.95
    assert np.sqrt(np.mean(out[: 2 * SAMPLE_RATE, 0] ** 2)) == pytest.approx(
        np.sqrt(np.mean(SOURCE[: 2 * SAMPLE_RATE, 0] ** 2)), rel=0.05
    )


def warnings(events: list[Event], kind: str) -> list[Warning]:
    return [e for e in events if isinstance(e, Warning) and e.kind == kind]


def test_overflows_become_counted_warnings_not_one_per_block() -> None:
    events: list[Event] = []
    core = LiveAssembler([stereo_input("USB mixer", 48_000)], events.append, overflow_report=2.0)
    # 100 callbacks per second: overflows at 0.5 s, then 1.0, 1.5 and 2.0 s.
    run(core, [callbacks(decode(STEREO, 48_000), 48_000, 480, 0)], overflow_at={49, 99, 149, 199})
    reports = warnings(events, "input_overflow")
    assert len(reports) == 2
    assert "1 time(s) since the last warning, 1 in all" in reports[0].message
    assert "3 time(s) since the last warning, 4 in all" in reports[1].message
    assert reports[0].at == pytest.approx(0.5, abs=0.06)
    assert core.overflow_count(0) == 4


def test_a_lost_device_gives_a_warning_and_silence_then_recovers() -> None:
    events: list[Event] = []
    device = decode(STEREO, 44_100)
    core = LiveAssembler(
        [speaker_input("Headset mic", 44_100, 1, 0), speaker_input("Call monitor", 44_100, 1, 1)], events.append
    )
    # The counsellor's headset delivers nothing from 1.0 s to 3.0 s (unplugged), then returns.
    blocks = run(
        core,
        [callbacks(device[:, :1], 44_100, 441, 0, gap=(1.0, 3.0)), callbacks(device[:, 1:], 44_100, 1024, 1)],
    )
    out = joined(blocks)
    lost, back = warnings(events, "device_lost"), warnings(events, "device_back")
    assert len(lost) == 1 and len(back) == 1
    assert "counsellor" in lost[0].message and "Headset mic" in lost[0].message
    assert 1.0 <= lost[0].at <= 2.1 and 2.5 <= back[0].at <= 3.1
    second = SAMPLE_RATE
    # Silence for the counsellor while the device is gone...
    assert np.abs(out[int(1.05 * second) : int(2.95 * second), 0]).max() == 0.0
    # ...the client goes on undisturbed...
    assert abs(len(out) - len(SOURCE)) < 0.06 * SAMPLE_RATE
    assert similarity(out[:, 1], SOURCE[:, 1]) > 0.95
    # ...and the counsellor resumes in step with the present.
    after = slice(int(3.1 * second), len(out))
    assert similarity(out[after, 0], SOURCE[after, 0]) > 0.9
    assert abs(best_lag(out[:, 0], SOURCE[:, 0], start=3.2)) <= 160  # within 10 ms


def test_when_every_device_is_lost_the_session_clock_keeps_running() -> None:
    events: list[Event] = []
    device = decode(STEREO, 48_000)
    core = LiveAssembler([stereo_input("USB mixer", 48_000)], events.append)
    blocks = run(core, [callbacks(device, 48_000, 480, 0, gap=(2.0, 4.0))], until=5.0)
    out = joined(blocks)
    assert len(warnings(events, "device_lost")) == 1 and len(warnings(events, "device_back")) == 1
    assert abs(len(out) - len(SOURCE)) < 0.06 * SAMPLE_RATE
    assert np.abs(out[int(2.05 * SAMPLE_RATE) : int(3.95 * SAMPLE_RATE)]).max() == 0.0
    assert abs(best_lag(out[:, 0], SOURCE[:, 0], start=4.1, length=0.5, span=400)) <= 160  # within 10 ms


def test_a_device_that_keeps_failing_while_lost_warns_once() -> None:
    events: list[Event] = []
    core = LiveAssembler([stereo_input("USB mixer", 48_000)], events.append)
    core.lose(0, "the stream stopped", 0.0)
    core.lose(0, "the stream stopped", 0.5)
    for step in range(1, 30):
        core.tick(step / 10)
    assert len(warnings(events, "device_lost")) == 1


def test_inputs_must_cover_both_speakers() -> None:
    with pytest.raises(ValueError):
        LiveAssembler([speaker_input("Mic", 48_000, 1, 0)], lambda e: None)


def test_wrong_channel_count_is_refused() -> None:
    core = LiveAssembler([stereo_input("USB mixer", 48_000)], lambda e: None)
    with pytest.raises(ValueError, match="expected"):
        core.feed(0, np.zeros((480, 1), np.float32), False, 0.01)


def test_stereo_input_routes() -> None:
    assert stereo_input("x", 48_000, "right") == LiveInput("x", 48_000, 2, {0: (1,), 1: (0,)})
