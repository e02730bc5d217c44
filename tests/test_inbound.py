"""Event de-duplication (Slack events, Teams activities): an id is answered once while remembered, then forgotten."""

from __future__ import annotations

from bot.inbound import SeenEvents


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_id_is_new_once_within_its_time_to_live_and_new_again_after():
    clock = Clock()
    seen = SeenEvents(ttl_seconds=60, clock=clock)
    assert seen.first_time("Ev1") and not seen.first_time("Ev1")
    clock.now += 59
    assert not seen.first_time("Ev1")  # a retry within the hour is dropped
    assert seen.first_time("Ev2")
    clock.now += 2  # Ev1 was first seen 61 s ago: expired; Ev2 2 s ago: still remembered
    assert seen.first_time("Ev1") and not seen.first_time("Ev2")


def test_when_full_the_oldest_ids_are_forgotten_first():
    seen = SeenEvents(max_size=3, clock=Clock())
    for event_id in ("a", "b", "c", "d"):
        assert seen.first_time(event_id)
    assert seen.first_time("a")  # the oldest made room for "d"
    assert not any(seen.first_time(event_id) for event_id in ("c", "d"))

