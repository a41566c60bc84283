"""Writers for the exports: CSV (UTF-8 with BOM, or cp932), XLSX (openpyxl write-only), the
Yayoi journal layout and the Shift_JIS check. They take rows and yield bytes; memory stays flat.

Yayoi layout (弥生会計 「弥生インポート形式」, support.yayoi-kk.co.jp page 18545): 25 columns,
識別フラグ 2000 for a one-row entry, 2110 / 2100 / 2101 for the first, middle and last row of a
multi-row entry; 決算 「本決」 on year-end closing entries; amounts are whole yen. Yayoi reads
files without a header row, so the Yayoi journal has none unless asked for (header=1).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby, islice

from flask_babel import gettext as _

from llp_gov.errors import ValidationError

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000  # rows per database fetch and per CSV chunk
MAX_BAD_ROWS_NAMED = 20

YAYOI_HEADER = [
    "識別フラグ",
    "伝票No.",
    "決算",
    "取引日付",
    "借方勘定科目",
    "借方補助科目",
    "借方部門",
    "借方税区分",
    "借方金額",
    "借方税金額",
    "貸方勘定科目",
    "貸方補助科目",
    "貸方部門",
    "貸方税区分",
    "貸方金額",
    "貸方税金額",
    "摘要",
    "番号",
    "期日",
    "タイプ",
    "生成元",
    "仕訳メモ",
    "付箋1",
    "付箋2",
    "調整",
]


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


# --- Shift_JIS ------------------------------------------------------------------------------


def _unencodable(values) -> bool:
    for v in values:
        if isinstance(v, str):
            try:
                v.encode("cp932")
            except UnicodeEncodeError:
                return True
    return False


def check_cp932(rows: Iterable[tuple], label) -> None:
    """Refuse (naming the rows) rather than silently replace what Shift_JIS cannot encode."""
    bad = []
    for number, row in enumerate(rows, start=1):
        if _unencodable(row):
            bad.append(label(number, row))
            if len(bad) > MAX_BAD_ROWS_NAMED:
                break
    if bad:
        named = ", ".join(bad[:MAX_BAD_ROWS_NAMED]) + (
            " …" if len(bad) > MAX_BAD_ROWS_NAMED else ""
        )
        raise ValidationError(
            _(
                "Shift_JIS (cp932) cannot encode some characters (for example Hangul) in these rows: %(rows)s. "
                "Export as UTF-8 CSV or XLSX instead, or change the text.",
                rows=named,
            ),
            format=_("Shift_JIS cannot encode these rows."),
        )


def yayoi_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Journal rows (as journal_rows) in Yayoi's 25-column import layout."""
    for number, group in groupby(rows, key=lambda r: r[0]):
        lines = list(group)
        first = lines[0]
        closing = "本決" if first[2] == "closing" else ""
        date = first[1].strftime("%Y/%m/%d")
        memo = safe_text(first[3])
        debits = [r for r in lines if r[8]]
        credits = [r for r in lines if r[9]]
        if len(debits) == 1 and len(credits) == 1:
            d, c = debits[0], credits[0]
            yield (
                "2000",
                number,
                closing,
                date,
                d[7],
                "",
                "",
                "対象外",
                d[8],
                0,
                c[7],
                "",
                "",
                "対象外",
                c[9],
                0,
                memo,
                "",
                "",
                "0",
                "",
                "",
                "0",
                "0",
                "no",
            )
            continue
        for i, r in enumerate(lines):
            flag = "2110" if i == 0 else ("2101" if i == len(lines) - 1 else "2100")
            if r[8]:
                cells = (r[7], "", "", "対象外", r[8], 0, "", "", "", "", 0, 0)
            else:
                cells = ("", "", "", "", 0, 0, r[7], "", "", "対象外", r[9], 0)
            yield (flag, number, closing, date, *cells, memo, "", "", "0", "", "", "0", "0", "no")
