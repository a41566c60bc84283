"""Issue 10 items 2-3 (Act 5, 4(3)): the agreement's items change only by an adopted amendment
resolution carrying the new values, applied on adoption and audited; a new fiscal-year start
month applies from the next fiscal year, with a transition period, never reopening a closed
period."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.orgs import services as orgs
from llp_gov.orgs.models import Organisation
from tests.resolutions.helpers import adopt, open_, vote

D = dt.date


def test_org_service_refuses_act_4_3_items_once_in_effect(world):
    for field, value in (
        ("business_purpose", "何でも"),
        ("end_date", D(2099, 3, 31)),
        ("fiscal_year_start_month", 1),
        ("name", "別名有限責任事業組合"),
    ):
        with force_locale("en"), pytest.raises(ValidationError) as exc:
            orgs.update_organisation(
                actor=world.user("admin"), organisation=world.org, **{field: value}
            )
        assert field in exc.value.fields and "Act 5" in exc.value.message
    # Items outside Act 4(3) still change on the form.
    orgs.update_organisation(actor=world.user("admin"), organisation=world.org, name_en="X LLP")
    assert world.org.name_en == "X LLP"


def test_org_form_shows_agreement_items_read_only_with_an_amendment_link(client, world, login_as):
    login_as(world.user("chairman"))
    url = f"/o/{world.org.slug}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "resolutions/new?matter=amendment" in page and "disabled" in page
    old_end = world.org.end_date
    resp = client.post(
        url,
        data={
            "legal_form": "jp_llp",
            "name_en": "Changed",
            "business_purpose": "違う目的",
            "end_date": "2099-03-31",
            "fiscal_year_start_month": "1",
        },
    )
    assert resp.status_code == 302
    org = db.session.get(Organisation, world.org.id)
    assert org.name_en == "Changed" and org.end_date == old_end
    assert org.fiscal_year_start_month == 4 and org.business_purpose != "違う目的"


def test_adopted_amendment_applies_its_values_and_is_audited(world):
    r = adopt(
        world,
        "amendment",
        payload={"changes": {"business_purpose": "新しい事業", "end_date": "2040-03-31"}},
    )
    org = db.session.get(Organisation, world.org.id)
    assert org.business_purpose == "新しい事業" and org.end_date == D(2040, 3, 31)
    assert r.effects["amendment"] == "applied"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "org:amend"))
    assert event is not None and event.diff["resolution_id"][1] == r.id


def test_rejected_amendment_changes_nothing(world):
    r = open_(world, "amendment", payload={"changes": {"business_purpose": "新しい事業"}})
    vote(world, r, [0], "against")
    assert r.status == "rejected"
    assert db.session.get(Organisation, world.org.id).business_purpose != "新しい事業"


def test_amendment_must_change_something_valid(world):
    with pytest.raises(ValidationError):
        open_(world, "amendment", payload={"changes": {}})
    with pytest.raises(ValidationError):
        open_(world, "amendment", payload={"changes": {"name": "名前だけ"}})  # no 有限責任事業組合
    with pytest.raises(ValidationError):
        open_(world, "amendment", payload={"changes": {"effective_date": "2020-01-01"}})


def test_amendment_page_opens_a_resolution_with_the_new_values(client, world, login_as):
    login_as(world.user("chairman"))
    url = f"/o/{world.org.slug}/resolutions/new?matter=amendment"
    page = client.get(url).get_data(as_text=True)
    assert world.org.business_purpose in page
    resp = client.post(
        f"/o/{world.org.slug}/resolutions/new",
        data={
            "matter": "amendment",
            "title": "目的の変更",
            "deadline": (dt.datetime.now() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "amend_name": world.org.name,
            "amend_business_purpose": "新しい事業",
            "amend_fiscal_year_start_month": "4",
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 302, [line for line in html.splitlines() if "error" in line]
    from llp_gov.resolutions.models import Resolution

    r = db.session.scalar(select(Resolution).where(Resolution.matter == "amendment"))
    assert r.payload["changes"] == {"business_purpose": "新しい事業"}
    # The value it replaces is kept with it, for the partners to see (issue 15 finding 1).
    assert r.payload["current"] == {"changes": {"business_purpose": world.org.business_purpose}}


def test_a_later_start_month_applies_from_the_next_year_with_a_short_transition(world):
    """Issue 10 gap 6: April → July works as an amendment from the next fiscal year: the running
    year keeps its end, a transition (April-June) is created explicitly, the closed year is never
    reopened or renamed, and the new years keep unique names in order."""
    from llp_gov.ledger import books as ledger_books
    from llp_gov.ledger import services as ledger

    for p in world.partners:
        _contribute(world, p)
    ledger.close_fiscal_year(actor=world.user("accountant"), organisation=world.org, year=2025)
    assert ledger_books.fiscal_year_of(world.org, D(2026, 12, 1)) == 2026
    r = adopt(world, "amendment", payload={"changes": {"fiscal_year_start_month": 7}})
    assert r.effects["amendment"] == "applied", r.effects
    org = db.session.get(Organisation, world.org.id)
    assert org.fiscal_year_start_month == 7
    bounds = {y: ledger_books.fiscal_year_bounds(org, y) for y in (2025, 2026, 2027, 2028, 2029)}
    assert bounds == {
        2025: (D(2025, 4, 1), D(2026, 3, 31)),  # closed, untouched
        2026: (D(2026, 4, 1), D(2027, 3, 31)),  # running, keeps its end
        2027: (D(2027, 4, 1), D(2027, 6, 30)),  # the transition period
        2028: (D(2027, 7, 1), D(2028, 6, 30)),
        2029: (D(2028, 7, 1), D(2029, 6, 30)),
    }
    for day, year in ((D(2026, 2, 1), 2025), (D(2027, 6, 30), 2027), (D(2027, 7, 1), 2028)):
        assert ledger_books.fiscal_year_of(org, day) == year
    with pytest.raises(ValidationError):  # the closed year stays closed
        ledger.post_entry(
            actor=world.user("accountant"),
            organisation=org,
            entry_date=D(2026, 2, 1),
            description="February revenue",
            lines=[
                {"account": "112", "debit": 100, "credit": 0},
                {"account": "410", "debit": 0, "credit": 100},
            ],
        )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "org:amend"))
    assert event.diff["fiscal_year_transition"][1] == ["2027-04-01", "2027-06-30"]


def _contribute(world, partner, amount=1_000_000):
    from llp_gov.ledger import services as ledger

    ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=partner,
        kind="money",
        agreed_amount=amount,
        received_amount=amount,
        received_on=D(2025, 4, 1),
    )
    db.session.commit()


def test_partner_name_and_address_are_refused_once_in_effect(world, client, token_for):
    """Issue 10 gap 2: a partner's Act 4(3) items change only by an adopted amendment."""
    from llp_gov.partners import services as partners

    p = world.partners[1]
    with force_locale("en"), pytest.raises(ValidationError) as exc:
        partners.update_partner(
            actor=world.user("admin"), organisation=world.org, partner=p, address="別の住所"
        )
    assert "address" in exc.value.fields and "Act 5" in exc.value.message
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/partners/{p.id}",
        json={"name": "別名株式会社"},
        headers=token_for(world.user("admin")),
    )
    assert resp.status_code == 422 and "name" in resp.get_data(as_text=True)
    assert db.session.get(type(p), p.id).name != "別名株式会社"
    # Other register fields still change, and a pending partner's name is not yet in the agreement.
    partners.update_partner(
        actor=world.user("admin"), organisation=world.org, partner=p, execution_role="経理"
    )
    pending = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, kind="individual", name="加入 予定"
    )
    partners.update_partner(
        actor=world.user("admin"), organisation=world.org, partner=pending, name="加入 確定"
    )
    assert pending.name == "加入 確定"


