"""Detect a file's type from its content (never its name) and refuse what we do not accept."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from llp_gov.errors import ValidationError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
TEXT_ENCODINGS = ("utf_8", "cp932", "euc_kr")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Detected:
    mime: str
    encoding: str | None = None  # for text


def detect(data: bytes, *, docx_max_uncompressed: int) -> Detected:
    """Return the type of `data` or raise ValidationError with a message for the user."""
    if not data:
        raise ValidationError(file=_("The file is empty."))
    if data.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(file=_("Programs and scripts cannot be uploaded."))
    if data.startswith(b"%PDF-"):
        return Detected(PDF)
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data, docx_max_uncompressed)
        return Detected(DOCX)
    encoding = text_encoding(data)
    if encoding:
        return Detected(TEXT, encoding)
    raise ValidationError(file=_("Only PDF, Word (DOCX) and plain text files are accepted."))


def _check_docx(data: bytes, limit: int) -> None:
    """A DOCX is a zip with word/document.xml; refuse zip bombs by the declared sizes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(file=_("The Word file is damaged and cannot be read.")) from None
    if not any(i.filename == "word/document.xml" for i in infos):
        raise ValidationError(file=_("Only PDF, Word (DOCX) and plain text files are accepted."))
    if sum(i.file_size for i in infos) > limit:
        raise ValidationError(file=_("The Word file expands to more than the allowed size."))


def text_encoding(data: bytes) -> str | None:
    """UTF-8, Shift_JIS (cp932) or EUC-KR, whichever decodes cleanly and reads best."""
    if b"\x00" in data:
        return None
    candidates = []
    for enc in TEXT_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        if enc == "utf_8":
            return "utf_8"
        candidates.append((_plausibility(text), enc))
    if not candidates:
        return None
    return max(candidates)[1]


def _plausibility(text: str) -> float:
    """Higher for text made of full-width Japanese or Hangul than of half-width katakana noise.

    EUC-KR bytes often decode as cp932 half-width katakana, and some cp932 as EUC-KR hanja."""
    if not text:
        return 0.0
    good = sum(
        1
        for c in text
        if "\u3040" <= c <= "\u30ff"
        or "\uac00" <= c <= "\ud7a3"
        or c.isascii()
        or "\u3000" <= c <= "\u303f"
    )
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    halfwidth = sum(1 for c in text if "\uff61" <= c <= "\uff9f")
    return (good + 0.5 * han - 2 * halfwidth) / len(text)


def decode_text(data: bytes, encoding: str) -> str:
    return data.decode(encoding).removeprefix("\ufeff")
