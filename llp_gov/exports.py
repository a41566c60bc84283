"""The one writer of every CSV and XLSX file the system produces (ledger, search results, audit,
reports, statements).

Callers describe their columns once (`Column`: a localised header, a kind, an XLSX width) and
hand rows of plain Python values; this module turns them into bytes, streaming, with the same
rules everywhere:

- **Formula injection** (OWASP "CSV Injection"): a text cell whose first visible character is
  ``= + - @`` or their full-width forms ``＝ ＋ － ＠`` (possibly after spaces, tabs, line
  breaks or other control/format characters, which spreadsheets skip) would be evaluated by
  Excel, LibreOffice or Google Sheets. In CSV such a cell gets a leading ``'`` (the convention
  spreadsheets display without the quote); in XLSX it is written with the *string* data type,
  so it is never a formula and shows exactly the text, without a visible ``'``.
- **Times** are converted to the organisation's legal time zone (`tz`, an IANA name such as
  ``Asia/Tokyo``) before writing; dates stay dates.
- **Money** is integer minor units (yen), written as integers; XLSX shows it with ``#,##0``.
- **CSV** is UTF-8 with a BOM by default (Excel on Japanese and Korean Windows reads it);
  ``encoding="cp932"`` writes Shift_JIS after `to_cp932` mapping.
- **XLSX** uses openpyxl's write-only mode (rows go to a temporary file, never all in memory),
  one sheet per `Sheet`, frozen header, column widths, optional totals row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response

from llp_gov.downloads import ascii_fallback, download  # noqa: F401 (exports.download stays the entry point)

CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH = 2000  # rows per CSV chunk

# Characters that make a spreadsheet evaluate a cell, in ASCII and full width.
FORMULA_STARTS = frozenset("=+-@＝＋－＠")


def _skippable(ch: str) -> bool:
    """Whitespace, control and format characters that spreadsheets skip before a formula."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


# First characters worth a closer look: the formula starts and anything skippable in front.
_TRIGGERS = FORMULA_STARTS | frozenset(chr(c) for c in range(0x20)) | frozenset(" \x7f\u3000\ufeff")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would evaluate `text` as a formula (see the module docstring)."""
    if not text or (text[0] not in _TRIGGERS and not _skippable(text[0])):
        return False
    for i, ch in enumerate(text):
        if ch in FORMULA_STARTS:
            # A lone sign ("-" for "none") is text; anything after it makes a formula.
            return bool(text[i + 1 :].strip())
        if not _skippable(ch):
            return False
    return False


def neutralise(value: Any) -> Any:
    """Return `value` safe for a CSV cell: formula-like text gets a leading ``'``; other values
    (numbers, dates, None, harmless text) are returned unchanged."""
    if (
        value.__class__ is str
        and value
        and (value[0] in _TRIGGERS or _skippable(value[0]))
        and is_formula_like(value)
    ):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: `header` (a str or lazy translated string), `kind` one of ``text``,
    ``int``, ``money`` (integer minor units), ``date``, ``datetime`` (aware, converted to the
    legal zone), ``percent`` (a number shown with ``0.00%`` in XLSX); `width` in characters for
    XLSX (estimated from the header when None)."""

    header: Any
    kind: str = "text"
    width: int | None = None


@dataclass
class Sheet:
    """One XLSX sheet: a (localised) `name`, its `columns`, the `rows` (any iterable of
    sequences, consumed once) and whether to append a totals row over money/int columns."""

    name: Any
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    totals: bool = False
    totals_label: Any = "Total"
    title_rows: list[Sequence[Any]] = field(default_factory=list)


def _local(value: dt.datetime, zone: ZoneInfo | None) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime in an export: pass aware UTC datetimes")
    return value.astimezone(zone or dt.UTC)


def _csv_value(value: Any, kind: str, zone: ZoneInfo | None) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value, zone).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return neutralise(value)
    return value


# Types the csv module writes exactly as `_csv_value` would (None as "", dates in ISO 8601).
_PLAIN_TYPES = frozenset({str, int, float, Decimal, dt.date, type(None)})
# A field starting with anything but a letter or digit (of any script), a quote or nothing, or
# a quoted field starting with a line break ("\r=1" is written as "\r=1" in quotes): it may
# need neutralising, so the chunk is written again cell by cell.
_LOOK_AGAIN = re.compile(r'(?:^|[,\n])(?:"(?=[^\w,"])|(?=[^\w,\r\n"]))')


