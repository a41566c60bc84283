"""The file store's integrity (issue 13, item 4): no orphan from a failed request, and a check.

Every column named ``sha256`` or ending in ``_sha256`` refers to a file of the content-addressed
store (llp_gov.documents.storage). A file written during a transaction that then does not commit
(a validation error, a 500, a lost connection) is deleted again when no committed row refers to
it; `flask storage check` lists stored files no row refers to and references without a file."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import Column, Table, event, select, union
from sqlalchemy.orm import Session

from llp_gov.db import Model, db

log = logging.getLogger(__name__)
NEW_FILES = "operations_new_stored_files"


def store_root() -> Path:
    """The content-addressed store's folder (llp_gov.documents.storage writes it)."""
    return Path(current_app.config["DOCUMENTS_DIR"])


def path_for(sha256: str) -> Path:
    """Where the store keeps a file: <root>/aa/bb/<sha256> (the layout of documents.storage)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return store_root() / sha256[:2] / sha256[2:4] / sha256


def stored_files() -> list[Path]:
    """Every file in the store (temporary files of a write in progress excluded)."""
    base = store_root()
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]


def reference_columns() -> list[Column]:
    """Every column that names a stored file by its SHA-256."""
    columns = []
    for table in Model.metadata.sorted_tables:
        for column in table.columns:
            if column.name == "sha256" or column.name.endswith("_sha256"):
                columns.append(column)
    return columns


def referenced(connection, shas: set[str] | None = None) -> set[str]:
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


def track_new(sha256: str) -> None:
    """Called by the store when it wrote a file that did not exist: the file is deleted again
    if the current transaction does not commit."""
    db.session.info.setdefault(NEW_FILES, set()).add(sha256)


_installed = False


def install_hooks() -> None:
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Session, "after_commit")
    def _committed(session):
        session.info.pop(NEW_FILES, None)

    @event.listens_for(Session, "after_transaction_end")
    def _ended(session, transaction):
        if transaction.parent is not None:
            return
        new = session.info.pop(NEW_FILES, None)
        if new:
            remove_unreferenced(new, session.get_bind())


def remove_unreferenced(shas: set[str], bind) -> list[str]:
    """Delete the files of `shas` that no committed row refers to; return their digests."""
    try:
        with bind.connect() as connection:
            keep = referenced(connection, shas)
    except Exception:  # noqa: BLE001  the check finds what this could not clean
        log.warning("could not clean files of a failed transaction", exc_info=True)
        return []
    removed = []
    for sha in sorted(shas - keep):
        path = path_for(sha)
        try:
            path.chmod(0o640)
            path.unlink()
            removed.append(sha)
        except FileNotFoundError:
            continue
    return removed


@dataclass
class StoreReport:
    files: int = 0
    orphans: list[Path] = field(default_factory=list)  # files no row refers to
    missing: list[tuple[str, str]] = field(default_factory=list)  # (table.column, sha256)

    @property
    def clean(self) -> bool:
        return not self.orphans and not self.missing


def check() -> StoreReport:
    """Compare the store with every reference column (see the module docstring)."""
    report = StoreReport()
    files = {p.name: p for p in stored_files()}
    report.files = len(files)
    with db.engine.connect() as connection:
        known = referenced(connection)
        for column in reference_columns():
            table: Table = column.table
            for sha in connection.scalars(select(column).where(column.is_not(None)).distinct()):
                if sha not in files:
                    report.missing.append((f"{table.name}.{column.name}", sha))
    report.orphans = sorted(path for name, path in files.items() if name not in known)
    return report
