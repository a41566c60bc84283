"""Renewal pages: the contract's renewal terms, the 90-day deadline list, the iCalendar feed."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from llp_gov.contracts import reminders, renewals, services
from llp_gov.contracts.forms import RenewalForm
from llp_gov.contracts.views import bp
from llp_gov.db import db
from llp_gov.orgs.models import Organisation
from llp_gov.web import org_context, register_dashboard_panel, submit_form


@bp.post("/o/<slug>/contracts/<int:contract_id>/renewal")
@login_required
def renewal(slug: str, contract_id: int):
    org = org_context(slug, "contract:draft")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    form = RenewalForm()
    done = submit_form(
        form,
        lambda: renewals.set_renewal(
            actor=current_user, organisation=org, contract=contract, **form.service_kwargs()
        ),
        success=_("The renewal terms were saved."),
        next_url=url_for("contracts.detail", slug=slug, contract_id=contract_id),
    )
    if done is not None:
        return done
    return render_template(
        "contracts/renewal_form.html", org=org, contract=contract, form=form
    ), 422


@bp.get("/o/<slug>/contracts/deadlines")
@login_required
def deadlines(slug: str):
    org = org_context(slug, "contract:read")
    found = renewals.upcoming(actor=current_user, organisation=org)
    return render_template(
        "contracts/deadlines.html",
        org=org,
        deadlines=found,
        has_feed=reminders.has_calendar_token(actor=current_user, organisation=org),
        form=FlaskForm(),
    )


@bp.post("/o/<slug>/contracts/calendar")
@login_required
def calendar_issue(slug: str):
    org = org_context(slug, "contract:read")
    holder = {}

    def issue():
        holder["token"] = reminders.issue_calendar_token(actor=current_user, organisation=org)
        return holder["token"]

    return submit_form(
        FlaskForm(),
        issue,
        success=lambda token: _(
            "Your calendar address (keep it secret; it is shown only now): %(url)s",
            url=url_for("contracts.calendar_feed", slug=slug, token=token, _external=True),
        ),
        next_url=url_for("contracts.deadlines", slug=slug),
    ) or abort(400)


@bp.post("/o/<slug>/contracts/calendar/revoke")
@login_required
def calendar_revoke(slug: str):
    org = org_context(slug, "contract:read")
    return submit_form(
        FlaskForm(),
        lambda: reminders.revoke_calendar_tokens(actor=current_user, organisation=org),
        success=_("Your calendar address no longer works."),
        next_url=url_for("contracts.deadlines", slug=slug),
    ) or abort(400)


@bp.get("/o/<slug>/contracts/calendar/<token>.ics")
def calendar_feed(slug: str, token: str):
    """The feed a calendar application fetches: the secret token is the only credential."""
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    user = reminders.user_for_token(org, token) if org is not None else None
    if user is None:
        abort(404)
    body = reminders.calendar_feed(actor=user, organisation=org)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )


def deadlines_panel(org, user):
    """Dashboard: contract deadlines in the next 90 days."""
    from llp_gov.auth import policy  # noqa: PLC0415 (dashboard hook)

    if policy.role_of(user, org) is None or not policy.can(user, org, "contract:read"):
        return None
    found = renewals.upcoming(actor=user, organisation=org)
    if not found:
        return None
    return render_template("contracts/_deadlines_panel.html", org=org, deadlines=found[:10])


def init_panels() -> None:
    register_dashboard_panel(deadlines_panel)