def _write_plain(writer, buffer: io.StringIO, chunk: list) -> bool:
    """Fast path: write `chunk` as it is when every value has a plain type and no field can be
    formula-like (checked on the written text with one regular expression); otherwise leave
    the buffer as it was and return False. Same bytes as the cell-by-cell path, several times
    faster on ledgers of hundreds of thousands of rows."""
    classes: set = set()
    for row in chunk:
        classes.update(map(type, row))
    if not classes <= _PLAIN_TYPES:
        return False
    start = buffer.tell()  # after the header row, if any, in the first chunk
    writer.writerows(chunk)
    # From the header's closing "\n" (or the start): the first field is checked too.
    if _LOOK_AGAIN.search(buffer.getvalue(), max(start - 1, 0)) is None:
        return True
    buffer.seek(start)
    buffer.truncate()
    return False


def csv_stream(
    columns: Sequence[Column] | None,
    rows: Iterable[Sequence[Any]],
    *,
    tz: str | None = None,
    encoding: str = "utf-8-sig",
    header: bool = True,
) -> Iterator[bytes]:
    """Yield the CSV bytes of `rows` in chunks of about `BATCH` rows.

    `columns` gives the headers and kinds (None: no header, every cell as text); `tz` is the
    legal time zone for datetimes; `encoding` is ``utf-8-sig`` (with BOM), ``utf-8`` or
    ``cp932`` (Shift_JIS, see `to_cp932`; a character it cannot encode raises
    UnicodeEncodeError: check first with `cp932_problems`). Lines end with CRLF (RFC 4180)."""
    zone = ZoneInfo(tz) if tz else None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    first = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    encode: Callable[[str], bytes]
    if codec == "cp932":

        def encode(text: str) -> bytes:
            return to_cp932(text).encode("cp932")
    else:

        def encode(text: str) -> bytes:
            return text.encode(codec)

    if columns and header:
        writer.writerow([neutralise(str(c.header)) for c in columns])
    it = iter(rows)
    while True:
        chunk = list(islice(it, BATCH))
        if not chunk:
            break
        if not _write_plain(writer, buffer, chunk):
            writer.writerows([_csv_value(v, "text", zone) for v in row] for row in chunk)
        yield first + encode(buffer.getvalue())
        first = b""
        buffer.seek(0)
        buffer.truncate()
    rest = buffer.getvalue()
    if first or rest:
        yield first + encode(rest)


# --- Shift_JIS ------------------------------------------------------------------------------

# Unicode characters whose Shift_JIS glyph Python's cp932 codec knows under another code point
# (the JIS X 0208 vs Microsoft mappings): map them before encoding, so an em dash or a wave dash
# typed on a Mac does not make a file unexportable. Source: the cp932 vs Shift_JIS mapping
# differences listed by the Unicode Consortium's MAPPINGS/VENDORS/MICSFT/WINDOWS/CP932.TXT and
# the JIS X 0208 table (e.g. U+301C WAVE DASH is 0x8160, which cp932 decodes as U+FF5E).
CP932_EQUIVALENTS = str.maketrans(
    {
        "\u2014": "\u2015",  # EM DASH -> HORIZONTAL BAR (0x815C)
        "\u301c": "\uff5e",  # WAVE DASH -> FULLWIDTH TILDE (0x8160)
        "\u2212": "\uff0d",  # MINUS SIGN -> FULLWIDTH HYPHEN-MINUS (0x817C)
        "\u2016": "\u2225",  # DOUBLE VERTICAL LINE -> PARALLEL TO (0x8161)
        "\u00a2": "\uffe0",  # CENT SIGN -> FULLWIDTH CENT SIGN (0x8191)
        "\u00a3": "\uffe1",  # POUND SIGN -> FULLWIDTH POUND SIGN (0x8192)
        "\u00ac": "\uffe2",  # NOT SIGN -> FULLWIDTH NOT SIGN (0x81CA)
        "\u00a6": "\uffe4",  # BROKEN BAR -> FULLWIDTH BROKEN BAR
    }
)


def to_cp932(text: str) -> str:
    """Map characters that Shift_JIS has under another Unicode code point (see
    CP932_EQUIVALENTS); the result encodes with Python's ``cp932`` codec where the original
    had no other problem."""
    return text.translate(CP932_EQUIVALENTS)


def cp932_unencodable(text: str) -> list[str]:
    """The distinct characters of `text` that Shift_JIS (cp932) cannot encode even after
    `to_cp932`, in order of appearance."""
    out: list[str] = []
    for ch in to_cp932(text):
        if ch not in out:
            try:
                ch.encode("cp932")
            except UnicodeEncodeError:
                out.append(ch)
    return out


