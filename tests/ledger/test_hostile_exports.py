"""Every ledger export neutralises text a spreadsheet would run as a formula (the shared rules of
llp_gov/exports.py: = + - @, their full-width forms, after leading spaces or tabs), and the
XLSX files are for people: widths, #,##0, dates as dates, localised sheet names, frozen header,
totals."""

import csv
import datetime as dt
import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from llp_gov import exports as shared
from llp_gov.extensions import db
from llp_gov.ledger import exports as ledger_exports
from llp_gov.ledger import services, statements
from tests.factories import CounterpartyFactory
from tests.ledger.conftest import D, post

HOSTILE = ["=1+1", "＝1+1", " =1+1", "\t@SUM(A1)", "+81 3", "-2+3", "＠cmd", "\u3000＋1"]


@pytest.fixture
def hostile(books):
    acc = books.user("accountant")
    books.partners[0].name = '=HYPERLINK("http://evil","x")'
    books.partners[1].name = "＝cmd|' /C calc'!A0"
    for i, text in enumerate(HOSTILE):
        cp = CounterpartyFactory(organisation_id=books.org.id, name=text)
        services.post_entry(
            actor=acc,
            organisation=books.org,
            entry_date=D(2025, 5, 1 + i),
            description=text,
            counterparty_id=cp.id,
            lines=[
                {"account": "510", "debit": 1_000 + i, "credit": 0},
                {"account": "112", "debit": 0, "credit": 1_000 + i},
            ],
        )
    post(books, D(2025, 6, 1), "受託収入", ("135", 3_300_000, 0), ("410", 0, 3_300_000))
    db.session.commit()
    return books


def download(world, fmt, report="journal", **kw):
    _name, _mime, body = statements.export_ledger(
        actor=world.user("accountant"),
        organisation=world.org,
        fmt=fmt,
        report=report,
        fiscal_year=2025,
        **kw,
    )
    return b"".join(body)


def csv_cells(raw: bytes, encoding: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(raw.decode(encoding))) for c in row]


def assert_inert(cells):
    live = [c for c in cells if shared.is_formula_like(c)]
    assert not live, live
    # The hostile text is still there, behind the quote.
    assert "'=1+1" in cells and "'＝1+1" in cells


CSV_EXPORTS = [
    ("csv", "journal", "utf-8-sig"),
    ("csv-sjis", "journal", "cp932"),
    ("yayoi", "journal", "cp932"),
    ("moneyforward", "journal", "utf-8-sig"),
    ("freee", "journal", "utf-8-sig"),
]


@pytest.mark.parametrize(("fmt", "report", "encoding"), CSV_EXPORTS)
def test_journal_csv_exports_are_inert(hostile, fmt, report, encoding):
    assert_inert(csv_cells(download(hostile, fmt, report), encoding))


@pytest.mark.parametrize("fmt", ["csv", "csv-sjis"])
def test_contributions_and_reports_csv_are_inert(hostile, fmt):
    encoding = "cp932" if fmt == "csv-sjis" else "utf-8-sig"
    cells = csv_cells(download(hostile, fmt, "contributions"), encoding)
    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert not any(shared.is_formula_like(c) for c in cells)
    for report in ("trial-balance", "profit-and-loss", "balance-sheet"):
        cells = csv_cells(download(hostile, fmt, report, by_partner=True), encoding)
        assert not any(shared.is_formula_like(c) for c in cells)


def _xlsx(raw):
    return load_workbook(io.BytesIO(raw))


@pytest.mark.parametrize(
    "report", ["journal", "contributions", "trial-balance", "profit-and-loss", "balance-sheet"]
)
def test_xlsx_exports_hold_no_formula(hostile, report):
    ws = _xlsx(download(hostile, "xlsx", report, by_partner=True)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    if report == "journal":
        assert set(HOSTILE) <= texts  # shown exactly, as text
    if report == "contributions":
        assert '=HYPERLINK("http://evil","x")' in texts


def test_journal_xlsx_is_for_people(hostile):
    with force_locale("ja"):
        wb = _xlsx(download(hostile, "xlsx"))
    ws = wb.active
    assert ws.title == "仕訳帳" and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["仕訳番号", "日付", "種類", "摘要"]  # the journal's 摘要 (6510789)
    assert ws.column_dimensions["D"].width >= 40
    rows = list(ws.iter_rows(min_row=2))
    first = rows[0]
    assert isinstance(first[1].value, dt.datetime) and first[1].number_format == "yyyy-mm-dd"
    assert first[8].number_format == "#,##0" or first[9].number_format == "#,##0"
    total = rows[-1]
    assert total[0].value == "合計"
    debit = sum(r[8].value or 0 for r in rows[:-1])
    assert total[8].value == debit == total[9].value and total[8].number_format == "#,##0"


def test_contributions_xlsx_is_for_people(hostile):
    with force_locale("ja"):
        wb = _xlsx(download(hostile, "xlsx", "contributions"))
    ws = wb.active
    assert ws.title == "出資台帳" and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=False))
    assert rows[-1][0].value == "合計" and rows[-1][3].value == 12_000_000
    assert rows[0][2].number_format == "#,##0"
    assert isinstance(rows[0][4].value, dt.datetime)  # received on: a date cell


def test_partner_statement_csv_is_inert(hostile):
    services.close_fiscal_year(
        actor=hostile.user("accountant"), organisation=hostile.org, year=2025
    )
    st = statements.partner_statement(
        actor=hostile.user("accountant"),
        organisation=hostile.org,
        year=2025,
        partner_id=hostile.partners[0].id,
    )
    raw = b"".join(ledger_exports.csv_stream(None, statements.statement_rows(st)))
    cells = csv_cells(raw, "utf-8-sig")
    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert not any(shared.is_formula_like(c) for c in cells)
