"""The project state machine: every transition, valid and invalid, and who may make it."""

from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.notifications.models import Notification
from llp_gov.projects import workflow
from llp_gov.projects.models import STATUSES, ProjectDecision
from tests.projects.helpers import make_project

# (action, from, to)
VALID = [
    ("submit", "draft", "submitted"),
    ("submit", "changes_requested", "submitted"),
    ("approve", "submitted", "approved"),
    ("reject", "submitted", "rejected"),
    ("request_changes", "submitted", "changes_requested"),
    ("start", "approved", "active"),
    ("complete", "active", "completed"),
    ("cancel", "approved", "cancelled"),
    ("cancel", "active", "cancelled"),
]
CHAIRMAN_ACTIONS = {"approve", "reject", "request_changes", "cancel"}
INVALID = [
    (action, status)
    for action in workflow.TRANSITIONS
    for status in STATUSES
    if (action, status) not in {(a, f) for a, f, _t in VALID}
]


def actor_for(world, action):
    return world.user("chairman") if action in CHAIRMAN_ACTIONS else world.user("member")


def project_in(world, status):
    project = make_project(world)
    project.status = status
    db.session.commit()
    return project


@pytest.mark.parametrize("action, source, target", VALID)
def test_valid_transition(world, action, source, target):
    project = project_in(world, source)
    workflow.transition(
        actor=actor_for(world, action),
        organisation=world.org,
        project=project,
        action=action,
        comment="理由があります",
    )
    db.session.commit()
    assert project.status == target
    decision = db.session.scalars(select(ProjectDecision)).one()
    assert (decision.action, decision.from_status, decision.to_status) == (action, source, target)
    assert decision.actor_id == actor_for(world, action).id
    assert decision.comment == "理由があります"
    assert decision.created_at is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == f"project:{action}")
    ).one()
    assert event.diff["status"] == [source, target]
    assert event.actor_id == actor_for(world, action).id


@pytest.mark.parametrize("action, status", INVALID)
def test_invalid_transition_is_refused_with_a_message(world, action, status):
    project = project_in(world, status)
    with pytest.raises(Conflict) as exc:
        workflow.transition(
            actor=actor_for(world, action),
            organisation=world.org,
            project=project,
            action=action,
            comment="c",
        )
    assert str(workflow.ACTION_LABELS[action]) in exc.value.message
    db.session.rollback()
    assert project.status == status
    assert db.session.scalars(select(ProjectDecision)).all() == []


@pytest.mark.parametrize("action", sorted(CHAIRMAN_ACTIONS))
@pytest.mark.parametrize("role", ["member", "accountant", "admin", "observer"])
def test_only_the_chairman_decides(world, action, role):
    source = next(f for a, f, _t in VALID if a == action)
    project = project_in(world, source)
    with pytest.raises(PermissionDenied):
        workflow.transition(
            actor=world.user(role),
            organisation=world.org,
            project=project,
            action=action,
            comment="c",
        )
    assert project.status == source


@pytest.mark.parametrize("action", ["submit", "start", "complete"])
def test_staff_of_a_non_participant_cannot_move_the_project(world, action):
    source = next(f for a, f, _t in VALID if a == action)
    project = project_in(world, source)
    with pytest.raises(PermissionDenied):
        workflow.transition(
            actor=world.user("rep05"), organisation=world.org, project=project, action=action
        )
    # the other participant's staff and the chairman may
    workflow.transition(
        actor=world.user("rep04"), organisation=world.org, project=project, action=action
    )
    assert project.status != source


def test_chairman_may_submit_any_project(world):
    project = make_project(world)
    workflow.transition(
        actor=world.user("chairman"), organisation=world.org, project=project, action="submit"
    )
    assert project.status == "submitted"


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_comment_is_required_to_reject_or_request_changes(world, action):
    project = project_in(world, "submitted")
    with pytest.raises(ValidationError) as exc:
        workflow.transition(
            actor=world.user("chairman"),
            organisation=world.org,
            project=project,
            action=action,
            comment="  ",
        )
    assert "comment" in exc.value.fields
    assert project.status == "submitted"


def test_unknown_decision_is_refused(world):
    project = project_in(world, "submitted")
    with pytest.raises(ValidationError):
        workflow.transition(
            actor=world.user("chairman"), organisation=world.org, project=project, action="bless"
        )


@pytest.mark.parametrize("action", ["approve", "reject", "request_changes"])
def test_without_the_delegation_the_chairman_cannot_decide(world, action):
    world.org.settings = {"chairman_approves_projects": False}
    project = project_in(world, "submitted")
    with force_locale("en"), pytest.raises(Conflict) as exc:
        workflow.transition(
            actor=world.user("chairman"),
            organisation=world.org,
            project=project,
            action=action,
            comment="c",
        )
    assert "resolution" in exc.value.message
    assert project.status == "submitted"


def test_decision_notifies_the_proposer_in_app_and_by_mail(app, world):
    project = make_project(world)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    workflow.transition(
        actor=world.user("chairman"),
        organisation=world.org,
        project=project,
        action="approve",
        comment="良い提案です",
    )
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    assert not outbox.exists() or not list(outbox.glob("*.eml"))  # nothing before the commit
    db.session.commit()
    note = db.session.scalars(select(Notification)).one()
    assert note.user_id == world.user("member").id
    assert project.title in note.subject and "Approved" in note.subject  # the member reads English
    assert "良い提案です" in note.body
    mails = list(outbox.glob("*.eml"))
    assert len(mails) == 1
    import email

    msg = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "member@klic.test"
    assert project.title in msg["Subject"]
    assert "良い提案です" in msg.get_content()


def test_no_mail_when_the_decision_rolls_back(app, world):
    project = project_in(world, "submitted")
    workflow.transition(
        actor=world.user("chairman"), organisation=world.org, project=project, action="approve"
    )
    db.session.rollback()
    db.session.commit()
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    assert not outbox.exists() or not list(outbox.glob("*.eml"))


def test_waiting_for_decision_is_oldest_first(world):
    import datetime as dt

    from llp_gov.projects.services import waiting_for_decision

    a, b, c = (
        make_project(world, title="A"),
        make_project(world, title="B"),
        make_project(world, title="C"),
    )
    for p, days in ((a, 1), (b, 3), (c, 2)):
        p.status = "submitted"
        p.submitted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - dt.timedelta(days=days)
    db.session.commit()
    assert [p.title for p in waiting_for_decision(world.org)] == ["B", "C", "A"]


@pytest.mark.parametrize("role", ["accountant", "admin", "observer"])
@pytest.mark.parametrize("action", ["submit", "start", "complete"])
def test_roles_without_propose_cannot_move_even_their_own_companys_project(world, role, action):
    from tests.projects.helpers import shares

    source = next(f for a, f, _t in VALID if a == action)
    project = make_project(
        world, participants=shares(world, (1, 50), (2, 50))
    )  # 2: the accountant's company
    project.status = source
    db.session.commit()
    with pytest.raises(PermissionDenied):
        workflow.transition(
            actor=world.user(role), organisation=world.org, project=project, action=action
        )
    assert project.status == source


def test_outsider_cannot_move_or_decide(world):
    from llp_gov.errors import NotFound

    project = project_in(world, "submitted")
    for action in ("approve", "submit"):
        with pytest.raises(NotFound):
            workflow.transition(
                actor=world.other_users["chairman"],
                organisation=world.org,
                project=project,
                action=action,
            )
