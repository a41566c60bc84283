"""The file store's integrity (issue 13, item 4): no orphan from a failed request, and a check.

Every column named ``sha256`` or ending in ``_sha256`` refers to a file of the content-addressed
store (llp_gov.documents.storage). When a transaction ends (committed or not), each file it
stored or found already stored is deleted again unless a committed row refers to it; `flask
storage check` lists stored files no row refers to and references without a file.

Identical bytes are one file, so two requests can use the same file at once. Each transaction
holds a shared lock (``flock``) on the file's lock file ``.lock-<sha256>`` beside it from before
it looks for the file until the transaction ends; the cleanup takes the exclusive lock without
waiting and skips a file another transaction still holds (that transaction's own end decides,
after its commit). So a request that fails cannot delete the file a concurrent request with the
same bytes is about to commit. The locks are advisory and local: every process writing the store
must run on the machine (or a file system with working ``flock``) that holds it."""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import Column, Connection, event, select, union
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, SessionTransaction

from llp_gov.db import Model, db

log = logging.getLogger(__name__)
USED = "operations_used_stored_files"


@dataclass
class _Claim:
    """A file a transaction uses: its path, its lock file and the open, share-locked lock."""

    path: Path
    lock: Path
    fd: int


def store_root() -> Path:
    """The content-addressed store's folder (config DOCUMENTS_DIR)."""
    return Path(current_app.config["DOCUMENTS_DIR"])


def path_for(sha256: str) -> Path:
    """Where the store keeps a file: <root>/aa/bb/<sha256>. Raises ValueError for anything but
    64 lower-case hex digits (a SHA-256 as hexdigest() writes it)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return store_root() / sha256[:2] / sha256[2:4] / sha256


def stored_files() -> list[Path]:
    """Every file in the store (temporary files of a write in progress and lock files, whose
    names start with a dot, excluded)."""
    base = store_root()
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".")]


def reference_columns() -> list[Column[str]]:
    """Every column that names a stored file by its SHA-256."""
    columns = []
    for table in Model.metadata.sorted_tables:
        for column in table.columns:
            if column.name == "sha256" or column.name.endswith("_sha256"):
                columns.append(column)
    return columns


def referenced(connection: Connection, shas: set[str] | None = None) -> set[str]:
    """The SHA-256s committed rows refer to (restricted to `shas` when given)."""
    selects = []
    for column in reference_columns():
        stmt = select(column.label("sha")).where(column.is_not(None))
        if shas is not None:
            stmt = stmt.where(column.in_(sorted(shas)))
        selects.append(stmt)
    if not selects:
        return set()
    return set(connection.scalars(union(*selects)))


def _lock(lock: Path, operation: int) -> int | None:
    """Open `lock` (created if absent) and flock it with `operation`; None when LOCK_NB was
    asked and another holder is in the way. A lock file deleted by a cleanup while we waited is
    not the lock any more: open the new one and lock again."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, operation)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            return fd
        os.close(fd)


def claim(sha256: str) -> None:
    """Called by the store before it looks for or writes the file of `sha256`: until the current
    transaction ends no other transaction's cleanup deletes that file; at its end the file is
    deleted unless a committed row refers to it (see the module docstring). Blocks only while
    another transaction's cleanup of the same file runs (one query and an unlink)."""
    session = db.session()
    used: dict[str, _Claim] = session.info.setdefault(USED, {})
    if sha256 in used:
        return
    if not session.in_transaction():
        session.begin()  # so that this transaction's end releases the claim
    path = path_for(sha256)
    lock = path.parent / f".lock-{sha256}"
    fd = _lock(lock, fcntl.LOCK_SH)
    assert fd is not None  # a blocking lock always returns its descriptor
    used[sha256] = _Claim(path, lock, fd)


_installed = False


def install_hooks() -> None:
    """Release the claims of a session's transaction when it ends (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Session, "after_transaction_end")
    def _ended(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is not None:
            return
        used = session.info.pop(USED, None)
        if used:
            release(used, session.get_bind().engine)


def release(used: dict[str, _Claim], bind: Engine) -> list[str]:
    """End a transaction's claims: delete each claimed file that no committed row refers to and
    no other transaction holds; return the digests of the files deleted."""
    for claim_ in used.values():
        os.close(claim_.fd)  # drops the shared lock
    exclusive: dict[str, tuple[_Claim, int]] = {}
    for sha, claim_ in used.items():
        fd = _lock(claim_.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if fd is not None:  # else another transaction uses the file: its end decides
            exclusive[sha] = (claim_, fd)
    removed: list[str] = []
    try:
        if not exclusive:
            return removed
        try:
            with bind.connect() as connection:
                keep = referenced(connection, set(exclusive))
        except Exception:  # noqa: BLE001  keep the files; `storage check` finds what is left
            log.warning("could not clean files of a failed transaction", exc_info=True)
            return removed
        for sha, (claim_, _fd) in sorted(exclusive.items()):
            if sha not in keep:
                try:
                    claim_.path.chmod(0o640)
                    claim_.path.unlink()
                    removed.append(sha)
                except FileNotFoundError:
                    pass
            claim_.lock.unlink(missing_ok=True)  # while held: waiters reopen the new one
        return removed
    finally:
        for _claim, fd in exclusive.values():
            os.close(fd)


def remove_orphans(*, older_than: dt.timedelta) -> list[str]:
    """Delete what killed or crashed requests left behind: stored files that no committed row
    refers to, last written more than `older_than` ago and claimed by no running transaction
    (checked again under the file's exclusive lock), and lock files left unheld. Returns the
    digests of the files deleted. Safe while the application runs."""
    cutoff = time.time() - older_than.total_seconds()
    files = {p.name: p for p in stored_files()}
    with db.engine.connect() as connection:
        known = referenced(connection)
    removed: list[str] = []
    for sha, path in sorted(files.items()):
        if sha in known or _mtime(path) > cutoff:
            continue
        lock = path.parent / f".lock-{sha}"
        fd = _lock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if fd is None:
            continue  # a transaction is using it: its end decides
        try:
            with db.engine.connect() as connection:
                if sha not in referenced(connection, {sha}):
                    path.chmod(0o640)
                    path.unlink(missing_ok=True)
                    removed.append(sha)
            lock.unlink(missing_ok=True)
        finally:
            os.close(fd)
    base = store_root()
    for lock in base.glob("*/*/.lock-*") if base.is_dir() else ():
        if _mtime(lock) > cutoff:
            continue
        fd = _lock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if fd is not None:
            lock.unlink(missing_ok=True)
            os.close(fd)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


@dataclass
class StoreReport:
    files: int = 0
    orphans: list[Path] = field(default_factory=list)  # files no row refers to
    missing: list[tuple[str, str]] = field(default_factory=list)  # (table.column, sha256)

    @property
    def clean(self) -> bool:
        return not self.orphans and not self.missing


def check() -> StoreReport:
    """Compare the store with every reference column (see the module docstring): files no
    committed row refers to (orphans) and references without a file (missing)."""
    report = StoreReport()
    files = {p.name: p for p in stored_files()}
    report.files = len(files)
    with db.engine.connect() as connection:
        known = referenced(connection)
        for column in reference_columns():
            table = column.table
            sha: str
            for sha in connection.scalars(select(column).where(column.is_not(None)).distinct()):
                if sha not in files:
                    report.missing.append((f"{table.name}.{column.name}", sha))
    report.orphans = sorted(path for name, path in files.items() if name not in known)
    return report
