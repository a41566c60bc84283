"""Detect a file's type from its content (never its name) and refuse what we do not accept."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from llp_gov.documents import encodings
from llp_gov.errors import ValidationError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
HEIC = "image/heic"
IMAGES = (JPEG, PNG, TIFF, HEIC)
# ISO BMFF brands of HEIF images (photos of paper from phones).
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
# The usual extension of each type (file names are made consistent with the detected type).
EXTENSIONS = {
    PDF: ("pdf",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    TEXT: ("txt", "csv", "tsv", "text", "md", "eml"),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    TIFF: ("tif", "tiff"),
    HEIC: ("heic", "heif"),
}

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


@dataclass(frozen=True)
class Detected:
    mime: str
    encoding: str | None = None  # for text; None: no candidate encoding was plausible
    language: str | None = None  # for text: what the chosen decoding reads as


def accepted_message() -> str:
    return _(
        "Only PDF, Word (DOCX), Excel (XLSX), plain text and scanned images "
        "(JPEG, PNG, TIFF, HEIC) are accepted."
    )


def detect(data: bytes, *, docx_max_uncompressed: int, languages=("ja", "ko", "en")) -> Detected:
    """Return the type of `data` by its content (never its name) or raise ValidationError
    (field `file`) with a message for the user. Text gets the most plausible encoding for the
    organisation's `languages` (see encodings.py), or encoding None when none is plausible."""
    if not data:
        raise ValidationError(file=_("The file is empty."))
    if data.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(file=_("Programs and scripts cannot be uploaded."))
    if data.startswith(b"%PDF-"):
        return Detected(PDF)
    if data.startswith(b"PK\x03\x04"):
        return Detected(_office_type(data, docx_max_uncompressed))
    if data.startswith(b"\xff\xd8\xff"):
        return Detected(JPEG)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected(PNG)
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return Detected(TIFF)
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return Detected(HEIC)
    if encodings.looks_binary(data):
        raise ValidationError(file=accepted_message())
    guess = encodings.guess(data, languages)
    return Detected(TEXT, guess.codec, guess.language)


def _office_type(data: bytes, limit: int) -> str:
    """A DOCX is a zip with word/document.xml, an XLSX one with xl/workbook.xml; refuse zip
    bombs by the declared sizes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(file=_("The Word file is damaged and cannot be read.")) from None
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        mime = DOCX
    elif "xl/workbook.xml" in names:
        mime = XLSX
    else:
        raise ValidationError(file=accepted_message())
    if sum(i.file_size for i in infos) > limit:
        raise ValidationError(file=_("The Word file expands to more than the allowed size."))
    return mime


def text_encoding(data: bytes) -> str | None:
    """The encoding a stored text file is served in (see encodings.guess)."""
    return encodings.guess(data).codec
