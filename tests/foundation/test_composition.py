"""Issue 10 item 10 (Act 3(2), 37): the only domestic partner cannot withdraw, and one of two
partners cannot be expelled, unless the LLP enters dissolution or a named pending partner will
cure it; the compliance panel shows the two-week deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.orgs import compliance
from llp_gov.partners import services as partners
from tests.resolutions.helpers import open_

D = dt.date


def _foreign_all_but(world, keep):
    for i, p in enumerate(world.partners):
        if i != keep:
            p.is_domestic, p.country = False, "KR"
    db.session.flush()


def _withdraw(world, partner, **kw):
    return partners.record_withdrawal(
        actor=world.user("admin"),
        organisation=world.org,
        partner=partner,
        on=D(2026, 11, 1),
        reason="やむを得ない事由",
        **kw,
    )


def test_only_domestic_partner_cannot_simply_withdraw(world):
    _foreign_all_but(world, 0)
    with force_locale("en"), pytest.raises(ValidationError) as exc:
        _withdraw(world, world.partners[0])
    assert "Act 3(2), 37" in exc.value.message
    assert {"dissolution", "cure_partner_id"} <= set(exc.value.fields)
    assert world.partners[0].status == "active"


def test_withdrawal_with_a_named_domestic_cure_records_the_deadline(world):
    _foreign_all_but(world, 0)
    world.org.effective_date = D(2025, 4, 1)
    newcomer = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, kind="individual", name="国内 太郎"
    )
    foreign = partners.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        kind="individual",
        name="Kim",
        country="KR",
    )
    db.session.flush()
    with pytest.raises(ValidationError):  # a foreign partner cannot cure a missing domestic one
        _withdraw(world, world.partners[0], cure_partner_id=foreign.id)
    _withdraw(world, world.partners[0], cure_partner_id=newcomer.id)
    cure = world.org.setting("composition_cure")
    assert cure["deadline"] == "2026-11-15" and cure["cure_partner_id"] == newcomer.id
    check = next(c for c in compliance.compute(world.org) if c.key == "composition_cure")
    # The deadline in the reader's date format (ja by default: 2026/11/15), not ISO.
    assert check.status == "failed" and "2026/11/15" in check.details[0]


def test_withdrawal_into_dissolution_is_recorded(world):
    _foreign_all_but(world, 0)
    _withdraw(world, world.partners[0], dissolution=True)
    assert world.org.setting("composition_cure")["dissolution"] is True


def test_one_of_two_partners_cannot_be_expelled_without_a_cure(world):
    for p in world.partners[2:]:
        p.status = "withdrawn"
    db.session.flush()
    with pytest.raises(ValidationError) as exc:
        open_(world, "expulsion", subject_partner_id=world.partners[1].id, text="背信行為")
    assert "dissolution" in exc.value.fields
    r = open_(
        world,
        "expulsion",
        subject_partner_id=world.partners[1].id,
        text="背信行為",
        payload={"dissolution": True},
    )
    assert r.payload["cure"]["problem"] == "two_partners"


def test_an_ordinary_withdrawal_needs_no_cure(world):
    _withdraw(world, world.partners[5])
    assert world.org.setting("composition_cure") is None


def test_compliance_flags_a_partner_without_a_part_in_execution(world, client, token_for):
    """Issue 10 item 11 (Act 13): each partner's role in execution is on the register."""
    check = next(c for c in compliance.compute(world.org) if c.key == "business_execution")
    assert check.status == "failed"
    for p in world.partners[1:]:
        p.execution_role = "受託開発"
    db.session.commit()
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/partners/{world.partners[0].id}",
        json={"execution_role": "業務の統括"},
        headers=token_for(world.user("admin")),
    )
    assert resp.status_code == 200 and resp.json["execution_role"] == "業務の統括"
    check = next(c for c in compliance.compute(world.org) if c.key == "business_execution")
    assert check.status == "ok"


def test_the_cure_is_marked_done_when_the_named_partner_is_admitted(world):
    """Issue 10 gap 4: the cure is recorded as done when an admission restores a domestic
    partner (Act 3(2), 37), audited, and the panel shows it met."""
    from sqlalchemy import select

    from llp_gov.audit.models import AuditEvent
    from llp_gov.ledger import services as ledger
    from tests.resolutions.helpers import adopt

    _foreign_all_but(world, 0)
    world.org.effective_date = D(2025, 4, 1)
    newcomer = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, kind="individual", name="国内 太郎"
    )
    db.session.flush()
    _withdraw(world, world.partners[0], cure_partner_id=newcomer.id)
    db.session.commit()
    ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=newcomer,
        kind="money",
        agreed_amount=100_000,
        received_amount=100_000,
        received_on=D(2026, 11, 2),
    )
    adopt(world, "admission", subject_partner_id=newcomer.id)
    assert newcomer.status == "active"
    cure = world.org.setting("composition_cure")
    assert cure["cured_on"] == newcomer.admitted_on.isoformat() and "deadline" in cure
    check = next(c for c in compliance.compute(world.org) if c.key == "composition_cure")
    assert check.status == ("ok" if cure["in_time"] else "failed")
    assert any(newcomer.admitted_on.strftime("%Y/%m/%d") in d for d in check.details)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == "org:composition_cure")
    ).all()
    assert len(events) == 2 and events[-1].diff["composition_cure"][1]["cured_on"]


def test_an_admission_that_does_not_restore_the_composition_leaves_the_cure_open(world):
    _foreign_all_but(world, 0)
    world.org.effective_date = D(2025, 4, 1)
    domestic = partners.create_partner(
        actor=world.user("admin"), organisation=world.org, kind="individual", name="国内 太郎"
    )
    foreign = partners.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        kind="individual",
        name="Kim",
        country="KR",
    )
    db.session.flush()
    _withdraw(world, world.partners[0], cure_partner_id=domestic.id)
    partners.record_admission(
        actor=None, organisation=world.org, partner=foreign, on=D(2026, 11, 3)
    )
    assert "cured_on" not in world.org.setting("composition_cure")
    partners.record_admission(
        actor=None, organisation=world.org, partner=domestic, on=D(2026, 11, 20)
    )
    cure = world.org.setting("composition_cure")
    assert cure["cured_on"] == "2026-11-20" and cure["in_time"] is False  # after 2026-11-15
    check = next(c for c in compliance.compute(world.org) if c.key == "composition_cure")
    assert check.status == "failed"
