"""Downloads: a response that sends bytes or a stream of byte chunks as a named file.

Werkzeug's send_file writes the name as RFC 6266/5987 (``filename*=UTF-8''…``); we add an ASCII
fallback that is never empty and keep exactly the one charset given. Used by llp_gov/exports.py
(csv_download, xlsx_download) and by every page or API route that sends a file.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable

from flask import Response, has_request_context, send_file, stream_with_context


class _IterFile(io.RawIOBase):
    """A read-only file over an iterator of byte chunks, so send_file can stream it."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        # Close the generator now (popping the request context stream_with_context holds),
        # not whenever it is garbage collected.
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        super().close()

    def readinto(self, buffer) -> int:
        while not self._rest:
            try:
                self._rest = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def ascii_fallback(download_name: str) -> str:
    """An ASCII file name for clients without RFC 5987 support: the NFKD-folded name, or
    ``download`` plus the extension when nothing ASCII is left (never empty)."""
    folded = unicodedata.normalize("NFKD", download_name).encode("ascii", "ignore").decode()
    folded = "".join(ch for ch in folded if ch.isprintable() and ch not in '"\\')
    stem, dot, ext = folded.rpartition(".")
    if not (stem if dot else folded).strip(" ._-"):
        ext = download_name.rpartition(".")[2] if "." in download_name else ""
        ascii_ext = ext.encode("ascii", "ignore").decode()
        return "download" + (f".{ascii_ext}" if ascii_ext else "")
    return folded


def download(
    data: bytes | Iterable[bytes], download_name: str, mimetype: str, *, inline: bool = False
) -> Response:
    """A response that downloads `data` (bytes, or an iterator of byte chunks streamed as they
    come) as `download_name`.

    Werkzeug's send_file writes the name as RFC 6266/5987 (``filename*=UTF-8''…``) with an
    ASCII fallback; ours is never empty (see `ascii_fallback`). ``X-Content-Type-Options:
    nosniff`` is set by the app's headers."""
    if isinstance(data, bytes | bytearray):
        body: io.IOBase = io.BytesIO(data)
    else:
        # Rows are read from the database while the response streams: keep the request's
        # context (and its session) alive until the last chunk.
        body = _IterFile(stream_with_context(iter(data)) if has_request_context() else data)
    response = send_file(
        body,  # type: ignore[arg-type]
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=download_name,
        max_age=0,
    )
    if "charset=" in mimetype:
        # Werkzeug adds "; charset=utf-8" to any text/* type: keep exactly the one given
        # (a Shift_JIS file must not also claim UTF-8).
        response.headers["Content-Type"] = mimetype
    fallback = ascii_fallback(download_name)
    value = response.headers.get("Content-Disposition", "")
    if "filename*=" in value:
        kind = "inline" if inline else "attachment"
        star = value[value.index("filename*=") :]
        response.headers["Content-Disposition"] = f'{kind}; filename="{fallback}"; {star}'
    return response
