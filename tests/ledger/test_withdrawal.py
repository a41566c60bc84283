"""Issue 10 item 9 (Act 25-27 downstream) and item 7 (Ord. 36 start inside a year): the year is
split by days where a partner leaves or a ratio starts; a partner that left gets no
distribution and leaves the totals; its share is refunded against its capital account."""

from __future__ import annotations

import pytest

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import distributions
from llp_gov.ledger import services as ledger
from llp_gov.partners import services as partners
from tests.ledger.conftest import D, post
from tests.resolutions.helpers import adopt

YEAR_DAYS = 365  # FY2025: 2025-04-01 to 2026-03-31


def _withdraw(world, partner, on):
    partners.record_withdrawal(
        actor=world.user("admin"),
        organisation=world.org,
        partner=partner,
        on=on,
        reason="やむを得ない事由",
    )
    db.session.flush()


def _close(world, year):
    return ledger.close_fiscal_year(
        actor=world.user("accountant"), organisation=world.org, year=year
    )


def test_withdrawn_partner_shares_only_up_to_its_leaving_date(books):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))  # shares April only: 30 of 365 days
    post(books, D(2025, 6, 1), "Commission", ("112", 3_650_000, 0), ("410", 0, 3_650_000))
    result = {p["partner_id"]: p["net_result"] for p in _close(books, 2025)["partners"]}
    assert sum(result.values()) == 3_650_000
    # April: 300,000 over 12 partners (25,000 each); May-March: 3,350,000 over 11.
    assert result[gone.id] == 25_000
    assert result[books.partners[0].id] == 25_000 + 3_350_000 // 11 + 1  # remainder rule


def test_withdrawn_partner_gets_nothing_in_later_years(books):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    _close(books, 2025)
    # FY2026 is not over; the plan for it has no share for the partner that left.
    from llp_gov.ledger import books as ledger_books
    from llp_gov.ledger import segments

    fy = ledger_books.get_fiscal_year(books.org, 2026, create=True)
    assert gone.id not in segments.overall_ratio(segments.plan(books.org, fy))


def test_no_distribution_to_a_partner_after_it_left(books):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    post(books, D(2025, 6, 1), "Commission", ("112", 1_200_000, 0), ("410", 0, 1_200_000))
    with pytest.raises(ValidationError) as exc:
        ledger.record_distribution(
            actor=books.user("accountant"),
            organisation=books.org,
            distributed_on=D(2025, 9, 1),
            shares={gone.id: 10_000},
            resolution_id=adopt(books, "business").id,
        )
    assert f"shares.{gone.id}" in exc.value.fields


def test_a_partner_that_left_leaves_the_totals_and_its_share_is_refunded(books):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    assert ledger.distributable_amount(books.org, D(2025, 6, 1))[2] == 11_000_000
    assert ledger.distributable_amount(books.org, D(2025, 4, 30))[2] == 12_000_000
    with pytest.raises(ValidationError) as exc:
        distributions.record_share_refund(
            actor=books.user("accountant"),
            organisation=books.org,
            partner_id=gone.id,
            amount=1_000_001,
            refunded_on=D(2025, 6, 1),
        )
    assert "amount" in exc.value.fields
    with pytest.raises(ValidationError):
        distributions.record_share_refund(
            actor=books.user("accountant"),
            organisation=books.org,
            partner_id=books.partners[0].id,
            amount=1,
            refunded_on=D(2025, 6, 1),
        )
    refund = distributions.record_share_refund(
        actor=books.user("accountant"),
        organisation=books.org,
        partner_id=gone.id,
        amount=1_000_000,
        refunded_on=D(2025, 6, 1),
    )
    assert refund.authority == "refund"
    assert ledger.net_assets(books.org, D(2025, 6, 1)) == 11_000_000


def test_refund_through_the_api(client, books, token_for):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    db.session.commit()
    h = token_for(books.user("accountant"))
    url = f"/api/v1/orgs/{books.org.slug}/share-refunds"
    body = {"partner_id": gone.id, "amount": 400_000, "date": "2025-06-01"}
    resp = client.post(url, json=body, headers=h)
    assert resp.status_code == 201, resp.json
    assert resp.json["total"] == 400_000 and resp.json["authority"] == "refund"


def test_ratio_starting_inside_a_year_applies_from_its_start(books):
    # Ord. 36: partner 0 takes everything from 2025-10-01 (183 days before, 182 after).
    ratios = {str(p.id): (100 if i == 0 else 0) for i, p in enumerate(books.partners)}
    adopt(
        books,
        "profit_loss_ratio",
        payload={"ratios": ratios, "reason": "営業を担うため", "starts_on": "2025-10-01"},
    )
    post(books, D(2025, 6, 1), "Commission", ("112", 3_650_000, 0), ("410", 0, 3_650_000))
    result = {p["partner_id"]: p["net_result"] for p in _close(books, 2025)["partners"]}
    assert sum(result.values()) == 3_650_000
    before, after = 1_830_000, 1_820_000  # by days
    assert result[books.partners[0].id] == before // 12 + after
    assert result[books.partners[5].id] == before // 12


def test_a_refund_stays_within_the_ord_37_limit_named_in_the_refusal(books):
    """Issue 10 gap 3: a share refund is bounded by the distributable amount (Ord. 37) too."""
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    # A loss of ¥10,000,000: net assets ¥2,000,000, contributions ¥11,000,000 → limit ¥0 (below).
    post(books, D(2025, 6, 1), "Loss", ("510", 10_000_000, 0), ("112", 0, 10_000_000))
    with pytest.raises(ValidationError) as exc:
        distributions.record_share_refund(
            actor=books.user("accountant"),
            organisation=books.org,
            partner_id=gone.id,
            amount=500_000,
            refunded_on=D(2025, 6, 2),
        )
    assert "Ord. 37" in exc.value.message and "¥0" in exc.value.fields["amount"]


def test_refund_page_lists_leavers_and_records_a_refund(client, books, login_as):
    gone = books.partners[11]
    _withdraw(books, gone, D(2025, 5, 1))
    db.session.commit()
    login_as(books.user("accountant"))
    url = f"/o/{books.org.slug}/ledger/share-refunds"
    page = client.get(url).get_data(as_text=True)
    assert f"/partners/{gone.id}" in page and "Ord. 37" in page
    detail = client.get(f"/o/{books.org.slug}/partners/{gone.id}").get_data(as_text=True)
    assert f"share-refunds?partner_id={gone.id}" in detail
    resp = client.post(
        url, data={"partner_id": gone.id, "amount": "2000000", "refunded_on": "2025-06-01"}
    )
    assert resp.status_code == 422 and "capital account" in resp.get_data(as_text=True)
    resp = client.post(
        url, data={"partner_id": gone.id, "amount": "300000", "refunded_on": "2025-06-01"}
    )
    assert resp.status_code == 302
    assert "300,000" in client.get(url).get_data(as_text=True)


def test_refund_page_get_writes_nothing(client, world, login_as):
    """Issue 12 item 6: reading the refund page writes nothing (no chart seeded on a GET)."""
    from sqlalchemy import event

    _withdraw(world, world.partners[11], D(2025, 5, 1))
    db.session.commit()
    login_as(world.user("accountant"))
    writes: list[str] = []

    def spy(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        resp = client.get(f"/o/{world.org.slug}/ledger/share-refunds")
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    assert resp.status_code == 200
    assert not [w for w in writes if "ledger_accounts" in w or "audit" in w], writes
