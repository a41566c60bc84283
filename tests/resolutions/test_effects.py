"""Effects of closed resolutions: expulsion, admission, ratio agreement, projects."""

import datetime as dt

import pytest
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.db import utcnow
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.notifications.models import Notification
from llp_gov.partners import services as partner_services
from llp_gov.projects import workflow
from llp_gov.resolutions import effects, services
from tests.projects.helpers import make_project
from tests.resolutions.helpers import open_, rep, set_rule, vote

# --- expulsion (Act 27) ----------------------------------------------------------------------

CAUSE = "組合の名称を無断で使用し、組合の信用を著しく害したため(正当な事由)。"


def test_expulsion_passes_with_all_11_others_and_the_partner_concerned_cannot_vote(world):
    expelled = world.partners[5]
    r = open_(world, matter="expulsion", subject_partner_id=expelled.id, title="除名", text=CAUSE)
    assert (r.base, r.required) == (11, 11)
    assert expelled.id not in {v.partner_id for v in r.votes}
    with pytest.raises(PermissionDenied):
        services.cast_vote(
            actor=rep(world, 5), organisation=world.org, resolution=r, vote="against"
        )
    db.session.rollback()
    vote(world, r, [i for i in range(12) if i != 5])
    assert r.status == "adopted"
    assert expelled.status == "expelled" and expelled.withdrawn_on is not None
    notice = db.session.scalars(
        select(Notification).where(Notification.user_id == rep(world, 5).id)
    ).one()
    # In the recipient's language, the organisation's name too (issue 14).
    assert world.org.display_name(rep(world, 5).locale or "en") in notice.subject
    assert db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == "resolution:expulsion_notice")
    ).one()
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "partner:expel")).one()
    assert r.effects["notice_to"] == rep(world, 5).email


def test_expulsion_with_10_of_11_fails_under_the_default_rule(world):
    r = open_(world, matter="expulsion", subject_partner_id=world.partners[5].id, text=CAUSE)
    vote(world, r, [i for i in range(12) if i not in (5, 6)])
    services.close_due(now=utcnow() + dt.timedelta(days=8))
    assert r.status == "rejected"
    assert world.partners[5].status == "active"


def test_expulsion_under_the_agreements_majority(world):
    set_rule(world, "expulsion", "majority")
    r = open_(world, matter="expulsion", subject_partner_id=world.partners[5].id, text=CAUSE)
    assert r.required == 6  # more than half of the 11 others
    vote(world, r, [0, 1, 2, 3, 4, 6])
    assert r.status == "adopted"


def test_expulsion_needs_an_active_partner(world):
    with pytest.raises(ValidationError) as exc:
        open_(world, matter="expulsion", text=CAUSE)
    assert "subject_partner_id" in exc.value.fields


def test_expulsion_needs_a_stated_cause(world):
    with pytest.raises(ValidationError) as exc:
        open_(world, matter="expulsion", subject_partner_id=world.partners[5].id)
    assert "text" in exc.value.fields


# --- admission --------------------------------------------------------------------------------


def _pending(world):
    partner = partner_services.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        name="株式会社新規加入",
        kind="corporate",
        executing_person="新規 太郎",
        status="pending",
    )
    db.session.commit()
    return partner


def test_admission_takes_effect_once_the_contribution_is_received(world, monkeypatch):
    newcomer = _pending(world)
    r = open_(world, matter="admission", subject_partner_id=newcomer.id)
    assert r.base == 12  # the newcomer does not vote on its own admission
    monkeypatch.setattr(effects, "is_fully_paid", lambda org, partner: False)
    vote(world, r, range(12))
    assert r.status == "adopted"
    assert newcomer.status == "pending"
    assert r.effects["admission"] == "waiting_for_contribution"
    assert services.close_due()["admitted"] == 0
    monkeypatch.setattr(effects, "is_fully_paid", lambda org, partner: partner.id == newcomer.id)
    assert services.close_due()["admitted"] == 1
    db.session.commit()
    assert newcomer.status == "active"
    assert r.effects["admission"] == "effective"


def test_admission_cannot_be_relaxed_and_needs_everyone(world):
    newcomer = _pending(world)
    r = open_(world, matter="admission", subject_partner_id=newcomer.id)
    assert r.rule == "unanimous"
    vote(world, r, range(11))
    vote(world, r, [11], "against")
    assert r.status == "rejected"
    assert newcomer.status == "pending"