def cp932_problems(rows: Iterable[Sequence[Any]], *, limit: int = 20) -> list[tuple[int, str]]:
    """Rows (1-based numbers) holding characters Shift_JIS cannot encode, with those
    characters, at most `limit` of them: ``[(row_number, "한글"), ...]``. Callers raise a
    ValidationError naming them (the rule: refuse, never replace silently)."""
    bad: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=1):
        chars: list[str] = []
        for v in row:
            if isinstance(v, str) and not v.isascii():
                try:
                    to_cp932(v).encode("cp932")
                except UnicodeEncodeError:
                    chars.extend(c for c in cp932_unencodable(v) if c not in chars)
        if chars:
            bad.append((number, "".join(chars)))
            if len(bad) >= limit:
                break
    return bad


# --- XLSX -----------------------------------------------------------------------------------

_NUMBER_FORMATS = {
    "money": "#,##0",
    "int": "#,##0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "percent": "0.00%",
}


def _sheet_title(name: Any, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    title = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(name))[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def _width(column: Column) -> float:
    if column.width:
        return column.width
    text = str(column.header)
    # East Asian wide characters take two columns.
    wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    minimum = {"money": 14, "int": 10, "date": 12, "datetime": 20}.get(column.kind, 12)
    return max(minimum, wide + 2)


def xlsx_stream(sheets: Sequence[Sheet], *, tz: str | None = None) -> Iterator[bytes]:
    """Yield an XLSX workbook of `sheets` (openpyxl write-only mode; rows are consumed once).

    Text is written with the string data type (never a formula, no visible ``'``); money and
    integers as numbers with ``#,##0``; dates and datetimes (in `tz`, without zone, as Excel
    has none) as dates with a date format; the header row bold and frozen."""
    # openpyxl (0.1 s CPU to import) loads only when an XLSX is written, not with every page.
    from openpyxl import Workbook  # noqa: PLC0415 (heavy import only for XLSX)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 (heavy import only for XLSX)
    from openpyxl.styles import Font  # noqa: PLC0415 (heavy import only for XLSX)
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 (heavy import only for XLSX)

    zone = ZoneInfo(tz) if tz else None
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.name, used))
        for i, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _width(column)
        offset = len(sheet.title_rows)
        ws.freeze_panes = f"A{offset + 2}"
        for title_row in sheet.title_rows:
            ws.append([_xlsx_cell(ws, WriteOnlyCell, v, "text", zone) for v in title_row])
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        ws.append(header)
        kinds = [c.kind for c in sheet.columns]
        sums = [0] * len(kinds)
        count = 0
        for row in sheet.rows:
            count += 1
            cells = []
            for i, (value, kind) in enumerate(zip(row, kinds, strict=False)):
                if sheet.totals and kind in ("money", "int") and isinstance(value, int):
                    sums[i] += value
                cells.append(_xlsx_cell(ws, WriteOnlyCell, value, kind, zone))
            ws.append(cells)
        if sheet.totals:
            totals = []
            for i, kind in enumerate(kinds):
                if i == 0:
                    value = str(sheet.totals_label)
                    k = "text"
                elif kind in ("money", "int"):
                    value, k = sums[i], kind
                else:
                    value, k = None, "text"
                cell = _xlsx_cell(ws, WriteOnlyCell, value, k, zone)
                if value is not None:
                    cell.font = bold
                totals.append(cell)
            if count:
                ws.append(totals)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(65536):
                yield chunk
    finally:
        os.unlink(path)


def _xlsx_cell(ws, cell_class, value: Any, kind: str, zone: ZoneInfo | None):
    if isinstance(value, dt.datetime):
        value = _local(value, zone).replace(tzinfo=None)
        kind = "datetime"
    elif isinstance(value, dt.date):
        kind = "date"
    cell = cell_class(ws, value=value)
    if isinstance(value, str):
        # openpyxl types a text starting with "=" as a formula: force the string type.
        cell.data_type = "s"
    elif value is not None and kind in _NUMBER_FORMATS and not isinstance(value, bool):
        cell.number_format = _NUMBER_FORMATS[kind]
    return cell


# --- HTTP (see llp_gov/downloads.py) ------------------------------------------------------


def csv_download(
    columns: Sequence[Column] | None,
    rows: Iterable[Sequence[Any]],
    download_name: str,
    *,
    tz: str | None = None,
    encoding: str = "utf-8-sig",
    header: bool = True,
) -> Response:
    """Stream `rows` as a CSV download (see `csv_stream` for the arguments)."""
    charset = "shift_jis" if encoding == "cp932" else "utf-8"
    response = download(
        csv_stream(columns, rows, tz=tz, encoding=encoding, header=header),
        download_name,
        f"{CSV_MIMETYPE}; charset={charset}",
    )
    return response


def xlsx_download(
    sheets: Sequence[Sheet], download_name: str, *, tz: str | None = None
) -> Response:
    """Stream `sheets` as an XLSX download (see `xlsx_stream`)."""
    return download(xlsx_stream(sheets, tz=tz), download_name, XLSX_MIMETYPE)
