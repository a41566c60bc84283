"""Financial statements of a closed year (LLP Act 31; Ord. 10-11), figure by figure."""

import io
import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from llp_gov.audit.models import AuditEvent
from llp_gov.errors import Conflict, ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import books, services, statements_output
from llp_gov.ledger import financial_statements as fin
from tests.ledger.conftest import D, post

NET = 3_300_000 - 1_100_000


@pytest.fixture
def closed(books):
    books.org.effective_date = D(2025, 4, 1)
    post(books, D(2025, 6, 1), "受託収入", ("135", 3_300_000, 0), ("410", 0, 3_300_000))
    post(books, D(2025, 7, 1), "外注費", ("510", 1_100_000, 0), ("112", 0, 1_100_000))
    post(books, D(2025, 8, 1), "PC", ("170", 200_000, 0), ("112", 0, 200_000))
    post(books, D(2025, 9, 1), "借入", ("112", 500_000, 0), ("240", 0, 500_000))
    services.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    db.session.commit()
    return books


def statements(world, year=2025):
    return fin.financial_statements(actor=world.user("member"), organisation=world.org, year=year)


def test_balance_sheet_has_sections_subtotals_totals_and_each_partners_capital(closed):
    fs = statements(closed)
    bs = fs["balance_sheet"]
    s = bs["sections"]
    assert [(r["code"], r["amount"]) for r in s["current_assets"]["rows"]] == [
        ("112", 12_000_000 - 1_100_000 - 200_000 + 500_000),
        ("135", 3_300_000),
    ]
    assert s["current_assets"]["total"] == 14_500_000
    assert s["fixed_assets"]["total"] == 200_000
    assert bs["total_assets"] == 14_700_000
    assert s["liabilities"]["total"] == 500_000
    capital = s["net_assets"]["rows"]
    assert len(capital) == 12
    names = [r["name"] for r in capital]
    assert all(p.name in n for p, n in zip(closed.partners, names, strict=True))
    # Each partner: its contribution plus its share of the year's result, adding up exactly.
    shares = [r["amount"] - 1_000_000 for r in capital]
    assert sum(shares) == NET and max(shares) - min(shares) <= 1
    assert s["net_assets"]["total"] == 12_000_000 + NET == 14_200_000
    assert bs["total_liabilities_and_net_assets"] == 14_700_000 and bs["balanced"]
    # Per-partner breakdown of every line adds up to the line (Ord. 10-11).
    for section in s.values():
        for r in section["rows"]:
            assert sum(r["partners"].values()) == r["amount"]


def test_profit_and_loss_and_schedules(closed):
    fs = statements(closed)
    pl = fs["profit_and_loss"]
    assert pl["revenue"]["total"] == 3_300_000 and pl["expenses"]["total"] == 1_100_000
    assert pl["net_income"] == NET and sum(pl["net_partners"].values()) == NET
    sc = fs["schedules"]
    assert len(sc["capital"]) == 12
    for row in sc["capital"]:
        assert row["opening"] == 0 and row["contributions"] == 1_000_000
        assert row["closing"] == 1_000_000 + row["allocated"] and row["distributions"] == 0
    assert sum(r["allocated"] for r in sc["capital"]) == NET
    assert [
        (r["opening"], r["increase"], r["decrease"], r["closing"]) for r in sc["fixed_assets"]
    ] == [(0, 200_000, 0, 200_000)]
    assert [(r["increase"], r["closing"]) for r in sc["borrowings"]] == [(500_000, 500_000)]


def test_opening_balance_sheet_of_the_first_year_only(closed):
    opening = statements(closed)["opening_balance_sheet"]
    assert opening["on"] == D(2025, 4, 1)
    assert opening["total_assets"] == 12_000_000
    assert [r["amount"] for r in opening["sections"]["net_assets"]["rows"]] == [1_000_000] * 12


def test_a_later_year_has_no_opening_balance_sheet(books):
    acc = books.user("accountant")
    post(books, D(2025, 3, 15), "借入", ("112", 100_000, 0), ("240", 0, 100_000))
    services.close_fiscal_year(actor=acc, organisation=books.org, year=2024)
    services.close_fiscal_year(actor=acc, organisation=books.org, year=2025)
    assert statements(books, 2024)["opening_balance_sheet"] is not None
    assert statements(books, 2025)["opening_balance_sheet"] is None


def test_an_open_year_has_no_statements(books):
    post(books, D(2026, 5, 1), "受託収入", ("135", 110_000, 0), ("410", 0, 110_000))
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        statements(books, 2026)
    assert "Act 31(2)" in exc.value.message


