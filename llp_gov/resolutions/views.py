"""Resolution pages: the list, a resolution with its tally and votes, opening, voting, rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale, get_timezone, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.documents import picker
from llp_gov.documents.services import can_read, read_scope
from llp_gov.errors import Conflict, ValidationError
from llp_gov.ledger.capital import contributions_by_partner
from llp_gov.legaltime import legal_zone
from llp_gov.orgs.services import AMENDABLE
from llp_gov.pagination import page_arg
from llp_gov.partners.models import Partner
from llp_gov.partners.services import list_partners, represented_by
from llp_gov.resolutions import particulars, rules, services, signals
from llp_gov.resolutions.forms import ResolutionForm, VoteForm, rules_form
from llp_gov.web import (
    org_context,
    register_dashboard_panel,
    register_nav,
    statute,
    submit_form,
)

bp = Blueprint("resolutions", __name__)

STATUS_LABELS = {"open": _l("Open"), "adopted": _l("Adopted"), "rejected": _l("Not adopted")}
VOTE_LABELS = {
    "for": _l("For"),
    "against": _l("Against"),
    "abstain": _l("Abstain"),
    None: _l("Not voted"),
}

# The partners a resolution may name (admission: pending; expulsion: active), in words.
PARTNER_STATUS = {
    "active": lazy_pgettext("partner status", "Active"),
    "pending": _l("Pending admission"),
}


def init_nav() -> None:
    register_nav("resolutions.index", _l("Resolutions"), "resolution:read", order=35)
    register_dashboard_panel(vote_panel)


DASHBOARD_LIMIT = 10  # the nearest deadlines (issue 14: the dashboard stays within its time)


def vote_panel(org, user):
    # The nearest deadlines; the rest are one click away on the resolutions list.
    waiting = services.waiting_for_vote(org, user, limit=DASHBOARD_LIMIT + 1)
    if not waiting:
        return None
    return render_template(
        "resolutions/_vote_panel.html",
        org=org,
        waiting=waiting[:DASHBOARD_LIMIT],
        more=len(waiting) > DASHBOARD_LIMIT,
        matters=rules.MATTERS,
    )


def _common() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "vote_labels": VOTE_LABELS,
        "matters": rules.MATTERS,
        "rule_labels": rules.RULE_LABELS,
        "project_labels": signals.answer(signals.project_status_labels, None, default={}),
    }


def _as_id(value):
    """A posted id as an int; anything else goes to the service, which refuses it clearly."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


@bp.get("/o/<slug>/resolutions/")
@login_required
def index(slug: str):
    org = org_context(slug, "resolution:read")
    items = services.page_of_resolutions(actor=current_user, organisation=org, page=page_arg())
    states = {r.id: services.current_state(r) for r in items}
    return render_template(
        "resolutions/index.html", org=org, resolutions=items, states=states, **_common()
    )


def _render_detail(org, resolution, status=200):
    partner = represented_by(org, current_user)
    my_vote = next((v for v in resolution.votes if partner and v.partner_id == partner.id), None)
    return render_template(
        "resolutions/detail.html",
        org=org,
        resolution=resolution,
        state=services.current_state(resolution),
        my_partner=partner,
        my_vote=my_vote,
        vote_form=VoteForm(),
        particulars=particulars.particulars(org, resolution, str(get_locale() or "en")),
        effect_lines=particulars.effects(resolution) if resolution.status != "open" else [],
        proxy_names=signals.answer(signals.vote_proxies, resolution, default={}),
        attachments=[
            d
            for d in resolution.attachments
            if can_read(read_scope(actor=current_user, organisation=org), d)
        ],
        **_common(),
    ), status


@bp.get("/o/<slug>/resolutions/<int:resolution_id>")
@login_required
def detail(slug: str, resolution_id: int):
    org = org_context(slug, "resolution:read")
    resolution = services.get_resolution(
        actor=current_user, organisation=org, resolution_id=resolution_id
    )
    # The board portal records a representative's first view (notice opened) and redirects.
    for _receiver, response in signals.resolution_viewed.send(
        resolution, organisation=org, user=current_user
    ):
        if response is not None:
            return response
    return _render_detail(org, resolution)


WAITING_SHOWN = 100  # the oldest waiting projects offered; any other is opened from its page


def _waiting_projects(org, wanted: str | None = None) -> list:
    """The WAITING_SHOWN projects waiting longest for a decision, plus the project `wanted` (its
    id as text: from the project's page or the posted form) when it waits too. The projects
    domain answers; none without it. (The form listed every waiting project: 3,333 options and
    0.45 s at the pages bench's largest scale.)"""
    projects = signals.answer(signals.projects_waiting, org, default=[], limit=WAITING_SHOWN)
    if wanted and wanted.isdigit() and all(str(p.id) != wanted for p in projects):
        extra = signals.answer(signals.project_lookup, org, project_id=int(wanted))
        if extra is not None and extra.status == "submitted":
            projects = [*projects, extra]
    return projects


