"""Fast writers for the journal CSV and XLSX (rows neutralised in SQL). They take rows and yield
bytes; memory stays flat. The import files for Yayoi, MoneyForward and freee are in formats/."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000  # rows per database fetch and per CSV chunk
MAX_BAD_ROWS_NAMED = 20

DANGEROUS_FIRST = frozenset(DANGEROUS_PREFIXES)


def safe_text(value):
    """Neutralise a text cell that a spreadsheet would run as a formula; numbers stay numbers."""
    if value.__class__ is str and value[:1] in DANGEROUS_FIRST:
        return "'" + value
    return value


# --- writers --------------------------------------------------------------------------------


def csv_stream(
    headers: list[str] | None,
    rows: Iterable[tuple],
    encoding: str = "utf-8-sig",
    neutralised: bool = False,
) -> Iterator[bytes]:
    """CSV bytes in chunks; UTF-8 with BOM by default (Excel on Japanese/Korean Windows reads it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    first = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    if headers:
        writer.writerow([safe_text(h) for h in headers])
    it = iter(rows)
    if not neutralised:
        # csv writes None as "" and dates as ISO 8601 by itself; only text needs neutralising.
        it = (
            [("'" + v) if v.__class__ is str and v[:1] in DANGEROUS_FIRST else v for v in row]
            for row in it
        )
    while True:
        chunk = list(islice(it, BATCH))
        if not chunk:
            break
        writer.writerows(chunk)
        yield first + buffer.getvalue().encode(codec)
        first = b""
        buffer.seek(0)
        buffer.truncate()
    rest = buffer.getvalue()
    if first or rest:
        yield first + rest.encode(codec)


def xlsx_stream(
    sheet: str,
    headers: list[str],
    rows: Iterable[tuple],
    money_columns: tuple[int, ...] = (),
    neutralised: bool = False,
) -> Iterator[bytes]:
    """XLSX through openpyxl's write-only mode (rows go to a temporary file, not memory).

    Numbers are written as numbers and dates as dates. Rows already neutralised in SQL (the
    journal) are appended as they come, without a per-cell pass or number format."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=safe_text(str(h)))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    if neutralised:
        for row in rows:
            ws.append(tuple(row))
        rows = ()
    for row in rows:
        values = []
        for i, v in enumerate(row):
            if isinstance(v, str):
                values.append(safe_text(v))
            elif i in money_columns and isinstance(v, int):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "#,##0"
                values.append(cell)
            else:
                values.append(v)
        ws.append(values)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(65536):
                yield chunk
    finally:
        os.unlink(path)
