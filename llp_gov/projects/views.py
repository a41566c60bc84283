"""Project pages: the list, a project, proposing and editing, and the decisions."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.auth import policy
from llp_gov.contracts.models import Contract
from llp_gov.contracts.services import page_of_contracts
from llp_gov.counterparties.services import list_counterparties
from llp_gov.documents import picker
from llp_gov.documents.services import can_read, read_scope
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.pagination import page_arg
from llp_gov.partners.services import list_partners
from llp_gov.projects import services, workflow
from llp_gov.projects.forms import KIND_CHOICES, DecisionForm, MoveForm, ProjectForm
from llp_gov.projects.models import CURRENCIES
from llp_gov.resolutions.queries import resolutions_for_project
from llp_gov.resolutions.rules import MATTERS
from llp_gov.web import (
    is_safe_next,
    org_context,
    register_dashboard_panel,
    register_nav,
    submit_form,
)

bp = Blueprint("projects", __name__)


def init_nav() -> None:
    register_nav("projects.index", _l("Projects"), "project:read", order=30)
    register_dashboard_panel(decision_panel)


DASHBOARD_LIMIT = 10  # the oldest submissions; the rest are one click away


def decision_panel(org, user):
    """The chairman's queue: projects waiting for a decision, oldest first."""
    if not policy.can(user, org, "project:decide"):
        return None
    waiting = services.waiting_for_decision(org, limit=DASHBOARD_LIMIT)
    if not waiting:
        return None
    total = len(waiting)
    if total == DASHBOARD_LIMIT:
        total = services.count_waiting_for_decision(org)
    return render_template(
        "projects/_decision_panel.html",
        org=org,
        waiting=waiting,
        total=total,
        delegated=bool(org.setting("chairman_approves_projects")),
        pending=workflow.pending_matters_of(org, waiting),
        labels=workflow.STATUS_LABELS,
    )


def _choices(form: ProjectForm, org) -> None:
    partners = list_partners(actor=current_user, organisation=org, status="active")
    clients = list_counterparties(actor=current_user, organisation=org)
    form.client_id.choices = [("", "—")] + [
        (str(c.id), c.display_name(str(get_locale()))) for c in clients
    ]
    # No list of every document (an organisation has thousands): the choices are the linked
    # and the posted ones; the picker (static/projects/picker.js) finds the others page by page.
    form.document_ids.choices = picker.chosen(
        actor=current_user, organisation=org, ids=form.document_ids.data or []
    )
    # Likewise the contracts: those the form holds; the picker finds the others.
    form.contract_ids.choices = _held_contracts(org, form.contract_ids.data or [])
    for row in form.participants:
        row.partner_id.choices = [("", "—")] + [
            (str(p.id), p.display_name(str(get_locale()))) for p in partners
        ]


def _held_contracts(org, ids) -> list[tuple[int, str]]:
    """(id, "number title") of the organisation's contracts among `ids` (at most 1,000)."""
    wanted = [i for i in ids if isinstance(i, int)][:1000]
    if not wanted:
        return []
    found = db.session.scalars(
        db.select(Contract)
        .where(Contract.organisation_id == org.id, Contract.id.in_(wanted))
        .order_by(Contract.year.desc(), Contract.seq.desc())
    )
    return [(c.id, f"{c.number} {c.title}") for c in found]


@bp.get("/o/<slug>/projects/contract-picker")
@login_required
def contract_picker(slug: str):
    """JSON for the project form's contract picker (static/projects/picker.js): one page of the
    organisation's contracts, newest number first, whose number or title contains `q`."""
    org = org_context(slug, "project:propose")
    found = page_of_contracts(
        actor=current_user,
        organisation=org,
        page=page_arg(),
        per_page=picker.PICKER_PAGE,
        contains=request.args.get("q", "").strip()[:200] or None,
    )
    return jsonify(
        {
            "page": found.page,
            "has_prev": found.has_prev,
            "has_next": found.has_next,
            "items": [
                {"id": c.id, "title": f"{c.number} {c.title}", "date": None} for c in found.items
            ],
        }
    )


@bp.get("/o/<slug>/projects/document-picker")
@login_required
def document_picker(slug: str):
    """JSON for the project form's document picker: one page of the documents the user may
    read, newest first, whose title contains `q` (any case); `page` from 1."""
    org = org_context(slug, "project:propose")
    return jsonify(
        picker.picker_page(
            actor=current_user,
            organisation=org,
            query=request.args.get("q", ""),
            page=page_arg(),
        )
    )


def _data(form: ProjectForm) -> dict:
    currency = form.currency.data
    value = form.value.data or 0
    participants = [
        {
            "partner_id": _as_id(r.partner_id.data),
            "role": r.role.data,
            "share_percent": r.share_percent.data,
        }
        for r in form.participants
        if r.partner_id.data
    ]
    milestones = [
        {"title": r.title.data or "", "due_on": r.due_on.data}
        for r in form.milestones
        if r.title.data or r.due_on.data
    ]
    return {
        "title": form.title.data,
        "kind": form.kind.data,
        "client_id": _as_id(form.client_id.data),
        "description": form.description.data or "",
        "value": value * 10 ** CURRENCIES.get(currency, 0),
        "currency": currency,
        "property_amount": form.property_amount.data,
        "borrowing_amount": form.borrowing_amount.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "participants": participants,
        "milestones": milestones,
        "document_ids": form.document_ids.data or [],
        "contract_ids": form.contract_ids.data or [],
    }