def _choices(form: ResolutionForm, org):
    partners = list_partners(actor=current_user, organisation=org)
    form.subject_partner_id.choices = [("", "—")] + [
        (str(p.id), f"{p.name} ({PARTNER_STATUS[p.status]})")
        for p in partners
        if p.status in PARTNER_STATUS
    ]
    form.amend_partner_id.choices = [("", "—")] + [
        (str(p.id), p.name) for p in partners if p.status != "pending"
    ]
    waiting = _waiting_projects(org, request.values.get("project_id"))
    form.project_id.choices = [("", "—")] + [(str(p.id), p.title) for p in waiting]
    # The documents the form holds; the picker (static/projects/picker.js) finds the others.
    form.attachment_ids.choices = picker.chosen(
        actor=current_user, organisation=org, ids=form.attachment_ids.data or []
    )
    return [p for p in partners if p.is_active]


def _prefill_from_project(form: ResolutionForm, org) -> None:
    """Opened from a project's page: carry its title and the amount the matter is about."""
    wanted = form.project_id.data
    project = next((p for p in _waiting_projects(org, wanted) if str(p.id) == wanted), None)
    if project is None:
        return
    form.title.data = form.title.data or project.title
    amounts = {
        "important_property": project.property_amount,
        "large_borrowing": project.borrowing_amount,
    }
    form.amount.data = amounts.get(form.matter.data)


def _to_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    # Flask-Babel may hand back a pytz zone, whose replace() gives LMT: go through zoneinfo.
    tz = get_timezone()
    zone = ZoneInfo(getattr(tz, "zone", None) or getattr(tz, "key", None) or str(tz))
    return value.replace(tzinfo=zone).astimezone(dt.UTC)


def _ratios(active: list[Partner]) -> dict:
    out = {}
    for p in active:
        raw = (request.form.get(f"ratio_{p.id}") or "").strip()
        out[str(p.id)] = int(raw) if raw.isdigit() else raw or None
    return out


def _prefill_amendment(form, org, partners: list[Partner]) -> None:
    """The amendment form starts from the agreement's current values (Act 4(3) items), and
    from a partner's name, address and contribution when the link names the partner."""
    for field in AMENDABLE:
        getattr(form, f"amend_{field}").data = getattr(org, field)
    if not form.title.data:
        form.title.data = _("Amendment of the partnership agreement")
    partner = next((p for p in partners if str(p.id) == request.args.get("partner_id")), None)
    if partner is not None:
        form.amend_partner_id.data = str(partner.id)
        form.amend_partner_name.data = partner.name
        form.amend_partner_address.data = partner.address
        agreed = (contributions_by_partner(org).get(partner.id) or {}).get("agreed")
        form.amend_partner_contribution.data = agreed


def _amendment(form, org) -> dict:
    """The items whose new value differs from the current one (the service checks them)."""
    changes = {}
    for field in AMENDABLE:
        value = getattr(form, f"amend_{field}").data
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None and value != getattr(org, field):
            changes[field] = value.isoformat() if isinstance(value, dt.date) else value
    payload: dict = {"changes": changes}
    pid = form.amend_partner_id.data
    if pid:
        details = {
            "name": form.amend_partner_name.data,
            "address": form.amend_partner_address.data,
        }
        payload["partners"] = {pid: {k: v for k, v in details.items() if v is not None}}
        if form.amend_partner_contribution.data is not None:
            payload["contributions"] = {pid: form.amend_partner_contribution.data}
    return payload


