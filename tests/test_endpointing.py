"""Turn-taking rules on synthetic voice-activity signals: no model, exact timings."""

from __future__ import annotations

import numpy as np
import pytest

from live_assist.audio.endpointing import FRAME, Endpointer, EndpointingOptions, Pause, Segment


def signal(seconds: float, *spans: tuple[float, float]) -> np.ndarray:
    """Speech probability per VAD window: 0.9 inside the spans, 0.05 elsewhere."""
    t = np.arange(int(round(seconds / FRAME))) * FRAME
    out = np.full(len(t), 0.05, dtype=np.float32)
    for a, b in spans:
        out[(t >= a) & (t < b)] = 0.9
    return out


def run(counselor: np.ndarray, client: np.ndarray, **options) -> tuple[list[Segment], list[Pause]]:
    ep = Endpointer(EndpointingOptions(**options))
    actions = ep.push(np.stack([counselor, client], axis=1)) + ep.flush()
    segs = [a for a in actions if isinstance(a, Segment)]
    return segs, [a for a in actions if isinstance(a, Pause)]


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 2 * FRAME


def test_a_turn_ends_after_the_silence_and_not_before() -> None:
    ep = Endpointer(EndpointingOptions(silence=0.5))
    talk = signal(3.0, (0.5, 2.0))
    probs = np.stack([talk, np.zeros_like(talk)], axis=1)
    # Up to 0.45 s after the last word: still open.
    first = int(round(2.45 / FRAME))
    assert not [a for a in ep.push(probs[:first]) if isinstance(a, Segment)]
    later = [a for a in ep.push(probs[first:]) if isinstance(a, Segment)]
    assert len(later) == 1 and later[0].speaker == "counselor"
    assert close(later[0].start, 0.5) and close(later[0].end, 2.0)


def test_a_pause_shorter_than_the_silence_does_not_split_a_turn() -> None:
    segs, _ = run(signal(6.0, (0.5, 2.0), (2.4, 4.0)), signal(6.0))
    assert len(segs) == 1 and close(segs[0].start, 0.5) and close(segs[0].end, 4.0)


def test_a_turn_shorter_than_long_turn_is_not_split_at_its_breaths() -> None:
    spans = [(0.5 + 3 * i, 3.3 + 3 * i) for i in range(5)]  # 15 s of talk, 0.2 s breaths
    segs, _ = run(signal(17.0, *spans), signal(17.0), long_turn=20.0)
    assert len(segs) == 1 and close(segs[0].end, 15.3)


def test_a_longer_pause_splits_it() -> None:
    segs, _ = run(signal(6.0, (0.5, 2.0), (2.7, 4.0)), signal(6.0))
    assert [(s.speaker, round(s.end, 1)) for s in segs] == [("counselor", 2.0), ("counselor", 4.0)]


def test_a_backchannel_does_not_split_the_turn_and_comes_after_it() -> None:
    # The client says "mm-hmm" (0.4 s) during the counsellor's 0.45 s breath, with a silence
    # setting long enough that only the floor rule could have split the turn.
    counselor = signal(8.0, (0.5, 3.0), (3.45, 6.0))
    client = signal(8.0, (3.0, 3.4))
    segs, _ = run(counselor, client, silence=1.5)
    assert [s.speaker for s in segs] == ["counselor", "client"]
    assert close(segs[0].start, 0.5) and close(segs[0].end, 6.0)
    assert close(segs[1].start, 3.0)


def test_the_other_speaker_taking_the_floor_ends_the_turn_before_the_silence() -> None:
    counselor = signal(8.0, (0.5, 2.0))
    client = signal(8.0, (2.2, 5.0))
    ep = Endpointer(EndpointingOptions(silence=3.0, backchannel=1.0))
    probs = np.stack([counselor, client], axis=1)
    stop = int(round(3.4 / FRAME))  # client has spoken 1.2 s, counsellor quiet 1.4 s < 3 s
    segs = [a for a in ep.push(probs[:stop]) if isinstance(a, Segment)]
    assert len(segs) == 1 and segs[0].speaker == "counselor" and close(segs[0].end, 2.0)


def test_overlapping_long_turns_are_each_released_when_they_end() -> None:
    counselor = signal(12.0, (0.5, 9.0))
    client = signal(12.0, (1.0, 4.0))
    segs, _ = run(counselor, client)
    assert [s.speaker for s in segs] == ["client", "counselor"]


def test_a_long_turn_is_committed_in_pieces_at_its_pauses_as_it_goes() -> None:
    spans = [(0.0 + 3 * i, 2.8 + 3 * i) for i in range(10)]  # 30 s of talk, 0.2 s breaths
    counselor, client = signal(32.0, *spans), signal(32.0)
    ep = Endpointer(EndpointingOptions(long_turn=5.0, max_turn=10.0))
    pieces = []  # (segment, when it was committed)
    for row in np.stack([counselor, client], axis=1):
        pieces += [(a, ep.now) for a in ep.push(row[None, :]) if isinstance(a, Segment)]
    assert len(pieces) >= 4 and all(s.speaker == "counselor" for s, _ in pieces)
    assert all(s.end - s.start <= 10.0 + FRAME for s, _ in pieces)
    # Cut at breaths, not inside words, and soon after them, not at the end of the monologue.
    assert all(any(close(s.end, b) for _, b in spans) for s, _ in pieces)
    assert all(at - s.end <= 0.25 for s, at in pieces)


def test_a_turn_with_no_pause_is_cut_hard_at_the_limit() -> None:
    segs, _ = run(signal(25.0, (0.0, 24.0)), signal(25.0), long_turn=5.0, max_turn=10.0)
    assert [round(s.end - s.start) for s in segs] == [10, 10, 4]


def test_a_click_is_not_a_turn() -> None:
    segs, _ = run(signal(3.0, (1.0, 1.07)), signal(3.0))
    assert segs == []


def test_a_pause_is_reported_once_before_the_turn_ends() -> None:
    segs, pauses = run(signal(4.0, (0.5, 2.0)), signal(4.0), speculate_after=0.2)
    assert len(pauses) == 1 and close(pauses[0].end, segs[0].end)
    assert (pauses[0].speaker, pauses[0].start, pauses[0].end) == (segs[0].speaker, segs[0].start, segs[0].end)


@pytest.mark.parametrize("flip", [False, True])
def test_each_channel_is_its_own_speaker(flip: bool) -> None:
    a, b = signal(5.0, (0.5, 1.5)), signal(5.0, (2.5, 3.5))
    segs, _ = run(b, a) if flip else run(a, b)
    assert [s.speaker for s in segs] == (["client", "counselor"] if flip else ["counselor", "client"])