def _form_for(project) -> ProjectForm:
    exp = CURRENCIES.get(project.currency, 0)
    data = {f: getattr(project, f) for f in services.FIELDS}
    data["client_id"] = str(project.client_id or "")
    data["value"] = project.value // 10**exp
    data["participants"] = [
        {"partner_id": str(p.partner_id), "role": p.role, "share_percent": p.share_percent}
        for p in project.participants
    ]
    data["milestones"] = [{"title": m.title, "due_on": m.due_on} for m in project.milestones]
    data["document_ids"] = [d.id for d in project.documents]
    data["contract_ids"] = [c.id for c in project.contracts]
    return ProjectForm(data=data)


def _as_id(value):
    """A posted id as an int; anything else goes to the service, which refuses it clearly."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


@bp.get("/o/<slug>/projects/")
@login_required
def index(slug: str):
    org = org_context(slug, "project:read")
    status = request.args.get("status") or None
    page = page_arg()
    if status not in workflow.STATUS_LABELS:
        status = None  # an unknown filter lists every project
    projects = services.page_of_projects(
        actor=current_user, organisation=org, status=status, page=page
    )
    return render_template(
        "projects/index.html",
        org=org,
        projects=projects,
        status=status,
        labels=workflow.STATUS_LABELS,
    )


def _render_detail(org, project, decision_form=None, status=200):
    # A restricted document stays invisible to readers outside its partners.
    scope = read_scope(actor=current_user, organisation=org)

    return render_template(
        "projects/detail.html",
        org=org,
        project=project,
        labels=workflow.STATUS_LABELS,
        action_labels=workflow.ACTION_LABELS,
        actions=workflow.allowed_actions(current_user, org, project),
        required=workflow.required_matters(org, project),
        pending=workflow.pending_matters(org, project) if project.status == "submitted" else [],
        resolutions=resolutions_for_project(project),
        documents=[d for d in project.documents if can_read(scope, d)],
        decision_form=decision_form or DecisionForm(),
        move_form=MoveForm(),
        matter_labels={k: m.label for k, m in MATTERS.items()},
        kind_choices=KIND_CHOICES,
        may_edit=project.status in services.EDITABLE_STATUSES
        and services.may_edit(current_user, org, project),
    ), status


@bp.get("/o/<slug>/projects/<int:project_id>")
@login_required
def detail(slug: str, project_id: int):
    org = org_context(slug, "project:read")
    project = services.get_project(actor=current_user, organisation=org, project_id=project_id)
    return _render_detail(org, project)


@bp.route("/o/<slug>/projects/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    org = org_context(slug, "project:propose")
    form = ProjectForm()
    _choices(form, org)
    done = submit_form(
        form,
        lambda: services.create_project(actor=current_user, organisation=org, **_data(form)),
        success=_("The project was saved as a draft."),
        next_url=lambda project: url_for("projects.detail", slug=slug, project_id=project.id),
    )
    if done:
        return done
    return render_template(
        "projects/form.html", org=org, form=form, project=None
    ), 422 if form.errors else 200


@bp.route("/o/<slug>/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, project_id: int):
    org = org_context(slug, "project:propose")
    project = services.get_project(actor=current_user, organisation=org, project_id=project_id)
    if not services.may_edit(current_user, org, project):
        raise PermissionDenied(
            _("Only staff of a participating partner or the chairman may change this project.")
        )
    form = ProjectForm() if request.method == "POST" else _form_for(project)
    _choices(form, org)
    done = submit_form(
        form,
        lambda: services.update_project(
            actor=current_user, organisation=org, project=project, **_data(form)
        ),
        success=_("The project was saved."),
        next_url=url_for("projects.detail", slug=slug, project_id=project.id),
    )
    if done:
        return done
    return render_template(
        "projects/form.html", org=org, form=form, project=project
    ), 422 if form.errors else 200


def _back(slug: str, project_id: int):
    target = request.form.get("next")
    if is_safe_next(target):
        return redirect(target)
    return redirect(url_for("projects.detail", slug=slug, project_id=project_id))


@bp.post("/o/<slug>/projects/<int:project_id>/move")
@login_required
def move(slug: str, project_id: int):
    org = org_context(slug, "project:propose")
    project = services.get_project(actor=current_user, organisation=org, project_id=project_id)
    form = MoveForm()
    if not form.validate_on_submit():
        raise ValidationError(_("Choose submit, start or complete."))
    try:
        return submit_form(
            form,
            lambda: workflow.transition(
                actor=current_user, organisation=org, project=project, action=form.action.data
            ),
            success=lambda _r: _(
                "The project is now: %(status)s.", status=workflow.STATUS_LABELS[project.status]
            ),
            next_url=lambda _r: _back(slug, project_id).location,
            validate=False,
        )
    except Conflict as exc:
        flash(exc.message, "error")
        return _back(slug, project_id)


@bp.post("/o/<slug>/projects/<int:project_id>/decision")
@login_required
def decide(slug: str, project_id: int):
    org = org_context(slug, "project:decide")
    project = services.get_project(actor=current_user, organisation=org, project_id=project_id)
    form = DecisionForm()
    try:
        done = submit_form(
            form,
            lambda: workflow.transition(
                actor=current_user,
                organisation=org,
                project=project,
                action=form.decision.data,
                comment=form.comment.data,
            ),
            success=lambda _r: _(
                "The project is now: %(status)s.", status=workflow.STATUS_LABELS[project.status]
            ),
            next_url=lambda _r: _back(slug, project_id).location,
        )
    except Conflict as exc:
        flash(exc.message, "error")
        return _back(slug, project_id)
    if done:
        return done
    return _render_detail(org, project, decision_form=form, status=422)
