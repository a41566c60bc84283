"""組合員所得に関する計算書 (Income Tax Act 227-2) for a year with a mid-year admission and a
mid-year withdrawal, checked figure by figure."""

import csv
import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from llp_gov.errors import ValidationError
from llp_gov.exports import xlsx_stream
from llp_gov.extensions import db
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger import nta_record, services
from llp_gov.ledger import partner_income as pi
from tests.factories import PartnerFactory
from tests.ledger.conftest import D, post


@pytest.fixture
def year(books):
    acc = books.user("accountant")
    newcomer = PartnerFactory(
        organisation=books.org, name="株式会社途中加入", admitted_on=D(2025, 10, 1), position=99
    )
    services.record_contribution(
        actor=acc,
        organisation=books.org,
        partner=newcomer,
        kind="money",
        agreed_amount=1_000_000,
        received_amount=1_000_000,
        received_on=D(2025, 10, 1),
    )
    leaver = books.partners[11]
    leaver.withdrawn_on = D(2026, 1, 15)
    books.partners[5].is_domestic = False  # a non-resident partner: tax withheld
    post(books, D(2025, 11, 1), "受託収入", ("135", 1_300_000, 0), ("410", 0, 1_300_000))
    post(books, D(2025, 12, 1), "受取利息", ("112", 13_000, 0), ("420", 0, 13_000))
    post(books, D(2026, 1, 10), "外注費", ("510", 260_000, 0), ("112", 0, 260_000))
    services.close_fiscal_year(actor=acc, organisation=books.org, year=2025)
    db.session.commit()
    books.newcomer, books.leaver = newcomer, leaver
    return books


def data_of(world):
    return pi.partner_income(actor=world.user("member"), organisation=world.org, year=2025)


def allocations(world, partner):
    """The closing's allocation of each account to `partner` (the source of every figure)."""
    from sqlalchemy import select

    from llp_gov.ledger.models import Account, Allocation, FiscalYear

    fy = db.session.scalar(
        select(FiscalYear).where(
            FiscalYear.organisation_id == world.org.id, FiscalYear.year == 2025
        )
    )
    rows = db.session.execute(
        select(Account.code, Allocation.amount)
        .join(Account, Account.id == Allocation.account_id)
        .where(Allocation.fiscal_year_id == fy.id, Allocation.partner_id == partner.id)
    )
    return {code: amount for code, amount in rows}  # noqa: C416


def test_every_partner_including_the_newcomer_and_the_leaver(year):
    data = data_of(year)
    statements = {st["partner"].id: st for st in data["statements"]}
    assert len(statements) == 13
    newcomer, leaver = statements[year.newcomer.id], statements[year.leaver.id]
    assert (newcomer["period_from"], newcomer["period_to"]) == (D(2025, 10, 1), D(2026, 3, 31))
    assert newcomer["joined"] == D(2025, 10, 1) and newcomer["left"] is None
    # A withdrawal takes effect on its date: the partner's last day is the day before.
    assert (leaver["period_from"], leaver["period_to"]) == (D(2025, 4, 1), D(2026, 1, 14))
    assert leaver["left"] == D(2026, 1, 15) and leaver["joined"] is None
    full = statements[year.partners[0].id]
    assert (full["period_from"], full["period_to"]) == (D(2025, 4, 1), D(2026, 3, 31))
    for partner in [*year.partners, year.newcomer]:
        st = statements[partner.id]
        alloc = allocations(year, partner)
        business, interest = st["categories"]["business"], st["categories"]["interest"]
        # Every figure is the closing's allocation to this partner, in its income category.
        assert business["revenue"] == alloc["410"]
        assert business["expense"] == -alloc["510"]
        assert business["income"] == alloc["410"] + alloc["510"]
        assert interest == {"revenue": alloc["420"], "expense": 0, "income": alloc["420"]}
        for other in ("real_estate", "dividends", "capital_gains", "other"):
            assert st["categories"][other] == {"revenue": 0, "expense": 0, "income": 0}
        assert st["income"] == sum(alloc.values())
        assert st["contributions"] == 1_000_000
        expected_tax = st["income"] * 2042 // 10000 if partner is year.partners[5] else 0
        assert st["withholding"] == expected_tax
    # Shares follow the time in the LLP: the year is split by days where the membership
    # changes (183 days of 12 partners, 106 of 13, 76 of 12), each part equally by contribution.
    full_days = 183 / 12 + 106 / 13 + 76 / 12
    assert newcomer["income"] < leaver["income"] < full["income"]
    assert abs(newcomer["income"] / full["income"] - (106 / 13 + 76 / 12) / full_days) < 0.001
    assert abs(leaver["income"] / full["income"] - (183 / 12 + 106 / 13) / full_days) < 0.001


