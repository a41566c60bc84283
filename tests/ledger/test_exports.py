"""Exports read back: the same totals as the reports, Shift_JIS refusal, formula injection."""

import csv
import io

import pytest
from openpyxl import load_workbook

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import services, statements
from tests.ledger.conftest import D, post


def body_of(result) -> bytes:
    _name, _mime, body = result
    return b"".join(body)


def export(world, actor="accountant", **kw):
    return statements.export_ledger(actor=world.user(actor), organisation=world.org, **kw)


@pytest.fixture
def year(books):
    post(books, D(2025, 6, 1), "受託収入 ソウル案件", ("112", 3_300_000, 0), ("410", 0, 3_300_000))
    post(books, D(2025, 7, 1), "外注費", ("510", 1_100_000, 0), ("112", 0, 1_100_000))
    post(books, D(2025, 8, 1), "-SUM(A1) 旅費", ("520", 250_000, 0), ("112", 0, 250_000))
    db.session.commit()
    return books


def test_bom_csv_and_xlsx_give_the_report_totals(year):
    tb = services.trial_balance(
        actor=year.user("member"),
        organisation=year.org,
        date_from=D(2025, 4, 1),
        date_to=D(2026, 3, 31),
    )
    raw = body_of(export(year, fmt="csv", fiscal_year=2025))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    total = rows[-1]
    assert int(total[8]) == tb["totals"]["debit"] and int(total[9]) == tb["totals"]["credit"]
    assert sum(int(r[8] or 0) for r in rows[1:-1]) == tb["totals"]["debit"]
    # A description starting with "-" is neutralised; amounts stay plain numbers.
    assert any(r[3] == "'-SUM(A1) 旅費" for r in rows)

    wb = load_workbook(io.BytesIO(body_of(export(year, fmt="xlsx", fiscal_year=2025))))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    values = list(ws.iter_rows(values_only=True))
    assert values[-1][8] == tb["totals"]["debit"] and isinstance(values[-1][8], int)
    assert all(isinstance(r[8], int) for r in values[1:-1])
    assert values[1][1].year == 2025  # a typed date, not text


def test_the_shift_jis_journal_ends_with_the_same_totals_row_and_imports_do_not(year):
    from flask_babel import force_locale

    with force_locale("ja"):
        utf8 = list(
            csv.reader(
                io.StringIO(body_of(export(year, fmt="csv", fiscal_year=2025)).decode("utf-8-sig"))
            )
        )
        sjis = list(
            csv.reader(
                io.StringIO(body_of(export(year, fmt="csv-sjis", fiscal_year=2025)).decode("cp932"))
            )
        )
    assert sjis == utf8
    assert sjis[-1][0] == "合計" and int(sjis[-1][8]) == int(sjis[-1][9]) == sum(
        int(r[8] or 0) for r in sjis[1:-1]
    )
    # Vendor import files must not carry a totals row: every row is an entry line.
    for fmt, codec in (("yayoi", "cp932"), ("moneyforward", "utf-8-sig"), ("freee", "utf-8-sig")):
        rows = list(
            csv.reader(io.StringIO(body_of(export(year, fmt=fmt, fiscal_year=2025)).decode(codec)))
        )
        assert not any("合計" in cell or "Total" in cell for r in rows for cell in r), fmt


