"""The local engine's pool, watched: a worker stuck where the time budget cannot interrupt it
is replaced, and only the item it was stuck on is lost.

Each pool worker arms the watchdog's hard deadline (``watchdog.arm_hard_exit``): a block still
running a grace period after its budget (C code that never returns to Python) writes a report
naming what it was working on and ends the worker. The pool then breaks; :meth:`Pool.gather`
sees it, starts a new pool, and runs the broken task again: without the item a report named as
worked on alone (a failure, with the report's reason), with the items a report suspected (one
item of a batch was stuck, not known which) one per task, and everything else as before. A task
that keeps breaking with no report (a worker that crashed outright) is split the same way, and
an item that breaks its worker on its own three times is lost with that reason.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable

from newsprism import watchdog

Label = Callable[[Any], str]
_GIVE_UP = 3  # an item breaking its worker on its own this often, with no report, is lost


@dataclass
class Task:
    """A function over a list of items, as submitted to the pool (resubmitted after a break)."""

    fn: Callable[[list], Any]
    items: list
    label: Label
    future: Future
    generation: int
    breaks: int = 0


@dataclass
class Gathered:
    """What a task gave: one result per piece it ran as, and the items lost with why."""

    results: list[Any] = field(default_factory=list)
    lost: list[tuple[Any, str, str]] = field(default_factory=list)  # (item, stage, reason)


class Pool:
    """A pool (``make()`` builds one) whose broken tasks are run again on a new one."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        self.folder = tempfile.mkdtemp(prefix="newsprism-watchdog-")
        self.make = make
        self.pool = make(self.folder)
        self.generation = 0
        self.condemned: dict[str, tuple[str, str]] = {}  # label -> (stage, reason)
        self.suspects: set[str] = set()
        self.replaced = 0

    def submit(self, fn: Callable[[list], Any], items: list, label: Label) -> Task:
        return Task(fn, list(items), label, self.pool.submit(fn, list(items)), self.generation)

    def submit_raw(self, fn: Callable, *args: Any) -> Future:
        """Unwatched: a broken pool makes this future fail (the caller redoes the work itself)."""
        return self.pool.submit(fn, *args)

    def gather(self, task: Task) -> Gathered:
        out = Gathered()
        pending = [task]
        while pending:
            current = pending.pop(0)
            try:
                out.results.append(current.future.result())
                continue
            except BrokenProcessPool:
                self._replace(current.generation)
            pending += self._again(current, out)
        return out

    def _again(self, task: Task, out: Gathered) -> list[Task]:
        """The broken task's items as new tasks: condemned ones dropped, suspects alone."""
        items = []
        for item in task.items:
            if task.label(item) in self.condemned:
                out.lost.append((item, *self.condemned[task.label(item)]))
            else:
                items.append(item)
        breaks = task.breaks + 1
        if len(items) == 1 and breaks >= _GIVE_UP:
            out.lost.append((items[0], "batch", "its worker process died on it each time it was tried; skipped"))
            return []
        alone = [i for i in items if task.label(i) in self.suspects or (breaks >= 2 and len(items) > 1)]
        rest = [i for i in items if not any(i is a for a in alone)]
        tasks = [self._resubmit(task, [i], breaks) for i in alone]
        return tasks + ([self._resubmit(task, rest, breaks)] if rest else [])

    def _resubmit(self, task: Task, items: list, breaks: int) -> Task:
        new = self.submit(task.fn, items, task.label)
        new.breaks = breaks
        return new

    def _replace(self, generation: int) -> None:
        """A new pool, once per break; what the dead worker reported is remembered."""
        if generation != self.generation:
            return  # already replaced since this task was submitted
        for report in watchdog.hard_exits(self.folder):
            labels = report.get("labels") or []
            if report.get("alone") and labels:
                reason = (f"{report['stage']} took longer than {report['seconds']:g} s; skipped "
                          "(its worker could not be interrupted and was replaced)")
                self.condemned[labels[0]] = (report["stage"], reason)
            else:
                self.suspects.update(labels)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self.make(self.folder)
        self.generation += 1
        self.replaced += 1

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)

