"""Issue 10 item 1 (Act 24, 3(1)): once the agreement is in effect a new partner is registered
as pending — no vote, no allocation, no base — and becomes active only by an adopted admission
resolution and full payment. Item 12: identifiers normalised (NFKC, hyphens) and T-numbers
checked with the corporate-number check digit."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.partners import services as partners
from llp_gov.partners.models import Partner
from llp_gov.resolutions import services as resolutions

VALID_CN = "7123456789012"


def _new(**extra):
    return {"kind": "individual", "name": "新組合員", "country": "JP"} | extra


def test_api_registers_a_new_partner_as_pending_by_default(client, world, token_for):
    headers = token_for(world.user("admin"))
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    resp = client.post(url, json=_new(), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["status"] == "pending"
    resp = client.post(url, json=_new(name="明示", status="pending"), headers=headers)
    assert resp.status_code == 201 and resp.get_json()["status"] == "pending"


def test_api_refuses_an_active_partner_once_the_agreement_is_in_effect(client, world, token_for):
    headers = token_for(world.user("admin"))
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    before = db.session.query(Partner).count()
    resp = client.post(url, json=_new(status="active"), headers=headers)
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert "Act 24" in error["message"] and "admission resolution" in error["message"]
    assert "status" in error["fields"]
    assert db.session.query(Partner).count() == before


def test_page_registers_a_new_partner_as_pending(client, world, login_as):
    login_as(world.user("admin"))
    resp = client.post(
        f"/o/{world.org.slug}/partners/new",
        data={"kind": "individual", "name": "画面から", "country": "JP"},
    )
    assert resp.status_code == 302
    partner = db.session.query(Partner).filter_by(name="画面から").one()
    assert partner.status == "pending"


def test_founding_register_before_the_effective_date_may_be_active(world):
    world.org.effective_date = dt.date(2099, 1, 1)
    p = partners.create_partner(actor=world.user("admin"), organisation=world.org, **_new())
    assert p.status == "active"


def test_a_pending_partner_does_not_vote_and_is_not_in_the_base(world):
    pending = partners.create_partner(actor=world.user("admin"), organisation=world.org, **_new())
    db.session.flush()
    r = resolutions.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter="admission",
        title="加入",
        deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
        subject_partner_id=pending.id,
    )
    assert r.base == 12 and pending.id not in {v.partner_id for v in r.votes}


def test_pending_partner_becomes_active_only_by_resolution_and_full_payment(world):
    from llp_gov.ledger import services as ledger

    pending = partners.create_partner(actor=world.user("admin"), organisation=world.org, **_new())
    db.session.flush()
    ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=pending,
        kind="money",
        agreed_amount=100_000,
        received_amount=100_000,
        received_on=dt.date(2026, 4, 10),
    )
    assert pending.status == "pending"  # paid, but not admitted
    now = dt.datetime.now(dt.UTC)
    r = resolutions.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter="admission",
        title="加入",
        deadline=now + dt.timedelta(days=7),
        subject_partner_id=pending.id,
    )
    for p in world.partners:
        resolutions.cast_vote(
            actor=p.representative_user, organisation=world.org, resolution=r, vote="for", now=now
        )
    assert r.status == "adopted" and pending.status == "active"


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("corporate_number", "７１２３４５６７８９０１２", VALID_CN),
        ("corporate_number", "7123－4567－8901－2", VALID_CN),
        ("corporate_number", "7123‐4567―8901−2", VALID_CN),
        ("invoice_number", "Ｔ７１２３４５６７８９０１２", "T" + VALID_CN),
        ("invoice_number", "t7123-4567-8901-2", "T" + VALID_CN),
        ("kr_business_number", "１２３－４５－６７８９１", "1234567891"),
    ],
)
def test_identifiers_are_normalised_to_ascii_before_validation(world, field, typed, stored):
    p = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, **_new(**{field: typed})
    )
    assert getattr(p, field) == stored


def test_invoice_number_is_checked_with_the_corporate_number_check_digit(world):
    with force_locale("en"), pytest.raises(ValidationError) as exc:
        partners.create_partner(
            actor=world.user("admin"),
            organisation=world.org,
            **_new(invoice_number="T1123456789012"),
        )
    assert "check digit" in exc.value.fields["invoice_number"]


def test_pending_partner_page_links_to_a_prefilled_admission_resolution(client, world, login_as):
    pending = partners.create_partner(actor=world.user("admin"), organisation=world.org, **_new())
    db.session.commit()
    login_as(world.user("chairman"))
    page = client.get(f"/o/{world.org.slug}/partners/{pending.id}").get_data(as_text=True)
    link = (
        f"/o/{world.org.slug}/resolutions/new?matter=admission&amp;subject_partner_id={pending.id}"
    )
    assert link in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{pending.id}">' in form or (
        f'value="{pending.id}" selected' in form
    )
