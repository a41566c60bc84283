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
from llp_gov.ledger import partner_income as pi
from llp_gov.ledger import services
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


def test_pdf_per_partner_xlsx_and_the_tax_agency_file(year):
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
    raw = pi.nta_file(data)
    records = list(csv.reader(io.StringIO(raw.decode("shift_jis"))))
    assert len(records) == 13 and all(len(r) == len(records[0]) for r in records)
    first = records[0]
    assert first[0] == pi.DOC_CODE and first[4] == year.org.name and first[10] == "08"
    by_name = {r[12]: r for r in records}
    newcomer = by_name["株式会社途中加入"]
    assert newcomer[14:18] == ["20251001", "20260331", "20251001", ""]
    assert by_name[year.leaver.name][17] == "20260115"
    by_partner = {st["partner"].id: st for st in data["statements"]}
    assert int(newcomer[-2]) == by_partner[year.newcomer.id]["income"]


def test_the_tax_agency_file_refuses_characters_outside_jis_levels_1_and_2(year):
    year.partners[2].name = "髙橋① 株式会社"
    year.partners[4].name = "김 주식회사"
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        pi.nta_file(data_of(year))
    message = exc.value.message
    assert "髙橋① 株式会社: 「髙」 「①」" in message
    assert "김 주식회사: 「김」 「주」 「식」 「회」 「사」" in message
    assert "JIS X 0208" in message


def test_an_open_year_has_no_statements(books):
    post(books, D(2026, 5, 1), "受託収入", ("135", 110_000, 0), ("410", 0, 110_000))
    db.session.commit()
    with pytest.raises(ValidationError):
        pi.partner_income(actor=books.user("member"), organisation=books.org, year=2026)


def test_pages(year, client, login_as):
    slug = year.org.slug
    login_as(year.user("accountant"))
    page = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income")
    assert page.status_code == 200 and "株式会社途中加入" in page.get_data(as_text=True)
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income/{year.newcomer.id}.pdf")
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income.csv")
    assert resp.status_code == 200 and "shift_jis" in resp.headers["Content-Type"]
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/partner-income.xlsx")
    assert resp.status_code == 200 and resp.data.startswith(b"PK")
