"""The watchdog: a block over its time budget ends as a StageTimeout, wherever it is stuck.

Timings appear only as generous bounds on the watchdog itself (a budget of a fraction of a
second must end a block that would otherwise never end, well within ten seconds).
"""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from newsprism import watchdog
from newsprism.errors import StageTimeout

BOUND = 10.0  # seconds: any interrupted block must end long before this


def forever() -> None:
    while True:
        pass


def swallowing() -> None:
    """A stage that catches every Exception it meets and carries on."""
    while True:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001 - the point of the test
            continue


def timed(fn):
    t0 = time.monotonic()
    with pytest.raises(StageTimeout) as info:
        fn()
    assert time.monotonic() - t0 < BOUND
    return info.value


def test_an_endless_loop_becomes_a_stage_timeout():
    before = signal.getsignal(signal.SIGALRM)
    error = timed(lambda: watchdog.call(forever, seconds=0.3, stage="extract"))
    assert str(error) == "extract took longer than 0.3 s; skipped"
    assert error.stage == "extract"
    assert signal.getsignal(signal.SIGALRM) == before  # the handler is put back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and no alarm is left


def test_a_stage_catching_exceptions_cannot_swallow_the_interruption():
    timed(lambda: watchdog.call(swallowing, seconds=0.3, stage="extract"))


def test_regular_expression_backtracking_is_interrupted():
    pattern = re.compile(r"(a+)+$")
    timed(lambda: watchdog.call(lambda: pattern.match("a" * 64 + "b"), seconds=0.3, stage="normalise"))


def test_a_block_in_another_thread_is_interrupted():
    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            watchdog.call(forever, seconds=0.3, stage="origins")
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001 - recorded for the assertion
            outcome.append(e)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive()
    assert isinstance(outcome[0], StageTimeout)


def test_within_budget_the_result_comes_back_and_no_alarm_is_left():
    assert watchdog.call(lambda: 41 + 1, seconds=5, stage="extract") == 42
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert watchdog.call(lambda: "no budget", seconds=0, stage="extract") == "no budget"


def test_an_outer_interval_timer_is_kept():
    fired: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        watchdog.call(lambda: None, seconds=5, stage="extract")
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20.0 < remaining <= 30.0
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_each_loses_only_the_item_at_fault_and_batches_again():
    calls: list[list[str]] = []

    def work(batch):
        calls.append(list(batch))
        for item in batch:
            if item == "hang":
                forever()
            if item == "crash":
                raise ValueError("bad item")
            yield item.upper()

    items = ["a", "b", "hang", "c", "crash", "d"] + [f"x{i}" for i in range(40)]
    results = watchdog.each(items, work, seconds=0.3, stage="extract")
    assert len(results) == len(items)
    assert results[:2] == ["A", "B"]
    assert isinstance(results[2], StageTimeout)
    assert results[3] == "C" and isinstance(results[4], ValueError) and results[5] == "D"
    assert results[6:] == [f"X{i}" for i in range(40)]
    assert calls[-1] == ["d"] + [f"x{i}" for i in range(40)]  # after the culprit, one batch again


def test_stream_stops_at_the_record_over_budget():
    def records():
        yield 1
        yield 2
        forever()
        yield 3

    got = list(watchdog.stream(records(), seconds=0.3, stage="ingest", label="feed.xml"))
    assert got[:2] == [1, 2] and isinstance(got[2], StageTimeout) and len(got) == 3


def test_stage_timeout_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(StageTimeout("extract", 30)))
    assert str(error) == "extract took longer than 30 s; skipped" and error.stage == "extract"