def test_summary_sheet_equals_the_llp_totals(year):
    summary = data_of(year)["summary"]
    assert summary["categories"]["business"] == {
        "revenue": 1_300_000,
        "expense": 260_000,
        "income": 1_040_000,
    }
    assert summary["categories"]["interest"]["income"] == 13_000
    assert summary["income"] == 1_053_000 and summary["partners"] == 13
    by_partner = {st["partner"].id: st for st in data_of(year)["statements"]}
    assert summary["withholding"] == by_partner[year.partners[5].id]["withholding"] > 0
    assert data_of(year)["due_on"] == D(2027, 1, 31)


def test_pdf_per_partner_and_xlsx(year):
    data = data_of(year)
    with force_locale("ja"):
        pdf = pi.render_partner_income_pdf(data, year.newcomer.id, locale="ja")
        assert pdf.startswith(b"%PDF")
        assert pdf == pi.render_partner_income_pdf(data, year.newcomer.id, locale="ja")
        wb = load_workbook(io.BytesIO(b"".join(xlsx_stream(pi.partner_income_sheets(data)))))
    sheet = wb.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 14 and rows[-1][-2] == 1_053_000  # 13 partners and the totals row
    summary = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert summary[0][:4] == ("事業所得", 1_300_000, 260_000, 1_040_000)


def test_an_open_year_has_no_statements(books):
    post(books, D(2026, 5, 1), "受託収入", ("135", 110_000, 0), ("410", 0, 110_000))
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        pi.partner_income(actor=books.user("member"), organisation=books.org, year=2026)
    assert "partners' income statements" in exc.value.message
    assert "financial statements" not in exc.value.message


def test_open_year_pages_explain_and_link_to_closing(books, client, login_as):
    """Issue 12 item 2: an open year's statements pages are a page that says the year must be
    closed first, with the link to close it (not a bare 422); each names its own statements."""
    from flask_babel import force_locale

    login_as(books.user("accountant"))
    base = f"/o/{books.org.slug}/ledger/fiscal-years/2025"
    for path, words in (
        ("financial-statements", "financial statements"),
        ("partner-income", "partners' income statements"),
    ):
        resp = client.get(f"{base}/{path}")
        page = resp.get_data(as_text=True)
        assert resp.status_code == 422 and "data-not-closed" in page
        assert words in page.replace("&#39;", "'") and f'href="{base}/close"' in page
    books.user("accountant").locale = "ja"
    db.session.commit()
    with force_locale("ja"):
        page = client.get(f"{base}/partner-income").get_data(as_text=True)
    assert "組合員所得に関する計算書" in page and "財務諸表" not in page.split("data-not-closed")[1]


def test_pages(year, client, login_as):
    slug = year.org.slug
    login_as(year.user("accountant"))
    page = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income")
    assert page.status_code == 200
    assert year.newcomer.display_name("en") in page.get_data(as_text=True)  # reader's language
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income/{year.newcomer.id}.pdf")
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income.csv")
    assert resp.status_code == 200 and "shift_jis" in resp.headers["Content-Type"]
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income.xlsx")
    assert resp.status_code == 200 and resp.data.startswith(b"PK")


# --- the tax agency's record 354 (llp_gov/ledger/nta_record.py) ------------------------------

MADE_ON = D(2027, 1, 20)


def records_of(world):
    raw = nta_record.record_file(data_of(world), actor=world.user("member"), made_on=MADE_ON)
    assert raw.endswith(b"\r\n") and b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("cp932"), newline="")))


def item(record, number):
    """Item `number` as the NTA's table numbers it (1-based)."""
    return record[number - 1]


