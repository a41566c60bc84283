"""First-page previews (PNG), rendered once per stored file and cached beside the file store."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from llp_gov.documents import extract, storage


def _cache_path(sha256: str, width: int, suffix: str) -> Path:
    storage.path_for(sha256)  # validates the digest
    return storage.root() / "previews" / sha256[:2] / f"{sha256}-{width}.{suffix}"


def preview_for(version, width: int = extract.PREVIEW_WIDTH) -> bytes | None:
    """The PNG preview of the version's first page, or None when it has none. Rendered by
    pdfium (or Pillow for images) in a child process on first use; then read from the cache
    (a `.none` marker remembers files without a preview)."""
    png, none = (_cache_path(version.sha256, width, s) for s in ("png", "none"))
    if png.is_file():
        return png.read_bytes()
    if none.is_file():
        return None
    data = extract.preview(storage.read(version.sha256), version.mime_type, width)
    png.parent.mkdir(parents=True, exist_ok=True)
    target, payload = (png, data) if data else (none, b"")
    fd, tmp = tempfile.mkstemp(dir=png.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)
    os.replace(tmp, target)
    return data
