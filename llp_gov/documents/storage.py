"""The content-addressed file store: one file per SHA-256, written atomically, never overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from llp_gov.operations import filestore

root = filestore.store_root
path_for = filestore.path_for
stored_files = filestore.stored_files


def digest(data: bytes) -> str:
    """The SHA-256 of `data` as 64 lower-case hex digits (the store's file name)."""
    return hashlib.sha256(data).hexdigest()


def exists(sha256: str) -> bool:
    """Whether the store holds the file of `sha256` (ValueError for a malformed digest)."""
    return path_for(sha256).is_file()


def store(data: bytes) -> str:
    """Write `data` once under its SHA-256 (temporary file, fsync, rename) and return the digest.

    Needs an application context with a database session: the file is claimed for the session's
    transaction and deleted at its end unless a committed row refers to it by the digest
    (llp_gov.operations.filestore), so the caller must reference it in the same transaction.
    Raises OSError when the store cannot be written."""
    sha = digest(data)
    # Claimed before looking: a concurrent failed request cannot delete the file between our
    # look and our commit, and it goes at our transaction's end unless a committed row uses it.
    filestore.claim(sha)
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
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return sha


def read(sha256: str) -> bytes:
    """The bytes of a stored file; FileNotFoundError when the store lacks it."""
    return path_for(sha256).read_bytes()
