"""Proposing and editing projects: shares, participants and who may edit."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.projects import services
from llp_gov.projects.models import Project
from tests.projects.helpers import make_project, shares


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_member_proposes_a_draft_with_milestones(world):
    project = make_project(
        world,
        milestones=[
            {"title": "納品", "due_on": dt.date(2027, 3, 1)},
            {"title": "要件定義", "due_on": dt.date(2026, 12, 1)},
        ],
    )
    assert project.status == "draft"
    assert project.proposer_id == world.user("member").id
    assert project.lead.partner_id == world.partners[1].id
    assert [m.title for m in project.milestones] == ["要件定義", "納品"]
    tags = db.session.scalars(
        select(AuditEvent.tag).where(AuditEvent.target_type == "projects")
    ).all()
    assert tags == ["project:create"]


@pytest.mark.parametrize(
    "participants, message_part",
    [
        ([(1, 60), (3, 30)], "90"),
        ([(1, 60), (3, 50)], "110"),
    ],
)
def test_shares_must_add_up_to_100(world, participants, message_part):
    with pytest.raises(ValidationError) as exc:
        make_project(world, participants=shares(world, *participants))
    assert "participants" in exc.value.fields
    assert message_part in exc.value.fields["participants"]
    assert count(Project) == 0


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"partner_id": 1, "role": "lead", "share_percent": 100.0}],  # not an integer
        [{"partner_id": 1, "role": "boss", "share_percent": 100}],
        [{"partner_id": 1, "role": "member", "share_percent": 100}],  # no lead
        [{"partner_id": 999999, "role": "lead", "share_percent": 100}],
    ],
)
def test_bad_participants_are_refused(world, rows):
    if rows and rows[0]["partner_id"] == 1:
        rows[0]["partner_id"] = world.partners[1].id
    with pytest.raises(ValidationError) as exc:
        services.create_project(
            actor=world.user("member"),
            organisation=world.org,
            title="x",
            kind="training",
            participants=rows,
        )
    assert "participants" in exc.value.fields
    assert count(Project) == 0


def test_partner_of_another_organisation_is_refused(world):
    from llp_gov.partners.models import Partner

    outsider = db.session.scalars(
        select(Partner).where(Partner.organisation_id == world.other_org.id)
    ).first()
    rows = [{"partner_id": outsider.id, "role": "lead", "share_percent": 100}]
    with pytest.raises(ValidationError):
        services.create_project(
            actor=world.user("chairman"),
            organisation=world.org,
            title="x",
            kind="training",
            participants=rows,
        )


def test_a_member_must_propose_for_his_own_company(world):
    with pytest.raises(ValidationError) as exc:
        make_project(world, participants=shares(world, (4, 100)))
    assert "participants" in exc.value.fields


def test_the_chairman_may_propose_for_others(world):
    project = make_project(
        world, actor=world.user("chairman"), participants=shares(world, (4, 100))
    )
    assert project.status == "draft"


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", ""),
        ("kind", "party"),
        ("currency", "XYZ"),
        ("value", -1),
        ("value", "12"),
        ("client_id", 999999),
    ],
)
def test_bad_fields_are_refused(world, field, value):
    with pytest.raises(ValidationError) as exc:
        make_project(world, **{field: value})
    assert field in exc.value.fields
    assert count(Project) == 0


def test_schedule_end_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_project(world, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2026, 1, 1))
    assert "ends_on" in exc.value.fields


def test_observer_and_accountant_cannot_propose(world):
    for role in ("observer", "accountant", "admin"):
        with pytest.raises(PermissionDenied):
            make_project(world, actor=world.user(role))


def test_outsider_gets_not_found(world):
    project = make_project(world)
    with pytest.raises(NotFound):
        services.get_project(
            actor=world.other_users["chairman"], organisation=world.org, project_id=project.id
        )
    with pytest.raises(NotFound):
        services.get_project(
            actor=world.other_users["chairman"], organisation=world.other_org, project_id=project.id
        )


def test_staff_of_a_participant_edits_others_do_not(world):
    project = make_project(world)
    services.update_project(
        actor=world.user("rep04"), organisation=world.org, project=project, title="新しい題名"
    )
    assert project.title == "新しい題名"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "project:update")).one()
    assert event.diff["title"] == ["北九州市 地域情報システム受託", "新しい題名"]
    with pytest.raises(PermissionDenied):
        services.update_project(
            actor=world.user("rep05"), organisation=world.org, project=project, title="乗っ取り"
        )


def test_edit_with_bad_shares_changes_nothing(world):
    project = make_project(world)
    with pytest.raises(ValidationError):
        services.update_project(
            actor=world.user("member"),
            organisation=world.org,
            project=project,
            title="x",
            participants=shares(world, (1, 50), (3, 40)),
        )
    db.session.rollback()
    db.session.refresh(project)
    assert project.title == "北九州市 地域情報システム受託"
    assert sorted(p.share_percent for p in project.participants) == [40, 60]


def test_submitted_project_cannot_be_edited(world):
    from llp_gov.projects import workflow

    project = make_project(world)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    with pytest.raises(Conflict):
        services.update_project(
            actor=world.user("member"), organisation=world.org, project=project, title="y"
        )
