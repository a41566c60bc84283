"""Opening, writing and rebuilding the Whoosh index (the only module that touches its files)."""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager, suppress
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session
from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import LockError

from llp_gov.db import db
from llp_gov.search import postings, sources
from llp_gov.search.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "documents"
VERSION_FILE = "schema_version"


class IndexBusy(Exception):
    """Another process holds the write lock beyond the timeout."""


def index_dir() -> Path:
    """The index directory of the current app (INDEX_DIR)."""
    return Path(current_app.config["INDEX_DIR"])


def stored_version(path: Path | None = None) -> int | None:
    """The schema version the index at `path` was built with, or None (no index, unreadable)."""
    f = (path or index_dir()) / VERSION_FILE
    try:
        return int(f.read_text().strip())
    except (OSError, ValueError):
        return None


def is_current(path: Path | None = None) -> bool:
    """True when an index exists at `path` and was built with this SCHEMA_VERSION."""
    path = path or index_dir()
    return windex.exists_in(str(path), INDEX_NAME) and stored_version(path) == SCHEMA_VERSION


def _create(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    (path / VERSION_FILE).write_text(str(SCHEMA_VERSION))
    return ix


def open_index():
    """The current index; an empty one is created when there is none yet."""
    path = index_dir()
    if not windex.exists_in(str(path), INDEX_NAME):
        if path.exists() and not path.is_symlink():
            return _create(path)
        # A new index starts as generation 1 behind the symlink that rebuild() swaps.
        first = path.with_name(path.name + ".g1")
        path.parent.mkdir(parents=True, exist_ok=True)
        ix = _create(first)
        _swap_in(path, first)
        return ix
    return windex.open_dir(str(path), indexname=INDEX_NAME)


def open_for_search():
    """The current index opened for reading without memory-mapping its files (created empty
    when there is none yet).

    Whoosh maps a compound segment file (what a commit or a merge writes) and then wraps each
    part of the map in a BytesIO, which copies it: every open searcher held its own copy of the
    postings and terms, about 110 MB at 100,000 documents (issue 14: a search-only process grew
    by that much per pooled searcher). Read through file handles instead, the segments stay in
    the operating system's page cache, shared by every process, and a searcher holds only what
    it decodes."""
    path = index_dir()
    if not windex.exists_in(str(path), INDEX_NAME):
        open_index().close()
    return FileStorage(str(path), supports_mmap=False).open_index(INDEX_NAME)


# A commit made while serving merges small segments only once there are this many (commit_policy).
MIN_SMALL_SEGMENTS = 4


def commit_policy(max_docs: int):
    """A Whoosh `mergetype` for commits made while serving (the outbox drain): merge the
    smallest segments of at most `max_docs` documents each (and together), once
    MIN_SMALL_SEGMENTS of them exist; leave every larger segment alone (those are merged by
    llp_gov.search.merge in the background, issue 14). Whoosh's default MERGE_SMALL may merge
    every segment at any commit. Returns the policy function (writer, segments) -> segments."""

    def policy(writer, segments):
        small = sorted(
            (s for s in segments if s.doc_count_all() <= max_docs), key=lambda s: s.doc_count_all()
        )
        chosen, total = [], 0
        for segment in small:
            if total + segment.doc_count_all() > max_docs:
                break
            chosen.append(segment)
            total += segment.doc_count_all()
        if len(chosen) < MIN_SMALL_SEGMENTS:
            return list(segments)
        ids = {s.segid for s in chosen}
        for segment in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [s for s in segments if s.segid not in ids]

    return policy


@contextmanager
def writer(*, timeout: float, procs: int = 1, limitmb: int = 128):
    """A writer holding the one write lock; commits on success, cancels on error.

    `timeout` is the wait for the lock in seconds (IndexBusy beyond it), `procs` and `limitmb`
    Whoosh's writer options. The commit merges small segments only (commit_policy with
    SEARCH_SMALL_SEGMENT_DOCS, default 1000 documents). When the stored schema version differs
    (the analyzer changed), the index is rebuilt first. A writer that got the lock of a
    generation a rebuild has just swapped out (it waited for the lock during the rebuild) lets
    it go and writes to the new generation instead."""
    if windex.exists_in(str(index_dir()), INDEX_NAME) and not is_current():
        rebuild()
    for _attempt in range(5):
        generation = index_dir().resolve()
        ix = open_index()
        try:
            w = ix.writer(timeout=timeout, delay=0.05, procs=procs, limitmb=limitmb)
        except LockError:
            ix.close()
            raise IndexBusy() from None
        if index_dir().resolve() == generation:
            break
        w.cancel()
        ix.close()
    else:
        raise IndexBusy()
    try:
        yield w
    except BaseException:
        w.cancel()
        raise
    else:
        w.commit(mergetype=commit_policy(current_app.config.get("SEARCH_SMALL_SEGMENT_DOCS", 1000)))
    finally:
        ix.close()


# Documents per bulk-indexing commit. Whoosh sorts a writer's postings at commit, in memory up to
# `limitmb` and beyond that by spilling sorted runs to disk and merging them, which cost a third
# more per document at 20,000 documents; committing every SEGMENT_DOCS keeps each sort in memory
# (about 200 postings per document of 2 KB). rebuild() then merges them into one segment before
# the swap, so a reindex ends with an optimised index (issue 14).
SEGMENT_DOCS = 10_000


def _bulk_add(ix, progress) -> int:
    procs = current_app.config.get("SEARCH_REINDEX_PROCS") or min(2, os.cpu_count() or 1)
    # With several processes, each writes its own segment while this one reads the database.
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    count, w, in_segment = 0, None, 0
    try:
        with Session(bind=db.engine) as session:
            for kind in sources.kinds():
                before = count
                for done, doc in sources.iter_all(kind, session, progress=progress):
                    count = before + done
                    if doc is None:
                        continue
                    if w is None:
                        w = ix.writer(limitmb=256, **options)
                    w.add_document(**doc)
                    in_segment += 1
                    if in_segment >= SEGMENT_DOCS:
                        w.commit(merge=False)
                        w, in_segment = None, 0
    except BaseException:
        if w is not None:
            w.cancel()
        raise
    if w is not None:
        w.commit(merge=False)
    return count


def _generations(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".g*"), key=lambda p: int(p.name.rsplit(".g", 1)[1]))


