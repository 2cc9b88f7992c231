"""Time budgets: one article (or one story) can never hold up a run.

``call(fn, seconds=..., stage=...)`` runs ``fn`` under a budget and raises
:class:`~newsprism.errors.StageTimeout` ("extract took longer than 30 s; skipped") when it runs
over. ``stream`` gives each item of an iterator (a reader going through a file) the same
budget. ``each(items, work, ...)`` runs a stage over many items in one call (spaCy parses a batch
faster than one text at a time) with the budget per item; after an overrun or a crash it goes
on item by item until the item at fault is found, so only that item is lost, then batches again.
The pipeline and both batch engines use these and nothing else; the budget is the
``article_budget_seconds`` setting (0: no budget).

How a block is interrupted:

- in a process's main thread (the CLI, each batch pool worker, Spark's Python workers) by
  SIGALRM (``signal.setitimer``): the handler raises inside whatever Python code runs, a regular
  expression's backtracking included (``re`` polls for signals). The alarm fires again every
  second until the block has ended, so code that swallows one interruption gets the next.
- in any other thread, by a timer thread that raises the same exception in the block's thread
  (``PyThreadState_SetAsyncExc``) at its next Python instruction.

The exception raised inside the block is a ``BaseException``, so a stage's ``except Exception``
cannot swallow it; it becomes a ``StageTimeout`` where the block ends. Budgets do not nest (an
outer interval timer, such as pytest-timeout's, is kept and restored).

Neither way reaches C code that never returns to Python. For that, a batch pool worker also arms
a hard deadline (:func:`arm_hard_exit`): a grace period after the budget, the worker writes what
it was working on to a report folder and exits; the engine sees the worker die, replaces it and
runs the suspects one by one, recording as a failure the one that kills a worker on its own
(``newsprism.scale.local``).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from newsprism.errors import StageTimeout

T = TypeVar("T")
R = TypeVar("R")

REPEAT_SECONDS = 1.0  # an interruption that was swallowed is raised again this much later
ISOLATE = 32  # after a batch overran or crashed, items run alone until one fails, at most this many
HARD_EXIT_CODE = 70


class _Overrun(BaseException):
    """Raised inside a block whose time is up. A subclass is made per block, so a late alarm of
    one block is never taken for another's."""


class _Alarm:
    """One block's budget: started before the block, stopped after it (both idempotent)."""

    def __init__(self, seconds: float, kind: type[_Overrun]) -> None:
        self.seconds = seconds
        self.kind = kind
        self.active = False
        self.deadline = 0.0

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class _SignalAlarm(_Alarm):
    """SIGALRM in the main thread; an outer interval timer is restored when the block ends."""

    def start(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.seconds
        self.old_handler = signal.getsignal(signal.SIGALRM)
        self.active = True
        signal.signal(signal.SIGALRM, self._fire)
        self.outer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        if self.outer[0] > 0 and self.outer[0] < self.seconds:
            signal.setitimer(signal.ITIMER_REAL, self.outer[0])

    def _fire(self, signum: int, frame: Any) -> None:
        if not self.active:
            return
        if time.monotonic() < self.deadline:  # the outer timer's time came first
            if callable(self.old_handler):
                self.old_handler(signum, frame)
            return
        signal.setitimer(signal.ITIMER_REAL, REPEAT_SECONDS)
        raise self.kind()

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old_handler)
        remaining, interval = self.outer
        if remaining > 0:
            left = remaining - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)


class _ThreadAlarm(_Alarm):
    """Any other thread: a timer thread raises in it (``PyThreadState_SetAsyncExc``)."""

    def start(self) -> None:
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.active = True
        self.timer = self._timer(self.seconds)

    def _timer(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self._fire)
        timer.daemon = True
        timer.start()
        return timer

    def _fire(self) -> None:
        with self.lock:
            if not self.active:
                return
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), ctypes.py_object(self.kind))
            self.timer = self._timer(REPEAT_SECONDS)

    def stop(self) -> None:
        with self.lock:
            if not self.active:
                return
            self.active = False
            self.timer.cancel()
            # an interruption asked for but not yet raised is withdrawn
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), None)


# --------------------------------------------------------------------------- hard deadline (batch workers)

_HARD: dict[str, Any] = {"folder": None, "grace": 0.0}


