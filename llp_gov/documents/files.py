"""File names, sizes and types as people read them."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

from llp_gov.documents import detect

# Controls (C0, DEL, C1), bidirectional embeddings/overrides/isolates (U+202A-U+202E,
# U+2066-U+2069), marks (U+200E, U+200F, U+061C), zero-width and BOM characters: they let a
# name such as "invoice\u202efdp.exe" read as "invoiceexe.pdf".
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    r'<>:"|?*]'
)

TYPE_WORDS = {
    detect.PDF: _l("PDF document"),
    detect.DOCX: _l("Word document"),
    detect.XLSX: _l("Excel workbook"),
    detect.TEXT: _l("Plain text"),
    detect.JPEG: _l("JPEG image"),
    detect.PNG: _l("PNG image"),
    detect.TIFF: _l("TIFF image"),
    detect.HEIC: _l("HEIC image"),
}


def type_words(mime: str) -> str:
    return str(TYPE_WORDS.get(mime, mime))


def human_size(n: int) -> str:
    """Bytes as B, KB or MB (1 KB = 1,024 bytes)."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} B"


def clean_filename(name: str | None, mime: str | None = None) -> str:
    """The user's file name (Japanese and Korean kept) without paths, control, bidirectional
    or zero-width characters, with an extension consistent with the detected type `mime`: a
    wrong or missing extension is replaced by (or given) the type's usual one."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if mime in detect.EXTENSIONS:
        allowed = detect.EXTENSIONS[mime]
        if ext.lower() not in allowed:
            if ext and not (1 <= len(ext) <= 5 and ext.isalnum()):
                stem = name  # "v1.2 final" has no real extension
            elif ext:
                stem = stem or "document"
            ext = allowed[0]
    stem = stem.strip() or "document"
    limit = 200 - len(ext) - 1 if ext else 200
    stem = stem[:limit]
    return f"{stem}.{ext}" if ext else stem