def test_pdf_is_deterministic_and_xlsx_is_for_people(closed):
    fs = statements(closed)
    with force_locale("ja"):
        pdf = statements_output.render_financial_statements_pdf(fs, locale="ja")
        assert pdf.startswith(b"%PDF")
        assert pdf == statements_output.render_financial_statements_pdf(fs, locale="ja")
        wb = load_workbook(io.BytesIO(b"".join(statements_output.financial_statements_xlsx(fs))))
    assert wb.sheetnames[:3] == ["開始貸借対照表", "貸借対照表", "損益計算書"]
    ws = wb["貸借対照表"]
    assert ws.freeze_panes == "A2"
    values = {r[0]: r[1:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert values["資産合計"][0] == 14_700_000
    assert values["負債・純資産合計"][0] == 14_700_000
    money = [c for row in ws.iter_rows(min_row=2) for c in row[1:] if isinstance(c.value, int)]
    assert money and all(c.number_format == "#,##0" for c in money)
    pl = {r[0]: r[1:] for r in wb["損益計算書"].iter_rows(min_row=2, values_only=True)}
    assert pl["当期純利益"][0] == NET and sum(pl["当期純利益"][1:]) == NET


def test_deadline_on_the_dashboard_until_prepared(closed):
    pending = fin.pending_deadlines(closed.org, D(2026, 5, 1))
    assert {
        "year": 2025,
        "kind": "financial_statements",
        "due_on": D(2026, 5, 31),
        "overdue": False,
        "closed": True,
    } in pending
    assert {
        "year": 2025,
        "kind": "partner_income",
        "due_on": D(2027, 1, 31),
        "overdue": False,
        "closed": True,
    } in pending
    assert fin.pending_deadlines(closed.org, D(2026, 6, 1))[0]["overdue"]
    fin.mark_prepared(
        actor=closed.user("accountant"),
        organisation=closed.org,
        year=2025,
        kind="financial_statements",
    )
    db.session.commit()
    kinds = {d["kind"] for d in fin.pending_deadlines(closed.org, D(2026, 5, 1))}
    assert kinds == {"partner_income"}
    assert db.session.query(AuditEvent).filter_by(tag="ledger:statements:prepared").count() == 1
    with pytest.raises(Conflict):
        fin.mark_prepared(
            actor=closed.user("accountant"),
            organisation=closed.org,
            year=2025,
            kind="financial_statements",
        )


def test_pages_pdf_xlsx_and_the_prepared_action(closed, client, login_as):
    slug = closed.org.slug
    login_as(closed.user("accountant"))
    page = client.get(f"/o/{slug}/ledger/fiscal-years/2025/financial-statements")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-total="assets"' in html and "14,700,000" in html
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/financial-statements.pdf")
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert "financial-statements-2025.pdf" in resp.headers["Content-Disposition"]
    resp = client.get(f"/o/{slug}/ledger/fiscal-years/2025/financial-statements.xlsx")
    assert resp.status_code == 200 and resp.data.startswith(b"PK")
    assert client.get(f"/o/{slug}/ledger/fiscal-years/2027/financial-statements").status_code == 404
    resp = client.post(
        f"/o/{slug}/ledger/fiscal-years/2025/statements-prepared/financial_statements"
    )
    assert resp.status_code == 302
    assert fin.filing(closed.org, fin.closed_year(closed.org, 2025), "financial_statements")


def test_dashboard_shows_both_deadlines_with_links(closed, client, login_as):
    html = login_as(closed.user("member")).get(f"/o/{closed.org.slug}/").get_data(as_text=True)
    assert 'data-deadline="financial_statements-2025"' in html
    assert 'data-deadline="partner_income-2025"' in html
    assert "/ledger/fiscal-years/2025/financial-statements" in html
    assert "/ledger/fiscal-years/2025/partner-income" in html
    fin.mark_prepared(
        actor=closed.user("accountant"),
        organisation=closed.org,
        year=2025,
        kind="partner_income",
    )
    db.session.commit()
    html = client.get(f"/o/{closed.org.slug}/").get_data(as_text=True)
    assert 'data-deadline="partner_income-2025"' not in html
    assert 'data-deadline="financial_statements-2025"' in html


def test_an_ended_year_not_yet_closed_links_to_closing_not_to_a_refusal(closed, app):
    # FY2026 ends on 2027-03-31; on 2027-05-01 it has ended but nobody has closed it: its
    # statements cannot be prepared yet, so the dashboard sends the user to the year's page.
    books.get_fiscal_year(closed.org, 2026, create=True)
    db.session.flush()
    pending = [d for d in fin.pending_deadlines(closed.org, D(2027, 5, 1)) if d["year"] == 2026]
    assert pending and not any(d["closed"] for d in pending)
    from flask import render_template

    with app.test_request_context():
        html = render_template(
            "ledger/_dashboard.html",
            org=closed.org,
            net_assets=0,
            limit=0,
            unpaid=[],
            deadlines=pending,
        )
    assert f"/o/{closed.org.slug}/ledger/fiscal-years/2026" in html
    assert "/fiscal-years/2026/financial-statements" not in html
    assert "/fiscal-years/2026/partner-income" not in html


def test_two_months_after_the_year_end():
    assert fin.add_months(D(2026, 3, 31), 2) == D(2026, 5, 31)
    assert fin.add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)
    assert fin.add_months(D(2027, 12, 31), 2) == D(2028, 2, 29)


def test_the_korean_statements_pages_write_dates_the_korean_way(closed, client, login_as):
    """Issue 14: the period, the due date and the balance sheet's date read 2025. 4. 1., not ISO."""
    user = closed.user("accountant")
    user.locale = "ko"
    db.session.commit()
    login_as(user)
    base = f"/o/{closed.org.slug}/ledger/fiscal-years/2025"
    for path in ("financial-statements", "partner-income"):
        html = client.get(f"{base}/{path}").get_data(as_text=True)
        body = html.split("<main", 1)[1]
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", re.sub(r'="[^"]*"', "", body)), path
        assert re.search(r"\d{4}\. \d{1,2}\. \d{1,2}\.", body), path
