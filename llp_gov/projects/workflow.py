"""The project state machine, in one table, and the decisions that move a project along.

draft -> submitted -> approved | rejected | changes_requested (-> submitted again);
approved -> active -> completed; approved or active -> cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.config import MAX_ID
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.notifications import kinds
from llp_gov.notifications.services import notify, path_for
from llp_gov.projects.models import Project, ProjectDecision
from llp_gov.projects.services import may_edit, waiting_for_decision
from llp_gov.resolutions.queries import adopted_matters_for_project, adopted_matters_for_projects

CHAIRMAN, PARTICIPANT = "chairman", "participant"
# Decisions the partnership agreement may delegate to the chairman (Act 12(1)).
DELEGATED = ("approve", "reject", "request_changes")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    by: str  # CHAIRMAN or PARTICIPANT
    comment_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({"draft", "changes_requested"}), "submitted", PARTICIPANT),
    "approve": Transition(frozenset({"submitted"}), "approved", CHAIRMAN),
    "reject": Transition(frozenset({"submitted"}), "rejected", CHAIRMAN, comment_required=True),
    "request_changes": Transition(
        frozenset({"submitted"}), "changes_requested", CHAIRMAN, comment_required=True
    ),
    "start": Transition(frozenset({"approved"}), "active", PARTICIPANT),
    "complete": Transition(frozenset({"active"}), "completed", PARTICIPANT),
    "cancel": Transition(
        frozenset({"approved", "active"}), "cancelled", CHAIRMAN, comment_required=True
    ),
}

STATUS_LABELS = {
    "draft": lazy_pgettext("project status", "Draft"),
    "submitted": _l("Waiting for a decision"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "changes_requested": _l("Changes requested"),
    "active": lazy_pgettext("project status", "Active"),
    "completed": _l("Completed"),
    "cancelled": lazy_pgettext("project status", "Cancelled"),
}
ACTION_LABELS = {
    "submit": _l("Submit"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "request_changes": _l("Request changes"),
    "start": _l("Start"),
    "complete": _l("Complete"),
    "cancel": _l("Cancel project"),
}
MATTER_FOR_THRESHOLD = (
    ("important_property", "property_amount", "important_property_threshold"),
    ("large_borrowing", "borrowing_amount", "large_borrowing_threshold"),
)


def required_matters(organisation, project: Project) -> list[str]:
    """Matters this project needs a partner resolution on before it can be approved."""
    matters = []
    for matter, field, setting in MATTER_FOR_THRESHOLD:
        threshold, amount = organisation.setting(setting), getattr(project, field)
        # Act 12(2): with no threshold in the agreement, any property or borrowing is important.
        if amount and (threshold is None or amount >= threshold):
            matters.append(matter)
    if not organisation.setting("chairman_approves_projects"):
        # Without the agreement's delegation, approving the project is the partners' decision.
        matters.insert(0, "business")
    return matters


def pending_matters(organisation, project: Project) -> list[str]:
    """Required matters without an adopted resolution yet."""
    adopted = adopted_matters_for_project(project)
    return [m for m in required_matters(organisation, project) if m not in adopted]


def pending_matters_of(organisation, projects) -> dict[int, list[str]]:
    """pending_matters for many projects with one query: {project id: matters}."""
    adopted = adopted_matters_for_projects([p.id for p in projects])
    return {
        p.id: [m for m in required_matters(organisation, p) if m not in adopted[p.id]]
        for p in projects
    }


def allowed_actions(actor, organisation, project: Project) -> list[str]:
    """The actions this actor may take now (for the page's buttons)."""
    out = []
    for action, t in TRANSITIONS.items():
        if project.status not in t.sources:
            continue
        try:
            _check_actor(actor, organisation, project, action, t)
        except (PermissionDenied, Conflict):
            continue
        out.append(action)
    return out


def _check_actor(actor, organisation, project: Project, action: str, t: Transition) -> None:
    if t.by == CHAIRMAN:
        policy.require(actor, organisation, "project:decide")
        if action in DELEGATED and not organisation.setting("chairman_approves_projects"):
            raise Conflict(
                _(
                    "The partnership agreement does not delegate project approval to the chairman: the partners decide by resolution."
                )
            )
    else:
        policy.require(actor, organisation, "project:propose")
        if not may_edit(actor, organisation, project):
            raise PermissionDenied(
                _("Only staff of a participating partner or the chairman may do this.")
            )


def transition(*, actor, organisation, project: Project, action: str, comment: str = "") -> Project:
    """Move a project along the state machine; refuse anything else with a clear message."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError(decision=_("Choose approve, reject or request changes."))
    _check_actor(actor, organisation, project, action, t)
    comment = (comment or "").strip()
    if project.status not in t.sources:
        raise Conflict(
            _(
                "A project that is “%(status)s” cannot be moved by “%(action)s”.",
                status=STATUS_LABELS[project.status],
                action=ACTION_LABELS[action],
            )
        )
    if t.comment_required and not comment:
        raise ValidationError(comment=_("Give a reason in the comment."))
    if len(comment) > 4000:
        raise ValidationError(comment=_("At most %(n)d characters.", n=4000))
    if action == "approve":
        pending = pending_matters(organisation, project)
        if pending:
            raise Conflict(_("This project needs an adopted partner resolution first."))
    return _move(
        actor=actor, organisation=organisation, project=project, action=action, comment=comment
    )


def _move(
    *, actor, organisation, project: Project, action: str, comment: str, resolution=None
) -> Project:
    t = TRANSITIONS[action]
    old = project.status
    now = utcnow()
    project.status = t.target
    project.updated_at = now
    if action == "submit":
        project.submitted_at = now
    decision = ProjectDecision(
        project=project,
        action=action,
        from_status=old,
        to_status=t.target,
        actor_id=getattr(actor, "id", None),
        comment=comment,
        resolution_id=getattr(resolution, "id", None),
        created_at=now,
    )
    db.session.add(decision)
    audit.record(
        tag=f"project:{action}",
        actor=actor,
        organisation_id=organisation.id,
        target=project,
        diff={"status": [old, t.target], "comment": [None, comment]}
        | ({"resolution_id": [None, resolution.id]} if resolution is not None else {}),
    )
    if action in DELEGATED + ("cancel",) and project.proposer_id != getattr(actor, "id", None):
        _notify_proposer(actor=actor, organisation=organisation, project=project, decision=decision)
    return project


@kinds.kind("projects.decision")
def _decision_message(params: dict) -> tuple[str, str]:
    """The proposer's notice of a decision on the project, in the reader's language."""
    subject = _(
        "Project “%(title)s”: %(status)s",
        title=params["title"],
        status=STATUS_LABELS[params["status"]],
    )
    body = subject
    if params.get("comment"):
        body = f"{subject}\n\n{_('Comment')}: {params['comment']}"
    return subject, body


def _notify_proposer(*, actor, organisation, project: Project, decision: ProjectDecision) -> None:
    notify(
        actor=actor,
        organisation=organisation,
        user=project.proposer,
        kind="projects.decision",
        params={
            "project_id": project.id,
            "title": project.title,
            "status": decision.to_status,
            "comment": decision.comment or "",
        },
        link=path_for("projects.detail", slug=organisation.slug, project_id=project.id),
    )


def on_resolution_closed(resolution, *, organisation, adopted: bool) -> None:
    """Receiver of resolutions.signals.resolution_closed (connected in projects.init_app)."""
    if resolution.project is not None:
        resolution_closed(
            organisation=organisation,
            project=resolution.project,
            resolution=resolution,
            adopted=adopted,
        )


def resolution_closed(*, organisation, project: Project, resolution, adopted: bool) -> None:
    """When the partners decide instead of the chairman, their resolution moves the project."""
    if project.status != "submitted" or organisation.setting("chairman_approves_projects"):
        return
    comment = _("Decided by partner resolution no. %(id)d.", id=resolution.id)
    if not adopted:
        _move(
            actor=None,
            organisation=organisation,
            project=project,
            action="reject",
            comment=comment,
            resolution=resolution,
        )
    elif not pending_matters(organisation, project):
        _move(
            actor=None,
            organisation=organisation,
            project=project,
            action="approve",
            comment=comment,
            resolution=resolution,
        )


def project_for_resolution(organisation, *, project_id: int, **_) -> Project | None:
    """Answer to resolutions.signals.project_lookup: the organisation's project, else None."""
    project = db.session.get(Project, project_id) if 0 < project_id <= MAX_ID else None
    return project if project is not None and project.organisation_id == organisation.id else None


def projects_waiting(organisation, *, limit: int | None = None, **_) -> list[Project]:
    """Answer to resolutions.signals.projects_waiting (the resolution form's choices): the
    projects waiting for a decision, oldest submission first, at most `limit`."""
    return waiting_for_decision(organisation, limit=limit)


def status_labels(_sender, **_) -> dict:
    """Answer to resolutions.signals.project_status_labels."""
    return STATUS_LABELS
