"""bot/outage.py: when a line about a dependency going away, staying away and coming back is due (on a clock the
test moves: no waiting)."""

from __future__ import annotations

import threading

from bot.outage import Outage, Pause


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_line_when_it_goes_a_count_every_n_seconds_one_when_it_is_back():
    clock = Clock()
    outage = Outage(60.0, clock=clock)
    assert outage.back() is None  # up all along: nothing to say
    said = []
    for _ in range(5):
        said.append(outage.failed())
        clock.now += 20
    # the first failure, then the fourth (60 s after the first line); none in between
    assert said == [1, None, None, 4, None]
    assert outage.away and outage.failures == 5
    assert outage.back() == 5
    assert outage.back() is None and not outage.away
    assert outage.failed() == 1  # a new outage starts its own count, said at once


def test_without_every_it_is_said_once_per_outage():
    clock = Clock()
    outage = Outage(clock=clock)
    assert outage.failed() == 1
    clock.now += 10_000
    assert [outage.failed() for _ in range(3)] == [None, None, None]
    assert outage.back() == 4
    assert outage.failed() == 1


def test_a_pause_lets_one_line_through_per_period():
    clock = Clock()
    pause = Pause(10.0, clock=clock)
    assert pause.due() and not pause.due()
    assert pause.due(force=True)  # forced: said, and the pause starts again
    clock.now += 9.9
    assert not pause.due()
    clock.now += 0.1
    assert pause.due()


def test_an_outage_under_a_shared_pause_waits_for_it_even_for_its_first_line():
    clock = Clock()
    pause = Pause(10.0, clock=clock)
    outage = Outage(10.0, clock=clock, pause=pause)
    assert pause.due()  # another line said under the pause (e.g. rows dropped)
    assert outage.failed() is None  # held back by it, though the first of the outage
    clock.now += 10
    assert outage.failed() == 2
    assert not pause.due()  # the outage's line started the shared pause again
    clock.now += 5
    assert outage.failed() is None
    assert outage.back() == 3  # the line saying it is back is never held back


def test_threads_failing_at_once_say_the_first_line_once_and_lose_no_count():
    clock = Clock()
    outage = Outage(60.0, clock=clock)
    said: list[int | None] = []
    start = threading.Barrier(8)

    def fail() -> None:
        start.wait()
        for _ in range(1000):
            said.append(outage.failed())

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [n for n in said if n is not None] == [1]
    assert outage.back() == 8000
