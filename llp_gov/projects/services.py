"""Joint projects: proposing and editing them (the state machine is in workflow.py)."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts.services import get_contract
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db, get_in_org, utcnow
from llp_gov.documents.services import get_document
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.pagination import Page, paginate
from llp_gov.partners.models import Partner
from llp_gov.projects.models import (
    CURRENCIES,
    KINDS,
    ROLES,
    STATUSES,
    Project,
    ProjectMilestone,
    ProjectParticipant,
)

FIELDS = (
    "title",
    "kind",
    "client_id",
    "description",
    "value",
    "currency",
    "property_amount",
    "borrowing_amount",
    "starts_on",
    "ends_on",
)
EDITABLE_STATUSES = ("draft", "changes_requested")
MAX_PARTICIPANTS = 50
MAX_MILESTONES = 50


def _projects_stmt(organisation, status: str | None):
    stmt = select(Project).where(Project.organisation_id == organisation.id)
    if status:
        if status not in STATUSES:
            raise ValidationError(status=_("Unknown status."))
        stmt = stmt.where(Project.status == status)
    # What a list shows of each project, loaded with the page (no query per row).
    return stmt.options(
        selectinload(Project.participants).selectinload(ProjectParticipant.partner),
        selectinload(Project.proposer),
    ).order_by(Project.created_at.desc(), Project.id.desc())


def list_projects(*, actor, organisation, status: str | None = None) -> list[Project]:
    """Projects newest first, optionally in one status (ValidationError on `status`)."""
    policy.require(actor, organisation, "project:read")
    return list(db.session.scalars(_projects_stmt(organisation, status)))


def page_of_projects(
    *, actor, organisation, status: str | None = None, page: int = 1, per_page: int = 50
) -> Page:
    """One page (1-based) of the projects newest first, with their participants and proposer
    loaded in two queries whatever the page size. ValidationError on `status` if unknown."""
    policy.require(actor, organisation, "project:read")
    return paginate(_projects_stmt(organisation, status), page=page, per_page=per_page, count=False)


def get_project(*, actor, organisation, project_id: int) -> Project:
    """One project of this organisation. Raises NotFound for an id of another organisation or none, PermissionDenied without project:read."""
    policy.require(actor, organisation, "project:read")
    return get_in_org(Project, project_id, organisation)


def staff_partner_id(actor, organisation) -> int | None:
    membership = policy.membership_of(actor, organisation)
    return membership.partner_id if membership else None


def is_participant_staff(actor, organisation, project: Project) -> bool:
    partner_id = staff_partner_id(actor, organisation)
    return partner_id is not None and any(p.partner_id == partner_id for p in project.participants)


def may_edit(actor, organisation, project: Project) -> bool:
    """Staff of a participating partner, or the chairman, edit and move a project along."""
    return policy.can(actor, organisation, "project:propose") and (
        policy.role_of(actor, organisation) == "chairman"
        or is_participant_staff(actor, organisation, project)
    )


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean(data: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def _validate_fields(organisation, data: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.get("title"):
        errors["title"] = _("This field is required.")
    elif len(data["title"]) > 200:
        errors["title"] = _("At most %(n)d characters.", n=200)
    if data.get("kind") not in KINDS:
        errors["kind"] = _("Choose a kind of project.")
    if data.get("currency") not in CURRENCIES:
        errors["currency"] = _("Choose a currency.")
    if not _is_int(data.get("value")) or data["value"] < 0:
        errors["value"] = _("Enter a whole amount of zero or more.")
    for field in ("property_amount", "borrowing_amount"):
        value = data.get(field)
        if value is not None and (not _is_int(value) or value < 0):
            errors[field] = _("Enter a whole amount of zero or more.")
    client_id = data.get("client_id")
    if client_id is not None:
        client = db.session.get(Counterparty, client_id) if _is_int(client_id) else None
        if client is None or client.organisation_id != organisation.id:
            errors["client_id"] = _("Choose a counterparty from the directory.")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end must not come before the start.")
    return errors


def _validate_participants(organisation, rows) -> dict[str, str]:
    if not rows:
        return {"participants": _("Add at least one participating partner.")}
    if len(rows) > MAX_PARTICIPANTS:
        return {"participants": _("Too many participants.")}
    seen: set[int] = set()
    for row in rows:
        partner_id, share = row.get("partner_id"), row.get("share_percent")
        partner = db.session.get(Partner, partner_id) if _is_int(partner_id) else None
        if partner is None or partner.organisation_id != organisation.id or not partner.is_active:
            return {"participants": _("Choose active partners of this organisation.")}
        if partner_id in seen:
            return {"participants": _("Each partner takes part only once.")}
        seen.add(partner_id)
        if row.get("role") not in ROLES:
            return {"participants": _("A participant's role is lead or member.")}
        if not _is_int(share) or not 1 <= share <= 100:
            return {"participants": _("Each share is a whole percentage from 1 to 100.")}
    if sum(1 for r in rows if r["role"] == "lead") != 1:
        return {"participants": _("Name exactly one lead partner.")}
    total = sum(r["share_percent"] for r in rows)
    if total != 100:
        return {
            "participants": _(
                "The shares add up to %(total)d%%; they must add up to 100%%.", total=total
            )
        }
    return {}


def _validate_milestones(rows) -> dict[str, str]:
    if len(rows) > MAX_MILESTONES:
        return {"milestones": _("Too many milestones.")}
    for row in rows:
        title = (row.get("title") or "").strip()
        if not title or len(title) > 200:
            return {"milestones": _("Each milestone needs a title of at most 200 characters.")}
        if not isinstance(row.get("due_on"), dt.date):
            return {"milestones": _("Each milestone needs a due date.")}
    return {}


def _linked(actor, organisation, document_ids, contract_ids) -> tuple[list, list, dict[str, str]]:
    """Documents and contracts the actor may read in this organisation (else a field error)."""
    docs, contracts, errors = [], [], {}
    try:
        docs = [
            get_document(actor=actor, organisation=organisation, document_id=i)
            for i in document_ids or ()
        ]
    except (NotFound, TypeError):
        errors["document_ids"] = _("Choose documents of this organisation.")
    try:
        contracts = [
            get_contract(actor=actor, organisation=organisation, contract_id=i)
            for i in contract_ids or ()
        ]
    except (NotFound, TypeError):
        errors["contract_ids"] = _("Choose contracts of this organisation.")
    return docs, contracts, errors


def _snapshot(project: Project) -> dict:
    return {
        **{f: getattr(project, f) for f in FIELDS},
        "document_ids": [d.id for d in project.documents],
        "contract_ids": [c.id for c in project.contracts],
        "participants": [[p.partner_id, p.role, p.share_percent] for p in project.participants],
        "milestones": [[m.title, m.due_on.isoformat()] for m in project.milestones],
    }


def _apply(project: Project, data: dict, participants, milestones) -> None:
    for field in FIELDS:
        if field in data:
            setattr(project, field, data[field])
    if participants is not None:
        project.participants = [
            ProjectParticipant(
                partner_id=r["partner_id"], role=r["role"], share_percent=r["share_percent"]
            )
            for r in participants
        ]
    if milestones is not None:
        project.milestones = [
            ProjectMilestone(title=r["title"].strip(), due_on=r["due_on"], position=i)
            for i, r in enumerate(sorted(milestones, key=lambda r: r["due_on"]))
        ]


def create_project(
    *,
    actor,
    organisation,
    participants: list[dict],
    milestones: list[dict] | None = None,
    document_ids: list[int] | None = None,
    contract_ids: list[int] | None = None,
    **data,
) -> Project:
    """Propose a project as a draft; the proposer's company must take part (or be the chairman)."""
    policy.require(actor, organisation, "project:propose")
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    data = _clean(data)
    data.setdefault("currency", "JPY")
    data.setdefault("value", 0)
    data["description"] = data.get("description") or ""
    milestones = milestones or []
    errors = _validate_fields(organisation, data)
    errors |= _validate_participants(organisation, participants)
    errors |= _validate_milestones(milestones)
    docs, contracts, link_errors = _linked(actor, organisation, document_ids, contract_ids)
    errors |= link_errors
    if not errors and policy.role_of(actor, organisation) != "chairman":
        own = staff_partner_id(actor, organisation)
        if own not in {r["partner_id"] for r in participants}:
            errors["participants"] = _("Your company must take part in a project you propose.")
    if errors:
        raise ValidationError(**errors)
    project = Project(organisation_id=organisation.id, proposer_id=actor.id, status="draft")
    _apply(project, data, participants, milestones)
    project.documents, project.contracts = docs, contracts
    db.session.add(project)
    db.session.flush()
    audit.record(
        tag="project:create",
        actor=actor,
        organisation_id=organisation.id,
        target=project,
        diff={k: [None, v] for k, v in _snapshot(project).items() if v not in (None, "", [])},
    )
    return project