@bp.route("/o/<slug>/resolutions/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    org = org_context(slug, "resolution:open")
    form = ResolutionForm()
    active = _choices(form, org)
    if request.method == "GET":
        form.matter.data = (
            request.args.get("matter")
            if request.args.get("matter") in rules.MATTERS
            else "business"
        )
        form.project_id.data = request.args.get("project_id") or ""
        form.subject_partner_id.data = request.args.get("subject_partner_id") or ""
        if request.args.get("amount", "").isdigit():
            form.amount.data = int(request.args["amount"])
        _prefill_from_project(form, org)
        if form.matter.data == "amendment":
            _prefill_amendment(form, org, active)

    def payload():
        if form.matter.data == "profit_loss_ratio":
            return {
                "ratios": _ratios(active),
                "reason": form.reason.data,
                "starts_on": form.starts_on.data,
            }
        if form.matter.data == "amendment":
            return _amendment(form, org)
        return None

    done = submit_form(
        form,
        lambda: services.open_resolution(
            actor=current_user,
            organisation=org,
            matter=form.matter.data,
            title=form.title.data,
            text=form.text.data,
            deadline=_to_utc(form.deadline.data),
            amount=form.amount.data,
            subject_partner_id=_as_id(form.subject_partner_id.data),
            project_id=_as_id(form.project_id.data),
            payload=payload(),
            attachment_ids=form.attachment_ids.data or [],
            in_writing=bool(form.in_writing.data),
        ),
        success=_("The resolution is open for votes."),
        next_url=lambda r: url_for("resolutions.detail", slug=slug, resolution_id=r.id),
    )
    if done:
        return done
    status = 422 if form.errors or request.method == "POST" else 200
    return render_template(
        "resolutions/form.html",
        org=org,
        form=form,
        active=active,
        project_matters=services.PROJECT_MATTERS,
        **_common(),
    ), status


@bp.post("/o/<slug>/resolutions/<int:resolution_id>/vote")
@login_required
def vote(slug: str, resolution_id: int):
    org = org_context(slug, "resolution:vote")
    resolution = services.get_resolution(
        actor=current_user, organisation=org, resolution_id=resolution_id
    )
    form = VoteForm()
    if not form.validate_on_submit():
        raise ValidationError(vote=_("Vote for, against or abstain."))
    back = url_for("resolutions.detail", slug=slug, resolution_id=resolution_id)
    try:
        return submit_form(
            form,
            lambda: services.cast_vote(
                actor=current_user, organisation=org, resolution=resolution, vote=form.vote.data
            ),
            success=_("Your vote was recorded."),
            next_url=back,
            validate=False,
        ) or redirect(back)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(back)


@bp.route("/o/<slug>/resolutions/rules", methods=["GET", "POST"])
@login_required
def rules_page(slug: str):
    org = org_context(slug, "org:update")
    current = rules.configured_rules(org)
    form = rules_form(current)(
        data={t: org.setting(t) for t in rules.TERMS} if request.method == "GET" else None
    )
    done = submit_form(
        form,
        lambda: services.set_rules(
            actor=current_user,
            organisation=org,
            rules_by_matter={
                k: form[k].data for k, m in rules.MATTERS.items() if m.floor is not None
            },
            terms={t: form[t].data for t in rules.TERMS},
        ),
        success=_("The voting rules were saved."),
        next_url=url_for("resolutions.rules_page", slug=slug),
    )
    if done:
        return done
    return render_template(
        "resolutions/rules.html", org=org, form=form, current=current, **_common()
    ), (422 if form.errors else 200)


def certificate_context(org, resolution) -> dict:
    """What the certificate prints; times in Japan, where the LLP's records are kept."""
    jst = legal_zone(org)

    def fmt(value):
        return value.astimezone(jst).strftime("%Y-%m-%d %H:%M") if value else ""

    matter = rules.MATTERS[resolution.matter]
    with force_locale("ja"):
        matter_label = str(matter.label)
    return {
        "org": org,
        "resolution": resolution,
        "tally": services.current_state(resolution).tally,
        "matter_label": matter_label,
        "statute": statute(matter.statute, "ja"),
        "printed": particulars.printed(org, resolution),
        "proxy_names": signals.answer(signals.vote_proxies, resolution, default={}),
        "opened_at": fmt(resolution.opened_at),
        "deadline": fmt(resolution.deadline),
        "closed_at": fmt(resolution.closed_at),
        "vote_times": {v.id: fmt(v.cast_at) for v in resolution.votes},
    }


@bp.get("/o/<slug>/resolutions/<int:resolution_id>/certificate.pdf")
@login_required
def certificate(slug: str, resolution_id: int):
    org = org_context(slug, "resolution:read")
    resolution = services.get_resolution(
        actor=current_user, organisation=org, resolution_id=resolution_id
    )
    if resolution.status == "open":
        raise Conflict(_("A certificate exists once the resolution is closed."))
    try:
        from llp_gov.pdf.render import (  # noqa: PLC0415 (optional: WeasyPrint may be absent)
            render_template_pdf,
        )
    except ImportError:
        abort(404)
    pdf = render_template_pdf(
        "pdf/resolution_certificate.html",
        metadata={"title": resolution.title, "created": resolution.closed_at},
        **certificate_context(org, resolution),
    )
    from llp_gov.signing import pades  # noqa: PLC0415 (signatures area: the organisation's seal)

    signed = pades.sign_pdf(
        pdf, organisation=org, reason=f"Certificate of resolution {resolution.id}"
    )
    pdf = signed[0] if signed else pdf
    return (
        pdf,
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="resolution-{resolution.id}.pdf"',
        },
    )


# The document picker route registers on this blueprint.
from llp_gov.resolutions import views_picker  # noqa: E402, F401
