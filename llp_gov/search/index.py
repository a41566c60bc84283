"""Opening, writing and rebuilding the Whoosh index (the only module that touches its files)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from whoosh import index as windex
from whoosh.writing import LockError

from llp_gov.search.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "documents"
VERSION_FILE = "schema_version"


class IndexBusy(Exception):
    """Another process holds the write lock beyond the timeout."""


def index_dir() -> Path:
    return Path(current_app.config["INDEX_DIR"])


def stored_version(path: Path | None = None) -> int | None:
    f = (path or index_dir()) / VERSION_FILE
    try:
        return int(f.read_text().strip())
    except (OSError, ValueError):
        return None


def is_current(path: Path | None = None) -> bool:
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
        return _create(path)
    return windex.open_dir(str(path), indexname=INDEX_NAME)


@contextmanager
def writer(*, timeout: float, procs: int = 1, limitmb: int = 128):
    """A writer holding the one write lock; commits on success, cancels on error.

    When the stored schema version differs (the analyzer changed), the index is rebuilt first."""
    if windex.exists_in(str(index_dir()), INDEX_NAME) and not is_current():
        rebuild()
    ix = open_index()
    try:
        w = ix.writer(timeout=timeout, delay=0.05, procs=procs, limitmb=limitmb)
    except LockError:
        raise IndexBusy() from None
    try:
        yield w
    except BaseException:
        w.cancel()
        raise
    else:
        w.commit()
    finally:
        ix.close()


def rebuild(progress=None) -> int:
    """Build a fresh index from the database beside the old one, then swap it in.

    The old index's write lock is held throughout, so no drain writes to it meanwhile; outbox
    rows written during the rebuild stay queued and are applied (idempotently) afterwards."""
    from sqlalchemy.orm import Session

    from llp_gov.db import db
    from llp_gov.search import sources

    path = index_dir()
    new = path.with_name(path.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    old_lock = None
    if windex.exists_in(str(path), INDEX_NAME):
        old = windex.open_dir(str(path), indexname=INDEX_NAME)
        old_lock = old.storage.lock(INDEX_NAME + "_WRITELOCK")
        deadline = time.monotonic() + current_app.config["SEARCH_LOCK_TIMEOUT_SECONDS"] * 4
        while not old_lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise IndexBusy()
            time.sleep(0.1)
    count = 0
    try:
        ix = _create(new)
        procs = current_app.config.get("SEARCH_REINDEX_PROCS") or min(2, os.cpu_count() or 1)
        # With several processes, each writes its own segment while this one reads the database;
        # the segments are kept, not merged (a merge rewrites every posting once more).
        options = {"procs": procs, "multisegment": True} if procs > 1 else {}
        w = ix.writer(limitmb=256, **options)
        try:
            with Session(bind=db.engine) as session:
                for kind in sources.kinds():
                    count += sources.add_all(w, kind, session, progress=progress)
        except BaseException:
            w.cancel()
            raise
        w.commit()
        ix.close()
        trash = path.with_name(path.name + ".old")
        shutil.rmtree(trash, ignore_errors=True)
        if path.exists():
            path.rename(trash)
        new.rename(path)
        shutil.rmtree(trash, ignore_errors=True)
    finally:
        if old_lock is not None:
            try:
                old_lock.release()
            except OSError:
                pass
    return count


_local = threading.local()
_MAX_CACHED = 4


@contextmanager
def searcher():
    """A searcher kept open per thread and refreshed when the index changed (opening the index
    for every query costs more than most queries). A rebuild rewrites the version file, which
    makes the next call reopen the swapped-in index."""
    cache: dict = _local.__dict__.setdefault("searchers", {})
    path = index_dir()
    key = str(path)
    try:
        stamp = (path / VERSION_FILE).stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    cached = cache.pop(key, None)
    # Searcher.refresh() of whoosh-reloaded 2.7.5 fails on an empty index: reopen instead.
    if cached is None or stamp is None or cached[0] != stamp or not cached[1].up_to_date():
        if cached is not None:
            cached[1].close()
        ix = open_index()
        cached = ((path / VERSION_FILE).stat().st_mtime_ns, ix.searcher())
    cache[key] = cached
    while len(cache) > _MAX_CACHED:
        _old_key, (_stamp, old) = next(iter(cache.items()))
        del cache[_old_key]
        old.close()
    yield cached[1]


def indexed_stamps() -> dict[str, str]:
    """doc_id -> stored stamp for every indexed document (used by `flask search check`)."""
    ix = open_index()
    try:
        with ix.searcher() as s:
            return {f["doc_id"]: f.get("stamp", "") for f in s.all_stored_fields()}
    finally:
        ix.close()