def test_record_354_item_by_item(year):
    data = data_of(year)
    records = records_of(year)
    assert len(records) == 13 and {len(r) for r in records} == {127}
    by_name = {item(r, 19): r for r in records}
    org = year.org
    for r in records:
        assert item(r, 1) == "354" and item(r, 10) == "0"
        assert item(r, 4) == "福岡県北九州市小倉北区１－１"  # half-width turned full-width
        assert item(r, 5) == nta_record.zenkaku(org.name)
        # 計算期間 of the LLP in the era, two digits each: 令和7年4月1日 to 令和8年3月31日.
        assert r[10:16] == ["07", "04", "01", "08", "03", "31"]
        assert r[20:23] == ["09", "01", "20"]  # 作成年月日 令和9年1月20日
        assert item(r, 24) == nta_record.zenkaku(org.business_purpose)
        assert item(r, 26) == "13000000"  # every partner's contributions
        assert item(r, 27) == "金銭"
    statements = {st["partner"].id: st for st in data["statements"]}
    for partner in [*year.partners, year.newcomer]:
        r = by_name[nta_record.zenkaku(partner.name)]
        st = statements[partner.id]
        alloc = allocations(year, partner)
        assert item(r, 18) == "0" and item(r, 25) == "1000000"
        num, den = (int(x) for x in st["ratio"].split("/"))
        assert int(item(r, 28)) * 1000 + int(item(r, 29)) == num * 100_000 // den
        # 収益の内訳: this partner's share of each revenue account, in code order.
        assert r[45:49] == ["受託収入", str(alloc["410"]), "受取利息", str(alloc["420"])]
        assert r[49:63] == [""] * 14
        assert r[63:65] == ["外注費", str(-alloc["510"])] and r[65:89] == [""] * 24
        # 資産/負債: its share on its last day; the totals and the difference follow.
        sheet = fin.balance_sheet(
            actor=year.user("member"), organisation=year.org, on=st["period_to"]
        )
        expected = [
            row["partners"].get(partner.id, 0)
            for key in ("current_assets", "fixed_assets")
            for row in sheet["sections"][key]["rows"]
            if row["partners"].get(partner.id, 0)
        ]
        assets = [int(x) for x in r[90:106:2] if x]
        assert assets == expected
        liabilities = [int(x) for x in r[107:123:2] if x]
        assert int(item(r, 106)) == sum(assets) > 0
        assert int(item(r, 123)) == sum(liabilities)
        assert int(item(r, 124)) == sum(assets) - sum(liabilities)
        assert r[125:127] == [year.partners[0].corporate_number, partner.corporate_number]
    assert item(by_name[nta_record.zenkaku(year.newcomer.name)], 125) == "令和７年１０月１日加入"
    assert item(by_name[nta_record.zenkaku(year.leaver.name)], 125) == "令和８年１月１５日脱退"
    assert item(records[0], 20) == nta_record.zenkaku(year.partners[0].name)  # the bookkeeper


def test_breakdowns_beyond_their_lines_end_in_sonota_kei():
    ten = [(f"科目{i}", i) for i in range(1, 11)]
    cells = nta_record._lines(ten, nta_record.REVENUE_LINES)
    assert len(cells) == 18
    assert cells[16:] == ["その他計", 9 + 10]
    assert nta_record._lines(ten[:9], 9)[16:] == ["科目９", 9]  # nine fit as they are
    assert nta_record.era_date(D(2019, 4, 30)) == ("31", "04", "30")  # 平成31年
    assert nta_record.era_date(D(2019, 5, 1)) == ("01", "05", "01")  # 令和元年


def test_the_record_refuses_characters_outside_jis_levels_1_and_2(year):
    year.partners[2].name = "髙橋 株式会社"
    year.partners[4].name = "김 주식회사"
    year.partners[6].name = "ｶﾌﾞｼｷｶﾞｲｼｬ①"  # half-width kana and a circled digit: converted
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        records_of(year)
    message = exc.value.message
    assert "髙橋 株式会社: 「髙」" in message
    assert "김 주식회사: 「김」 「주」 「식」 「회」 「사」" in message
    assert "ｶﾌﾞｼｷ" not in message and "JIS X 0208" in message
    year.partners[2].name, year.partners[4].name = "高橋株式会社", "金株式会社"
    db.session.commit()
    assert any(item(r, 19) == "カブシキガイシャ１" for r in records_of(year))


def test_the_record_refuses_items_over_their_length(year):
    year.partners[3].name = "株" * 31
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        records_of(year)
    assert "19 組合員の氏名又は名称 (31 > 30)" in exc.value.message