def test_report_exports_match_the_report(year):
    pl = services.profit_and_loss(
        actor=year.user("member"),
        organisation=year.org,
        date_from=D(2025, 4, 1),
        date_to=D(2026, 3, 31),
        by_partner=True,
    )
    wb = load_workbook(
        io.BytesIO(
            body_of(
                export(
                    year, fmt="xlsx", report="profit-and-loss", fiscal_year=2025, by_partner=True
                )
            )
        )
    )
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[-1][4] == pl["totals"]["net_income"] == 1_950_000
    assert sum(rows[-1][5:]) == 1_950_000  # the partners' columns add up to the total
    raw = body_of(export(year, fmt="csv", report="contributions"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert int(rows[-1][3]) == 12_000_000


def test_report_files_name_account_types_and_income_categories_in_words(year):
    """An accountant's trial balance or P&L file says 資産 and 事業所得, not `asset`/`business`."""
    from flask_babel import force_locale

    with force_locale("ja"):
        tb = body_of(export(year, fmt="csv", report="trial-balance", fiscal_year=2025))
        pl = body_of(export(year, fmt="csv", report="profit-and-loss", fiscal_year=2025))
        bs = body_of(export(year, fmt="csv", report="balance-sheet", fiscal_year=2025))
    tb_rows = list(csv.reader(io.StringIO(tb.decode("utf-8-sig"))))
    pl_rows = list(csv.reader(io.StringIO(pl.decode("utf-8-sig"))))
    bs_rows = list(csv.reader(io.StringIO(bs.decode("utf-8-sig"))))
    assert {r[2] for r in tb_rows[1:] if r[2]} <= {"資産", "負債", "組合員資本", "収益", "費用"}
    assert "資産" in {r[2] for r in tb_rows}
    assert "事業所得" in {r[3] for r in pl_rows}
    codes = {"asset", "liability", "capital", "revenue", "expense", "business", "other"}
    assert not codes & {v for rows in (tb_rows, pl_rows, bs_rows) for r in rows for v in r}


def test_contributions_register_file_names_kinds_and_bases_in_words(year):
    from flask_babel import force_locale

    with force_locale("ja"):
        raw = body_of(export(year, fmt="csv", report="contributions"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r[1] for r in rows[1:-1]} == {"金銭"}
    assert "money" not in {v for r in rows for v in r}


def test_shift_jis_in_yayoi_layout(year):
    raw = body_of(export(year, fmt="yayoi", fiscal_year=2025))
    rows = list(csv.reader(io.StringIO(raw.decode("cp932"))))
    assert len(rows[0]) == 25
    assert rows[0][0] == "2000" and rows[0][3] == "2025/04/01"
    assert any(r[4] == "外注費" and r[8] == "1100000" for r in rows)
    with_header = body_of(export(year, fmt="yayoi", fiscal_year=2025, header=True)).decode("cp932")
    assert with_header.startswith("識別フラグ")


def test_shift_jis_names_the_rows_it_cannot_encode(year):
    post(year, D(2025, 9, 1), "서울 출장 여비", ("520", 80_000, 0), ("112", 0, 80_000))
    entry_no = services.list_entries(actor=year.user("accountant"), organisation=year.org, limit=1)[
        0
    ].number
    with pytest.raises(ValidationError) as exc:
        export(year, fmt="csv-sjis", fiscal_year=2025)
    assert f"entry {entry_no} line 1" in exc.value.message and "Shift_JIS" in exc.value.message


def test_partner_named_like_a_formula_comes_out_inert(year):
    partner = year.partners[0]
    partner.name = '=HYPERLINK("http://x")'
    db.session.commit()
    raw = body_of(export(year, fmt="csv", report="contributions"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][2] == "1000000"
    wb = load_workbook(io.BytesIO(body_of(export(year, fmt="xlsx", report="contributions"))))
    cell = wb.active["A2"]
    # A string cell (never a formula), showing exactly the name.
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    assert wb.active["C2"].value == 1_000_000


def test_member_cannot_export_and_bad_format_is_refused(year):
    from llp_gov.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        export(year, actor="member", fmt="csv")
    with pytest.raises(ValidationError):
        export(year, fmt="pdf")


def test_partner_statement_csv_and_pdf(year):
    year.partners[5].is_domestic = False
    services.close_fiscal_year(actor=year.user("accountant"), organisation=year.org, year=2025)
    st = statements.partner_statement(
        actor=year.user("member"), organisation=year.org, year=2025, partner_id=year.partners[5].id
    )
    assert st["partner_year"].withholding_tax == 162_500 * 2042 // 10000
    assert st["closing"] == 1_000_000 + 162_500 - 162_500 * 2042 // 10000
    assert sum(v["revenue"] - v["expense"] for v in st["by_category"].values()) == 162_500
    from flask_babel import force_locale

    with force_locale("ja"):
        rows = statements.statement_rows(st)
    # Income categories and entry kinds read as words, never as stored codes.
    assert any(r and r[0] == "事業所得" for r in rows)
    assert not any(str(v) in ("business", "other", "closing", "ordinary") for r in rows for v in r)
    pdf = statements.statement_pdf(st, locale="ja")
    assert pdf.startswith(b"%PDF")
    import pypdfium2

    with force_locale("en"):  # the reader's language does not leak into a Japanese statement
        doc = pypdfium2.PdfDocument(statements.statement_pdf(st, locale="ja"))
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert "事業所得" in text and "2025/04/01" in text
    assert "business" not in text and "2025-04-01" not in text


def test_the_shift_jis_refusal_is_translated(year):
    from flask_babel import force_locale

    post(year, D(2025, 9, 1), "서울 출장", ("520", 80_000, 0), ("112", 0, 80_000))
    with force_locale("ja"), pytest.raises(ValidationError) as exc:
        export(year, fmt="csv-sjis", fiscal_year=2025)
    assert (
        "Shift_JIS（cp932）で表せない文字" in exc.value.message
        and "の1行目: 「서」 「울」 「출」 「장」" in exc.value.message
    )


def test_journal_files_for_people_name_the_entry_kind_in_words(year):
    from flask_babel import force_locale

    with force_locale("ja"):
        raw = body_of(export(year, fmt="csv", fiscal_year=2025))
        sjis = body_of(export(year, fmt="csv-sjis", fiscal_year=2025))
    kinds = {r[2] for r in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) if r[2]}
    assert "ordinary" not in kinds and "通常仕訳" in kinds
    assert "通常仕訳" in sjis.decode("cp932")
    # The Yayoi file keeps reading closing entries by their code (its 本決 mark).
    assert b"ordinary" not in body_of(export(year, fmt="yayoi", fiscal_year=2025))


def test_export_file_names_name_the_period_not_placeholders(year):
    """Issue 12 item 4: with no dates the file names the journal's first and last entry dates;
    with a fiscal year, its bounds."""
    slug = year.org.slug
    name = export(year, fmt="csv")[0]
    assert name == f"{slug}-journal-2025-04-01_2025-08-01.csv"
    assert export(year, fmt="yayoi")[0] == f"{slug}-journal-yayoi-2025-04-01_2025-08-01.csv"
    assert "2025-04-01_2026-03-31" in export(year, fmt="xlsx", fiscal_year=2025)[0]
    assert "start" not in export(year, fmt="csv", date_to=D(2025, 6, 30))[0]
