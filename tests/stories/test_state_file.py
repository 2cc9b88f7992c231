"""The stories state as a file the grouper memory-maps, and as pieces a store writes in chunks:
the same stories go on from either, nothing is held twice, damage is a clear error."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest

from newsprism import stories
from newsprism.errors import StageError
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.store import rows
from newsprism.stories.index import StoryIndex
from newsprism.testing import FakeEmbedder, MemoryStore
from newsprism.types import Article

from .test_stories import DATA, read_article


@pytest.fixture(scope="module")
def fake() -> Models:
    return Models.with_(embedder=FakeEmbedder(dim=64))


@pytest.fixture(scope="module")
def items() -> list[Article]:
    return [read_article(p) for p in sorted(DATA.glob("*.txt"))]


def _root(array: np.ndarray) -> object:
    base = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    return base.obj if isinstance(base, memoryview) else base


def _grouper(fake, state=None) -> stories.Grouper:
    return stories.Grouper(config=default_config(), models=fake, state=state)


def test_a_saved_state_file_is_mapped_and_goes_on_as_the_grouper_that_wrote_it(fake, items, tmp_path):
    first, rest = items[: len(items) // 2], items[len(items) // 2:]
    writer = _grouper(fake)
    writer.add(first)
    path = tmp_path / "stories.state"
    writer.save_state(path)
    before = path.read_bytes()
    assert before == writer.state()  # the file is the state, written piece by piece

    mapped = _grouper(fake, state=path)
    # the arrays are views into the mapping, not copies
    for array in (mapped.index.ann.vectors, mapped.index.norm, mapped.index.sig_keys):
        assert isinstance(_root(array), mmap.mmap)
    expected = writer.add(rest)
    assert mapped.add(rest) == expected
    assert mapped.stories() and all(story in writer.stories() for story in mapped.stories())
    assert mapped.state() == writer.state()
    # copy-on-write: what the mapped grouper changed never reached the file
    assert path.read_bytes() == before != mapped.state()
    assert _grouper(fake, state=path).state() == StoryIndex.open(
        path, embedder=fake.embedder.name, emb_dim=fake.embedder.dim).to_bytes()


def test_a_state_read_from_a_writable_buffer_is_used_in_place(fake, items):
    grouper = _grouper(fake)
    grouper.add(items)
    buffer = bytearray(grouper.state())
    index = StoryIndex.from_buffer(buffer, embedder=fake.embedder.name, emb_dim=fake.embedder.dim)
    assert np.shares_memory(index.norm, np.frombuffer(buffer, dtype=np.uint8))
    assert np.shares_memory(index.ann.vectors, np.frombuffer(buffer, dtype=np.uint8))
    # from bytes (which cannot change) the arrays are copies that can
    copied = StoryIndex.from_buffer(bytes(buffer), embedder=fake.embedder.name, emb_dim=fake.embedder.dim)
    assert copied.norm.flags.writeable and copied.ann.vectors.flags.writeable
    assert copied.to_bytes() == index.to_bytes() == bytes(buffer)


def test_a_truncated_or_empty_state_file_is_a_clear_damaged_error(fake, items, tmp_path):
    grouper = _grouper(fake)
    grouper.add(items)
    path = tmp_path / "stories.state"
    grouper.save_state(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    with pytest.raises(StageError, match="damaged"):
        _grouper(fake, state=path)
    path.write_bytes(b"")
    with pytest.raises(StageError, match="empty"):
        _grouper(fake, state=path)
    path.write_bytes(data[:20])
    with pytest.raises(StageError, match="damaged"):
        _grouper(fake, state=path)


def test_state_pieces_are_regrouped_into_store_chunks_without_loss(fake, items, monkeypatch):
    grouper = _grouper(fake)
    grouper.add(items)
    whole = grouper.state()
    for size in (1, 7, 64, 1000, len(whole), len(whole) + 5):
        monkeypatch.setattr(rows, "STATE_CHUNK", size)
        got = list(rows.chunks(grouper.state_pieces()))
        assert [n for n, _ in got] == list(range(len(got)))
        assert all(len(piece) == size for _, piece in got[:-1]) and 0 < len(got[-1][1]) <= size
        assert b"".join(piece for _, piece in got) == whole
        assert rows.joined((piece for _, piece in got), len(whole)) == whole
    assert list(rows.chunks(iter([]))) == [(0, b"")]


def test_the_memory_store_keeps_the_pieces_it_is_given(fake, items):
    grouper = _grouper(fake)
    grouper.add(items)
    store = MemoryStore()
    store.save_stories([], [], [], grouper.state_pieces())
    assert store.story_state() == grouper.state()