def _swap_in(path: Path, new: Path) -> None:
    """Point `path` (a symlink) at `new` in one rename: a search opens the old generation or
    the new one, never a missing or half-built index."""
    link = path.with_name(path.name + ".link")
    with suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(new.name)
    if path.exists() and not path.is_symlink():
        # First rebuild of an index kept as a plain directory: it becomes generation 0 (the
        # one moment, once per installation, when the name is briefly absent).
        path.rename(path.with_name(path.name + ".g0"))
    os.replace(link, path)


def rebuild(progress=None) -> int:
    """Build a fresh, optimised (one-segment) index from the database beside the old one, then
    swap it in atomically; return the number of records read. `progress(done, total)` is
    called after each chunk of records. Raises IndexBusy when the old index's write lock is not
    free within 4 x SEARCH_LOCK_TIMEOUT_SECONDS.

    `INDEX_DIR` is a symlink to the current generation (`<name>.g<n>`); the new generation is
    built beside it and the link replaced in one rename, so searches during a reindex keep
    using the old generation and never fail. The generation before the old one is deleted (the
    old one stays for searchers still reading it). The old index's write lock is held
    throughout, so no drain writes to it meanwhile; outbox rows written during the rebuild stay
    queued and are applied (idempotently) afterwards, to the new generation."""
    path = index_dir()
    gens = _generations(path)
    number = int(gens[-1].name.rsplit(".g", 1)[1]) + 1 if gens else 1
    new = path.with_name(f"{path.name}.g{number}")
    shutil.rmtree(new, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    old_lock = None
    if windex.exists_in(str(path), INDEX_NAME):
        old = windex.open_dir(str(path), indexname=INDEX_NAME)
        old_lock = old.storage.lock(INDEX_NAME + "_WRITELOCK")
        deadline = time.monotonic() + current_app.config["SEARCH_LOCK_TIMEOUT_SECONDS"] * 4
        while not old_lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise IndexBusy()
            time.sleep(0.1)
    try:
        ix = _create(new)
        count = _bulk_add(ix, progress)
        if len(ix._segments()) > 1:
            # Nobody writes to the new generation yet: the merge needs no care for the lock.
            ix.optimize(limitmb=256)
        ix.close()
        _swap_in(path, new)
    finally:
        if old_lock is not None:
            with suppress(OSError):
                old_lock.release()
    for stale in _generations(path)[:-2]:
        shutil.rmtree(stale, ignore_errors=True)
    return count


_pool_lock = threading.Lock()
_pool: OrderedDict[str, list] = OrderedDict()  # index path -> idle (stamp, searcher) pairs
_MAX_IDLE = 4  # per index
_MAX_INDEXES = 4  # (tests open many indexes, one per app)


@atexit.register
def _close_pool() -> None:
    """Close the idle searchers (their file handles) when the process ends."""
    with _pool_lock:
        idle = [pair for pairs in _pool.values() for pair in pairs]
        _pool.clear()
    for _stamp, old in idle:
        with suppress(Exception):
            old.close()


@contextmanager
def searcher():
    """A searcher borrowed from a process-wide pool and given back afterwards.

    Opening the index costs more than most queries, so searchers are kept open between
    requests (also by servers that start a thread per request); what a search cached on its
    searcher is dropped when it comes back (postings.forget), the per-segment cache stays. A searcher is used by one thread at a time. It is reopened when the index
    changed; a rebuild rewrites the version file, which also makes it reopen."""
    path = index_dir()
    key = str(path)
    try:
        stamp = (path / VERSION_FILE).stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    evicted = []
    with _pool_lock:
        idle = _pool.setdefault(key, [])
        _pool.move_to_end(key)
        cached = idle.pop() if idle else None
        while len(_pool) > _MAX_INDEXES:
            evicted += _pool.popitem(last=False)[1]
    for _stamp, old in evicted:
        old.close()
    # Searcher.refresh() of whoosh-reloaded 2.7.5 fails on an empty index: reopen instead.
    if cached is None or stamp is None or cached[0] != stamp or not cached[1].up_to_date():
        if cached is not None:
            cached[1].close()
        ix = open_for_search()
        cached = ((path / VERSION_FILE).stat().st_mtime_ns, ix.searcher())
    try:
        yield cached[1]
    finally:
        postings.forget(cached[1])  # what this search assembled is not kept between requests
        with _pool_lock:
            if _pool.get(key) is idle:
                idle.append(cached)
                excess = idle[:-_MAX_IDLE] if len(idle) > _MAX_IDLE else []
                del idle[: len(excess)]
            else:  # this index was evicted meanwhile
                excess = [cached]
        for _stamp, old in excess:
            old.close()


def indexed_stamps() -> dict[str, str]:
    """doc_id -> stored stamp for every indexed document (used by `flask search check`)."""
    ix = open_index()
    try:
        with ix.searcher() as s:
            return {f["doc_id"]: f.get("stamp", "") for f in s.all_stored_fields()}
    finally:
        ix.close()