def arm_hard_exit(folder: str | os.PathLike, *, grace: float) -> None:
    """In this process (a batch pool worker): a block still running ``grace`` seconds after its
    budget ran out writes a report to ``folder`` (see :func:`hard_exits`) and ends the process."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    _HARD.update(folder=str(folder), grace=float(grace))


def hard_exits(folder: str | os.PathLike) -> list[dict[str, Any]]:
    """The reports left by workers that ended themselves (removed as they are read): each has
    ``stage``, ``seconds``, ``labels`` (what the block was working on) and ``alone`` (whether
    it was working on one item only)."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            out.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        path.unlink(missing_ok=True)
    return out


def _hard_timer(seconds: float, stage: str, labels: Sequence[str], alone: bool) -> threading.Timer | None:
    folder = _HARD["folder"]
    if folder is None:
        return None
    report = {"stage": stage, "seconds": seconds, "labels": list(labels), "alone": alone, "pid": os.getpid()}

    def end_the_process() -> None:
        path = Path(folder) / f"{os.getpid()}-{time.monotonic_ns()}.json"
        path.write_text(json.dumps(report), encoding="utf-8")
        os._exit(HARD_EXIT_CODE)  # the block is stuck in C code: nothing else can stop it

    timer = threading.Timer(seconds + _HARD["grace"], end_the_process)
    timer.daemon = True
    timer.start()
    return timer


# --------------------------------------------------------------------------- the two entry points


def call(fn: Callable[[], R], *, seconds: float, stage: str, labels: Sequence[str] = (),
         alone: bool = True) -> R:
    """``fn()`` within ``seconds`` (0 or less: no budget), else :class:`StageTimeout`.
    ``labels`` name what ``fn`` works on (for a batch worker's hard-exit report)."""
    if not seconds or seconds <= 0:
        return fn()
    kind = type("_Overrun", (_Overrun,), {})
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    alarm: _Alarm = (_SignalAlarm if main else _ThreadAlarm)(seconds, kind)
    hard = None
    # Every step from start to stop is inside the outer try: an alarm that fires as the block
    # ends (even inside stop) is caught there and ends as a StageTimeout, never escapes.
    try:
        try:
            alarm.start()
            hard = _hard_timer(seconds, stage, labels, alone)
            return fn()
        finally:
            alarm.stop()
            if hard is not None:
                hard.cancel()
    except kind:
        alarm.stop()
        raise StageTimeout(stage, seconds) from None


def each(items: Sequence[T], work: Callable[[Sequence[T]], Iterable[R]], *, seconds: float, stage: str,
         label: Callable[[T], str] = str) -> list[R | Exception]:
    """``work`` over ``items`` (it yields one result per item, in order), with ``seconds`` of
    budget per result. One entry per item: its result, or the exception it raised on its own
    (a :class:`StageTimeout` when it ran over). After a batch overran or crashed, items run one
    at a time until one fails on its own (at most :data:`ISOLATE`), then batching resumes."""
    items = list(items)
    out: list[R | Exception] = []
    while len(out) < len(items):
        out += _batched(items[len(out):], work, seconds=seconds, stage=stage, label=label)
        for _ in range(ISOLATE):
            if len(out) == len(items):
                break
            item = items[len(out)]
            try:
                out.append(call(lambda: _only(work([item])), seconds=seconds, stage=stage,
                                labels=[label(item)], alone=True))
            except Exception as e:  # noqa: BLE001 - the item at fault: its error is its result
                out.append(e)
                break
    return out


_END = object()


def stream(items: Iterable[T], *, seconds: float, stage: str, label: str = "") -> Iterator[T | StageTimeout]:
    """The items of ``items`` with ``seconds`` of budget for each (a reader going through a
    file); when one runs over, a :class:`StageTimeout` takes its place and nothing more is read."""
    iterator = iter(items)
    while True:
        try:
            item = call(lambda: next(iterator, _END), seconds=seconds, stage=stage, labels=[label] if label else ())
        except StageTimeout as e:
            yield e
            return
        if item is _END:
            return
        yield item


def _batched(items: list[T], work: Callable[[Sequence[T]], Iterable[R]], *, seconds: float, stage: str,
             label: Callable[[T], str]) -> list[R]:
    """Results of one batched call, up to the first that overran or crashed."""
    done: list[R] = []
    try:
        iterator = iter(work(items))
        while len(done) < len(items):
            suspects = [label(item) for item in items[len(done):len(done) + ISOLATE]]
            done.append(call(lambda: next(iterator), seconds=seconds, stage=stage, labels=suspects,
                             alone=len(items) - len(done) == 1))
    except Exception:  # noqa: BLE001 - StageTimeout, a crash, too few results: found out one by one
        pass
    return done


def _only(results: Iterable[R]) -> R:
    found = list(results)
    if len(found) != 1:
        raise RuntimeError(f"the stage gave {len(found)} results for one item")
    return found[0]
