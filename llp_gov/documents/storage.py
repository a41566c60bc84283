"""The content-addressed file store: one file per SHA-256, written atomically, never overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

from llp_gov.operations import filestore


def root() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"])


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return root() / sha256[:2] / sha256[2:4] / sha256


def exists(sha256: str) -> bool:
    return path_for(sha256).is_file()


def store(data: bytes) -> str:
    """Write `data` once under its SHA-256 (temporary file, fsync, rename) and return the digest."""
    sha = digest(data)
    target = path_for(sha)
    if target.is_file():
        return sha  # identical content is stored once
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o440)
        # rename is atomic on POSIX: a reader sees no file or the whole file.
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # A transaction that does not commit takes the new file with it (no orphan, issue 13).
    filestore.track_new(sha)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return sha


def read(sha256: str) -> bytes:
    return path_for(sha256).read_bytes()


def stored_files() -> list[Path]:
    """Every stored file (for checks and tests)."""
    base = root()
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]
