"""One exception hierarchy for newsprism. Every message says what to do about it.

::

    NewsprismError
     +-- InputError            an input could not become an article (the batch records it and goes on)
     |    +-- UnreadableInput   missing, a folder with nothing readable, permission denied
     |    +-- EmptyInput        no bytes, or no body text after extraction
     |    +-- BinaryInput       not text (images, archives, executables)
     |    +-- OversizedInput    larger than the ``max_input_bytes`` setting
     |    +-- EncodingProblem   bytes that no text encoding explains
     |    +-- MalformedInput    broken HTML, XML, feed, JSON or WARC structure
     +-- ConfigError           an unknown setting, a bad value, a bad store URL
     +-- MissingExtra          an optional backend whose package is not installed (message: pip command)
     +-- ModelError            a model package that is missing or does not load
     +-- StoreError            the store could not be read or written
     |    +-- MissingStore      a read command was pointed at a store that does not exist
     |    +-- NotInStore        an id (a story's) that the store does not hold
     +-- StageError            a stage failed on one item (wrapped with the stage name; batch records it)
     |    +-- StageTimeout      a stage ran past its time budget on one item (``article_budget_seconds``)

Library code raises these (``raise ... from e``); the CLI turns them into one-line messages and
exit codes; the batch runner records InputError/StageError per input and carries on, each as a
``Failure`` whose reason is :func:`one_line`.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """An input could not become an article."""


class UnreadableInput(InputError):
    """The input could not be opened or read."""


class EmptyInput(InputError):
    """The input holds no bytes or no body text."""


class BinaryInput(InputError):
    """The input is binary, not text."""


class OversizedInput(InputError):
    """The input is larger than the configured cap."""


class EncodingProblem(InputError):
    """The bytes could not be decoded as text in any plausible encoding."""


class MalformedInput(InputError):
    """The input's structure (HTML, XML, feed, JSON, WARC) is broken."""


class ConfigError(NewsprismError):
    """A setting or option has a value newsprism cannot use."""


class MissingExtra(NewsprismError):
    """An optional feature needs a package that is not installed."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs the '{package}' package, which is not installed: "
            f"pip install 'newsprism[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.package = package


class ModelError(NewsprismError):
    """A model package is missing or fails to load."""


class StoreError(NewsprismError):
    """The store could not be opened, read or written."""


class MissingStore(StoreError):
    """A command that only reads was given a store that does not exist (it never creates one)."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no store at {where}; run `newsprism analyze` or `ingest` first, or pass --db"
        )
        self.where = where


class NotInStore(StoreError):
    """An id asked for (a story's) is not in the store."""

    def __init__(self, what: str, ident: str, hint: str) -> None:
        super().__init__(f"no {what} {ident!r} in the store; {hint}")
        self.what = what
        self.ident = ident


class StageError(NewsprismError):
    """A pipeline stage failed on one item."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage


class StageTimeout(StageError):
    """A stage ran past its time budget on one item; the item is skipped and the run goes on."""

    def __init__(self, stage: str, seconds: float, *, note: str = "") -> None:
        NewsprismError.__init__(self, f"{stage} took longer than {seconds:g} s{note}; skipped")
        self.stage = stage
        self.seconds = seconds
        self.note = note

    def __reduce__(self):  # keyword-only note: pickled (a pool worker's error) by hand
        return _stage_timeout, (self.stage, self.seconds, self.note)


def _stage_timeout(stage: str, seconds: float, note: str) -> StageTimeout:
    return StageTimeout(stage, seconds, note=note)


def one_line(error: BaseException) -> str:
    """An exception as one short line, the reason of a ``Failure``."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
