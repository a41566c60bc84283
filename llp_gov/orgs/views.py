"""Organisation pages: choosing one, its dashboard, its details and compliance panel, users."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.auth import policy
from llp_gov.auth import services as auth_services
from llp_gov.auth.forms import EmptyForm
from llp_gov.errors import PermissionDenied
from llp_gov.orgs import compliance, invitations, services
from llp_gov.orgs.forms import MemberForm, NewOrganisationForm, OrganisationForm
from llp_gov.orgs.partner_source import partners_of
from llp_gov.web import (
    dashboard_panels,
    org_context,
    register_dashboard_panel,
    register_nav,
    submit_form,
)

bp = Blueprint("orgs", __name__)


def init_nav() -> None:
    register_dashboard_panel(compliance_panel)
    register_nav("orgs.dashboard", _l("Dashboard"), "org:read", order=0)
    register_nav("orgs.detail", _l("Organisation"), "org:read", order=5)
    register_nav("orgs.members", _l("Users"), "user:admin", order=90)


def compliance_panel(org, user):
    """LLP Act checks that are not met, for those who can act on them (chairman, admin)."""
    if not policy.can(user, org, "org:update"):
        return None
    failed = [c for c in compliance.compute(org) if c.status == "failed"]
    if not failed:
        return None
    return render_template("orgs/_compliance_panel.html", org=org, failed=failed)


@bp.get("/orgs")
@login_required
def choose():
    return render_template("orgs/choose.html", orgs=services.orgs_of(current_user))


def _organisation_data(form) -> dict:
    data = {name: form[name].data for name in services.EDITABLE}
    for key in ("name_en", "name_ko", "office_address", "business_purpose"):
        data[key] = (data[key] or "").strip() or None
    return data


@bp.route("/orgs/new", methods=["GET", "POST"])
@login_required
def create():
    """A superadmin sets up another LLP or partner group on this instance."""
    if not current_user.is_superadmin:
        raise PermissionDenied()
    form = NewOrganisationForm()
    if request.method == "GET":
        form.fiscal_year_start_month.data = 4
    done = submit_form(
        form,
        lambda: services.create_organisation(
            actor=current_user, slug=form.slug.data.strip(), **_organisation_data(form)
        ),
        success=_("The organisation was saved."),
        next_url=lambda org: url_for("orgs.detail", slug=org.slug),
    )
    if done:
        return done
    return render_template("orgs/new.html", form=form)


@bp.get("/o/<slug>/")
@login_required
def dashboard(slug: str):
    org = org_context(slug, "org:read")
    return render_template(
        "orgs/dashboard.html", org=org, panels=dashboard_panels(org, current_user)
    )


@bp.get("/o/<slug>/about")
@login_required
def detail(slug: str):
    org = org_context(slug, "org:read")
    return render_template("orgs/detail.html", org=org, checks=compliance.compute(org))


@bp.route("/o/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit the organisation. Once the agreement is in effect its Act 4(3) items are shown
    read-only, with a link to propose an amendment (Act 5)."""
    org = org_context(slug, "org:update")
    form = OrganisationForm(obj=org)
    locked = services.AGREEMENT_ITEMS if services.in_effect(org) else ()
    for name in locked:
        form[name].render_kw = {"disabled": True}
        if request.method == "POST":
            form[name].data = getattr(org, name)  # disabled inputs are not submitted
    done = submit_form(
        form,
        lambda: services.update_organisation(
            actor=current_user,
            organisation=org,
            **{k: v for k, v in _organisation_data(form).items() if k not in locked},
        ),
        success=_("The organisation was saved."),
        next_url=url_for("orgs.detail", slug=slug),
    )
    return done or render_template("orgs/edit.html", org=org, form=form, locked=locked)


@bp.route("/o/<slug>/users", methods=["GET", "POST"])
@login_required
def members(slug: str):
    org = org_context(slug, "user:admin")
    partners = partners_of(org)
    form = MemberForm()
    form.partner_id.choices = [("", "—")] + [
        (str(p.id), p.display_name(str(get_locale()))) for p in partners
    ]
    if request.method == "GET" and request.args.get("email"):
        # "Change" on a row: the form comes filled with that user's role and partner.
        existing = auth_services.get_by_email(request.args["email"])
        membership = policy.membership_of(existing, org) if existing else None
        if existing is not None and membership is not None:
            form.email.data, form.name.data = existing.email, existing.name
            form.role.data = membership.role
            form.partner_id.data = str(membership.partner_id or "")
    # An account of another organisation is invited, not added (issue 13): the page answers
    # alike, so the organisation learns nothing about that account.
    done = submit_form(
        form,
        lambda: invitations.add_or_invite(
            actor=current_user,
            organisation=org,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            partner_id=int(form.partner_id.data) if form.partner_id.data else None,
            password=form.password.data or None,
        ),
        success=_("The user was saved."),
        next_url=url_for("orgs.members", slug=slug),
    )
    if done:
        return done
    representatives = {p.representative_user_id: p for p in partners if p.representative_user_id}
    return render_template(
        "orgs/members.html",
        org=org,
        form=form,
        memberships=services.members(org),
        representatives=representatives,
        remove_form=EmptyForm(),
    )


@bp.post("/o/<slug>/users/<int:user_id>/remove")
@login_required
def remove_member(slug: str, user_id: int):
    org = org_context(slug, "user:admin")
    back = url_for("orgs.members", slug=slug)
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(back)
    user = auth_services.get_user(user_id)
    return submit_form(
        form,
        lambda: services.remove_membership(actor=current_user, organisation=org, user=user),
        success=_("%(name)s was removed from the organisation.", name=user.name),
        next_url=back,
        validate=False,
    ) or redirect(back)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str):
    """Accept an invitation mailed to the signed-in account (unknown, expired, accepted or
    another account's token: 404)."""
    invite = invitations.pending(token, actor=current_user)
    organisation = invitations.organisation_of(invite)
    form = FlaskForm()
    response = submit_form(
        form,
        lambda: invitations.accept(actor=current_user, token=token),
        success=_(
            "You are now a member of %(org)s.", org=organisation.name if organisation else ""
        ),
        next_url=lambda org: url_for("orgs.dashboard", slug=org.slug),
    )
    return response or render_template(
        "orgs/invitation.html", organisation=organisation, invite=invite, form=form
    )
