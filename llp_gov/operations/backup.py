"""Backup and restore (issue 13, item 7): `flask backup create DIR` and `flask backup restore DIR`.

A backup directory holds
* ``database.dump`` (PostgreSQL: ``pg_dump --format=custom`` of an exported snapshot) or
  ``database.sqlite3`` (SQLite: the online backup API) -- a consistent copy;
* ``files/aa/bb/<sha256>``: every stored file the dumped rows refer to, read in the same snapshot
  (the store is content-addressed and never rewrites a file, so copying after the snapshot is
  consistent);
* ``manifest.json``: format, time, database kind, migration revision, the SHA-256 of the dump,
  every file with its size, and the row count of every table.

Restore checks every hash first, refuses a database that has tables or a store that has files,
loads the dump (pg_restore / file copy), copies the files, rebuilds the search index and compares
every row count with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import URL

from llp_gov.db import Model, db
from llp_gov.operations import filestore

FORMAT = "llp-gov-backup/1"
FILES = "files"


class BackupError(Exception):
    """The backup or restore cannot proceed; the message says why."""


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432)]
    if url.username:
        args += ["-U", url.username]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return args, env


def _counts(connection) -> dict[str, int]:
    names = set(inspect(connection).get_table_names())
    out = {}
    for table in Model.metadata.sorted_tables:
        if table.name in names:
            out[table.name] = connection.scalar(select(func.count()).select_from(table))
    return out


def _revision(connection) -> str | None:
    try:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # noqa: BLE001  no migrations table: not an llp-gov database
        return None


def _database_name(url: URL) -> str:
    """The database (PostgreSQL) or file (SQLite) a URL names; BackupError when it names none."""
    if not url.database:
        raise BackupError(f"the database URL {url.render_as_string()} names no database")
    return url.database


def create(target: Path) -> dict:
    """Write a backup into `target` (which must not exist or be empty); return the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    url = db.engine.url  # the URL object: str() would mask the password as ***
    database = _database_name(url)
    manifest: dict = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat()}
    if url.get_backend_name() == "postgresql":
        dump = target / "database.dump"
        with db.engine.connect() as connection:
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            args, env = _pg_args(url)
            _run(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(dump),
                    database,
                ],
                env,
            )
            shas = filestore.referenced(connection)
            manifest["counts"] = _counts(connection)
            manifest["revision"] = _revision(connection)
            connection.rollback()
        manifest["database"] = {"kind": "postgresql", "file": dump.name}
    elif url.get_backend_name() == "sqlite":
        dump = target / "database.sqlite3"
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(dump)) as backup_db,
        ):
            source.backup(backup_db)
        engine = create_engine(f"sqlite:///{dump}")
        try:
            with engine.connect() as connection:
                shas = filestore.referenced(connection)
                manifest["counts"] = _counts(connection)
                manifest["revision"] = _revision(connection)
        finally:
            engine.dispose()
        manifest["database"] = {"kind": "sqlite", "file": dump.name}
    else:
        raise BackupError(f"cannot back up a {url.get_backend_name()} database")
    manifest["database"]["sha256"] = _sha256_file(dump)
    files = {}
    for sha in sorted(shas):
        stored = filestore.path_for(sha)
        if not stored.is_file():
            raise BackupError(f"the database refers to {sha}, which is not in the file store")
        copied = target / FILES / sha[:2] / sha[2:4] / sha
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored, copied)
        if _sha256_file(copied) != sha:
            raise BackupError(f"stored file {sha} does not match its hash")
        files[sha] = copied.stat().st_size
    manifest["files"] = files
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _run(argv: list[str], env: dict) -> None:
    import os  # noqa: PLC0415 (only the subprocess environment needs it)

    result = subprocess.run(  # noqa: S603  fixed programs, arguments from configuration
        argv, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[:2000]}")


def read_manifest(source: Path) -> dict:
    """The manifest, after checking the dump's and every file's hash."""
    path = source / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{source} has no manifest.json")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError("not an llp-gov backup")
    dump = source / manifest["database"]["file"]
    if _sha256_file(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} does not match the manifest's hash")
    for sha, size in manifest["files"].items():
        copy = source / FILES / sha[:2] / sha[2:4] / sha
        if not copy.is_file() or copy.stat().st_size != size or _sha256_file(copy) != sha:
            raise BackupError(f"file {sha} is missing or damaged in the backup")
    return manifest


def restore(source: Path) -> dict:
    """Restore a backup into the configured (empty) database and (empty) file store, rebuild the
    search index and return {"counts": ..., "files": n}. Raises BackupError when a hash does not
    match, the database has tables, the store has files, or a row count differs afterwards."""
    from llp_gov.search import index  # noqa: PLC0415 (search imports this package's layer)

    manifest = read_manifest(source)
    url = db.engine.url  # the URL object: str() would mask the password as ***
    database = _database_name(url)
    kind = manifest["database"]["kind"]
    if kind != url.get_backend_name():
        raise BackupError(f"a {kind} backup cannot be restored into {url.get_backend_name()}")
    with db.engine.connect() as connection:
        if inspect(connection).get_table_names():
            raise BackupError("the database is not empty: restore into a new, empty database")
    if filestore.stored_files():
        raise BackupError(f"the file store {filestore.store_root()} is not empty")
    dump = source / manifest["database"]["file"]
    db.session.remove()
    db.engine.dispose()
    if kind == "postgresql":
        args, env = _pg_args(url)
        _run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", database, str(dump)],
            env,
        )
    else:
        with (
            closing(sqlite3.connect(dump)) as backup,
            closing(sqlite3.connect(database)) as db_,
        ):
            backup.backup(db_)
    for sha in manifest["files"]:
        target = filestore.path_for(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / FILES / sha[:2] / sha[2:4] / sha, target)
        target.chmod(0o440)
    with db.engine.connect() as connection:
        counts = _counts(connection)
    if counts != manifest["counts"]:
        differ = sorted(
            k
            for k in set(counts) | set(manifest["counts"])
            if counts.get(k) != manifest["counts"].get(k)
        )
        raise BackupError(f"row counts differ after the restore: {', '.join(differ)}")
    index.rebuild()
    return {"counts": counts, "files": len(manifest["files"])}