def test_admission_needs_a_pending_partner(world):
    with pytest.raises(ValidationError):
        open_(world, matter="admission", subject_partner_id=world.partners[0].id)


# --- profit and loss ratio (Act 33, Ord. 36) -------------------------------------------------


def _ratios(world, first=20):
    rest = (100 - first) // 11
    ratios = {str(p.id): rest for p in world.partners[1:]}
    ratios[str(world.partners[0].id)] = 100 - rest * 11
    return ratios


def test_adopted_ratio_becomes_the_ledgers_ratio_agreement(world):
    from llp_gov.ledger.models import RatioAgreement

    payload = {
        "ratios": _ratios(world),
        "reason": "幹事会社の営業負担を反映する",
        "starts_on": "2027-04-01",
    }
    r = open_(world, matter="profit_loss_ratio", payload=payload)
    vote(world, r, range(12))
    assert r.status == "adopted"
    agreement = db.session.get(RatioAgreement, r.effects["ratio_agreement"])
    assert agreement.resolution_id == r.id
    assert agreement.starts_on == dt.date(2027, 4, 1)


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"ratios": {}, "reason": "r", "starts_on": "2027-04-01"}, "ratios"),
        ({"reason": "r", "starts_on": "2027-04-01", "ratios": "bad"}, "ratios"),
        ({"reason": "", "starts_on": "2027-04-01"}, "reason"),
        ({"reason": "r", "starts_on": "soon"}, "starts_on"),
    ],
)
def test_ratio_resolution_needs_ratios_reason_and_start(world, payload, field):
    if field != "ratios":
        payload["ratios"] = _ratios(world)
    with pytest.raises(ValidationError) as exc:
        open_(world, matter="profit_loss_ratio", payload=payload)
    assert field in exc.value.fields


def test_ratios_must_add_up_to_100(world):
    ratios = _ratios(world)
    ratios[str(world.partners[0].id)] += 1
    with pytest.raises(ValidationError) as exc:
        open_(
            world,
            matter="profit_loss_ratio",
            payload={"ratios": ratios, "reason": "r", "starts_on": "2027-04-01"},
        )
    assert "ratios" in exc.value.fields


# --- projects ---------------------------------------------------------------------------------


def _submitted(world, **kw):
    project = make_project(world, **kw)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    return project


def test_without_delegation_a_business_resolution_approves_the_project(world):
    world.org.settings = {"chairman_approves_projects": False}
    project = _submitted(world)
    assert workflow.pending_matters(world.org, project) == ["business"]
    r = open_(world, matter="business", project_id=project.id)
    vote(world, r, range(12))
    assert project.status == "approved"
    decision = project.decisions[-1]
    assert decision.actor_id is None and decision.resolution_id == r.id


def test_without_delegation_a_failed_resolution_rejects_the_project(world):
    world.org.settings = {"chairman_approves_projects": False}
    project = _submitted(world)
    r = open_(world, matter="business", project_id=project.id)
    vote(world, r, [0], "against")
    assert r.status == "rejected"
    assert project.status == "rejected"


def test_important_property_needs_a_resolution_before_the_chairman_approves(world, monkeypatch):
    from llp_gov.resolutions import rules

    world.org.settings = {
        "chairman_approves_projects": True,
        "important_property_threshold": 5_000_000,
    }
    set_rule(world, "important_property", "two_thirds")
    project = _submitted(world, property_amount=8_000_000)
    assert workflow.required_matters(world.org, project) == ["important_property"]
    with pytest.raises(Conflict):
        workflow.transition(
            actor=world.user("chairman"), organisation=world.org, project=project, action="approve"
        )
    db.session.rollback()
    monkeypatch.setattr(rules, "net_assets", lambda org, on: 50_000_000)
    r = open_(world, matter="important_property", amount=8_000_000, project_id=project.id)
    assert r.rule == "two_thirds"
    vote(world, r, range(8))
    assert r.status == "adopted"
    assert project.status == "submitted"  # the chairman still decides
    workflow.transition(
        actor=world.user("chairman"), organisation=world.org, project=project, action="approve"
    )
    assert project.status == "approved"


def test_only_a_submitted_project_can_be_put_to_the_partners(world):
    project = make_project(world)
    with pytest.raises(ValidationError) as exc:
        open_(world, matter="business", project_id=project.id)
    assert "project_id" in exc.value.fields