def test_a_further_pledge_is_refused_outside_an_amendment(world):
    from llp_gov.ledger import services as ledger

    _contribute(world, world.partners[2])
    with force_locale("en"), pytest.raises(ValidationError) as exc:
        ledger.record_contribution(
            actor=world.user("accountant"),
            organisation=world.org,
            partner=world.partners[2],
            kind="money",
            agreed_amount=500_000,
        )
    assert "Act 5" in exc.value.fields["agreed_amount"]


def test_adopted_amendment_changes_partner_details_and_contribution(world):
    from llp_gov.ledger.capital import contributions_by_partner

    p = world.partners[2]
    _contribute(world, p)
    r = adopt(
        world,
        "amendment",
        payload={
            "partners": {str(p.id): {"address": "東京都港区新橋1-1-1"}},
            "contributions": {str(p.id): 1_500_000},
        },
    )
    assert r.effects["amendment"] == "applied", r.effects
    assert p.address == "東京都港区新橋1-1-1"
    assert contributions_by_partner(world.org)[p.id]["agreed"] == 1_500_000
    tags = {
        e.tag: e
        for e in db.session.scalars(select(AuditEvent).where(AuditEvent.target_id == str(p.id)))
    }
    assert tags["partner:amend"].diff["resolution_id"][1] == r.id
    assert tags["partner:amend"].diff["address"][1] == "東京都港区新橋1-1-1"


def test_a_lower_contribution_is_refused_as_a_return_of_capital(world):
    p = world.partners[2]
    _contribute(world, p)
    with force_locale("en"), pytest.raises(ValidationError) as exc:
        open_(world, "amendment", payload={"contributions": {str(p.id): 400_000}})
    assert "Act 34(2)" in exc.value.fields["contributions"]


def test_partner_form_is_read_only_with_an_amendment_link_and_the_api_opens_one(
    client, world, login_as, token_for
):
    p = world.partners[3]
    login_as(world.user("chairman"))
    page = client.get(f"/o/{world.org.slug}/partners/{p.id}/edit").get_data(as_text=True)
    assert f"matter=amendment&amp;partner_id={p.id}" in page and "disabled" in page
    form = client.get(
        f"/o/{world.org.slug}/resolutions/new?matter=amendment&partner_id={p.id}"
    ).get_data(as_text=True)
    assert p.address in form
    resp = client.post(
        f"/o/{world.org.slug}/partners/{p.id}/edit",
        data={"kind": p.kind, "name": "勝手に改名", "country": "JP", "execution_role": "営業"},
    )
    assert resp.status_code == 302
    assert db.session.get(type(p), p.id).name == p.name
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).isoformat()
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/resolutions",
        json={
            "matter": "amendment",
            "title": "住所変更",
            "deadline": deadline,
            "payload": {"partners": {str(p.id): {"address": "大阪市北区1-1"}}},
        },
        headers=token_for(world.user("chairman")),
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    assert resp.json["payload"]["partners"] == {str(p.id): {"address": "大阪市北区1-1"}}
    assert resp.json["payload"]["current"] == {"partners": {str(p.id): {"address": p.address}}}