def update_project(
    *,
    actor,
    organisation,
    project: Project,
    participants: list[dict] | None = None,
    milestones: list[dict] | None = None,
    document_ids: list[int] | None = None,
    contract_ids: list[int] | None = None,
    **changes,
) -> Project:
    """Edit a draft, or a project sent back for changes."""
    policy.require(actor, organisation, "project:propose")
    if not may_edit(actor, organisation, project):
        raise PermissionDenied(
            _("Only staff of a participating partner or the chairman may change this project.")
        )
    if project.status not in EDITABLE_STATUSES:
        raise Conflict(_("Only a draft or a project sent back for changes can be edited."))
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    changes = _clean(changes)
    if "description" in changes:
        changes["description"] = changes["description"] or ""
    merged = {f: getattr(project, f) for f in FIELDS} | changes
    errors = _validate_fields(organisation, merged)
    if participants is not None:
        errors |= _validate_participants(organisation, participants)
    if milestones is not None:
        errors |= _validate_milestones(milestones)
    docs, contracts, link_errors = _linked(actor, organisation, document_ids, contract_ids)
    errors |= link_errors
    if errors:
        raise ValidationError(**errors)
    before = _snapshot(project)
    _apply(project, changes, participants, milestones)
    if document_ids is not None:
        project.documents = docs
    if contract_ids is not None:
        project.contracts = contracts
    db.session.flush()
    after = _snapshot(project)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        project.updated_at = utcnow()
        audit.record(
            tag="project:update",
            actor=actor,
            organisation_id=organisation.id,
            target=project,
            diff=diff,
        )
    return project


def waiting_for_decision(organisation, *, limit: int | None = None) -> list[Project]:
    """Submitted projects, oldest submission first (the chairman's queue); at most `limit`."""
    stmt = (
        select(Project)
        .where(Project.organisation_id == organisation.id, Project.status == "submitted")
        .options(selectinload(Project.proposer))
        .order_by(Project.submitted_at, Project.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def count_waiting_for_decision(organisation) -> int:
    """How many projects are submitted and wait for a decision (the dashboard's figure)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Project)
            .where(Project.organisation_id == organisation.id, Project.status == "submitted")
        )
        or 0
    )
