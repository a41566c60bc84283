"""Issue 10 items 4-6: closing only an ended year (confirmation, chairman's reopening by
reversal), contributions paid in instalments, return of capital and distributions only on a
named decision (Act 12(1), 34(2); Ord. 37)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import capital, reopening
from llp_gov.ledger import services as ledger
from llp_gov.ledger.models import FiscalYear, JournalEntry
from tests.ledger.conftest import D, post
from tests.resolutions.helpers import adopt, open_, vote

# --- 4: closing a year ---------------------------------------------------------------------


def test_a_year_that_has_not_ended_cannot_be_closed(books):
    # Today (2026-11-30 or later in the session) FY2026 runs to 2027-03-31.
    with force_locale("en"), pytest.raises(Conflict) as exc:
        ledger.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2099)
    assert "Mar 31, 2100" in str(exc.value) and "Act 31" in str(exc.value)
    fy = db.session.scalar(select(FiscalYear).where(FiscalYear.year == 2099))
    assert fy is None or fy.status == "open"


def test_api_refuses_closing_before_year_end_with_409(client, books, token_for):
    h = token_for(books.user("accountant"))
    resp = client.post(
        f"/api/v1/orgs/{books.org.slug}/fiscal-years/2099/close",
        json={},
        headers={**h, "Accept-Language": "en"},
    )
    assert resp.status_code == 409 and "Mar 31, 2100" in resp.json["error"]["message"]


def test_close_page_shows_the_allocation_before_closing(client, books, login_as):
    post(books, D(2025, 6, 1), "Commission", ("112", 1_200_000, 0), ("410", 0, 1_200_000))
    db.session.commit()
    login_as(books.user("accountant"))
    url = f"/o/{books.org.slug}/ledger/fiscal-years/2025/close"
    page = client.get(url)
    assert page.status_code == 200 and "¥100,000" in page.get_data(as_text=True)
    assert db.session.scalar(select(FiscalYear.status).where(FiscalYear.year == 2025)) == "open"
    assert client.post(url, data={"confirm": "1"}).status_code == 302
    assert db.session.scalar(select(FiscalYear.status).where(FiscalYear.year == 2025)) == "closed"
    assert client.get(f"/o/{books.org.slug}/ledger/fiscal-years/2099/close").status_code == 409


def test_chairman_reopens_the_last_closed_year_by_reversal(books):
    post(books, D(2025, 6, 1), "Commission", ("112", 1_200_000, 0), ("410", 0, 1_200_000))
    ledger.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    closing = db.session.scalar(select(JournalEntry).where(JournalEntry.kind == "closing"))
    with pytest.raises(PermissionDenied):
        reopening.reopen_fiscal_year(
            actor=books.user("accountant"), organisation=books.org, year=2025, reason="x"
        )
    with pytest.raises(ValidationError):
        reopening.reopen_fiscal_year(
            actor=books.user("chairman"), organisation=books.org, year=2025, reason=" "
        )
    fy = reopening.reopen_fiscal_year(
        actor=books.user("chairman"), organisation=books.org, year=2025, reason="仕訳漏れ"
    )
    assert fy.status == "open"
    reversal = db.session.scalar(select(JournalEntry).where(JournalEntry.reverses_id == closing.id))
    assert reversal is not None and db.session.get(JournalEntry, closing.id) is not None
    assert "仕訳漏れ" in reversal.description
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "ledger:year:reopen"))
    assert event is not None
    # The year can be posted into and closed again with the same allocation.
    post(books, D(2025, 7, 1), "Late commission", ("112", 120_000, 0), ("410", 0, 120_000))
    result = ledger.close_fiscal_year(
        actor=books.user("accountant"), organisation=books.org, year=2025
    )
    assert result["net_income"] == 1_320_000
    assert [p["net_result"] for p in result["partners"]] == [110_000] * 12


def test_only_the_last_closed_year_can_be_reopened(books):
    for year in (2024, 2025):
        ledger.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=year)
    with pytest.raises(Conflict):
        reopening.reopen_fiscal_year(
            actor=books.user("chairman"), organisation=books.org, year=2024, reason="x"
        )


# --- 5: instalments -------------------------------------------------------------------------


def _pledge(world, received=400_000):
    return ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[0],
        kind="money",
        agreed_amount=1_000_000,
        received_amount=received,
        received_on=D(2025, 4, 1),
    )


def test_instalment_through_the_api_shows_outstanding(client, world, token_for):
    c = _pledge(world)
    db.session.commit()
    h = token_for(world.user("accountant"))
    url = f"/api/v1/orgs/{world.org.slug}/contributions/{c.id}/payments"
    resp = client.post(url, json={"amount": 600_001, "received_on": "2025-06-01"}, headers=h)
    assert resp.status_code == 422 and "amount" in resp.json["error"]["fields"]
    resp = client.post(url, json={"amount": 600_000, "received_on": "2025-06-01"}, headers=h)
    assert resp.status_code == 201, resp.json
    assert resp.json["paid"] == 1_000_000 and resp.json["outstanding"] == 0
    assert capital.is_fully_paid(world.org, world.partners[0])
    other = f"/api/v1/orgs/{world.org.slug}/contributions/987654/payments"
    assert (
        client.post(other, json={"amount": 1, "received_on": "2025-06-01"}, headers=h).status_code
        == 404
    )


def test_instalment_through_the_contribution_page(client, world, login_as):
    c = _pledge(world)
    db.session.commit()
    login_as(world.user("accountant"))
    url = f"/o/{world.org.slug}/ledger/contributions/{c.id}"
    assert "¥600,000" in client.get(url).get_data(as_text=True)
    resp = client.post(url, data={"amount": "250000", "received_on": "2025-05-01"})
    assert resp.status_code == 302
    assert (
        ledger.contributions_by_partner(world.org)[world.partners[0].id]["outstanding"] == 350_000
    )


def test_zero_is_a_valid_pledge_on_the_form(client, world, login_as):
    _pledge(world, received=0)
    db.session.commit()
    login_as(world.user("accountant"))
    resp = client.post(
        f"/o/{world.org.slug}/ledger/contributions",
        data={
            "partner_id": str(world.partners[0].id),
            "kind": "money",
            "agreed_amount": "0",
            "received_amount": "400000",
            "received_on": "2025-05-01",
        },
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    assert ledger.contributions_by_partner(world.org)[world.partners[0].id]["received"] == 400_000


def test_instalment_completes_an_adopted_admission(world):
    from llp_gov.partners import services as partners

    pending = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, kind="individual", name="新規"
    )
    c = ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=pending,
        kind="money",
        agreed_amount=500_000,
        received_amount=100_000,
        received_on=D(2026, 4, 1),
    )
    db.session.commit()
    r = adopt(world, "admission", subject_partner_id=pending.id)
    assert r.effects["admission"] == "waiting_for_contribution" and pending.status == "pending"
    capital.record_payment(
        actor=world.user("accountant"),
        organisation=world.org,
        contribution_id=c.id,
        amount=400_000,
        received_on=D(2026, 5, 1),
    )
    assert pending.status == "active"


# --- 6: return of capital and distributions -------------------------------------------------


def _surplus_books(books):
    # Net assets 12M + 1.2M = 13.2M; contributions 12M; surplus 1.2M.
    post(books, D(2025, 6, 1), "Commission", ("112", 1_200_000, 0), ("410", 0, 1_200_000))


def _distribute(books, amount, **kw):
    return ledger.record_distribution(
        actor=books.user("accountant"),
        organisation=books.org,
        distributed_on=D(2025, 9, 1),
        shares={books.partners[0].id: amount},
        **kw,
    )


def test_distribution_needs_a_named_decision(books):
    _surplus_books(books)
    with pytest.raises(ValidationError) as exc:
        _distribute(books, 100_000)
    assert "Act 12(1)" in exc.value.message
    with pytest.raises(ValidationError):
        _distribute(books, 100_000, resolution_id=987654)
    with pytest.raises(ValidationError) as exc:
        _distribute(books, 100_000, delegation=True)
    assert "delegation" in exc.value.fields
    books.org.settings = {**books.org.settings, "distribution_delegation_clause": "第20条"}
    d = _distribute(books, 100_000, delegation=True)
    assert d.authority == "delegation"
    d = _distribute(books, 100_000, resolution_id=adopt(books, "business").id)
    assert d.authority == "resolution" and d.resolution_id is not None


def test_return_of_capital_needs_an_adopted_resolution_covering_it(books):
    _surplus_books(books)
    business = adopt(books, "business")
    with pytest.raises(ValidationError) as exc:  # 1.7M: 500k above the surplus
        _distribute(books, 1_700_000, unanimous_consent=True, resolution_id=987654)
    assert "Act 34(2)" in exc.value.message
    with pytest.raises(ValidationError):
        _distribute(books, 1_700_000, unanimous_consent=True, resolution_id=business.id)
    rejected = open_(books, "return_of_capital", amount=500_000)
    vote(books, rejected, [0], "against")
    assert rejected.status == "rejected"
    with pytest.raises(ValidationError):
        _distribute(books, 1_700_000, resolution_id=rejected.id)
    too_small = adopt(books, "return_of_capital", amount=499_999)
    with pytest.raises(ValidationError):
        _distribute(books, 1_700_000, resolution_id=too_small.id)
    enough = adopt(books, "return_of_capital", amount=500_000)
    d = _distribute(books, 1_700_000, resolution_id=enough.id)
    assert d.return_of_capital and d.capital_returned == 500_000


def test_returned_capital_is_deducted_from_contributions(books):
    _surplus_books(books)
    enough = adopt(books, "return_of_capital", amount=500_000)
    _distribute(books, 1_700_000, resolution_id=enough.id)
    limit, net, contributed = ledger.distributable_amount(books.org, D(2025, 9, 2))
    assert contributed == 12_000_000 - 500_000
    assert net == 11_500_000 and limit == 11_500_000 - 3_000_000
