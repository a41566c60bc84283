"""Organisation pages: choosing one, its dashboard, its details and compliance panel, users."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.auth import services as auth_services
from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.orgs import compliance, services
from llp_gov.orgs.forms import MemberForm, OrganisationForm
from llp_gov.web import dashboard_panels, org_context, register_nav

bp = Blueprint("orgs", __name__)


def init_nav() -> None:
    register_nav("orgs.dashboard", _l("Dashboard"), "org:read", order=0)
    register_nav("orgs.detail", _l("Organisation"), "org:read", order=5)
    register_nav("orgs.members", _l("Users"), "user:admin", order=90)


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors onto the form (unknown fields become a form error)."""
    for field, message in exc.fields.items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            flash(message, "error")
    if exc.message:
        flash(exc.message, "error")


@bp.get("/orgs")
@login_required
def choose():
    return render_template("orgs/choose.html", orgs=services.orgs_of(current_user))


@bp.get("/o/<slug>/")
@login_required
def dashboard(slug: str):
    org = org_context(slug, "org:read")
    return render_template("orgs/dashboard.html", org=org, panels=dashboard_panels(org, current_user))


@bp.get("/o/<slug>/about")
@login_required
def detail(slug: str):
    org = org_context(slug, "org:read")
    return render_template("orgs/detail.html", org=org, checks=compliance.compute(org))


@bp.route("/o/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    org = org_context(slug, "org:update")
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        changes = {name: form[name].data for name in services.EDITABLE}
        for key in ("name_en", "name_ko", "office_address", "business_purpose"):
            changes[key] = (changes[key] or "").strip() or None
        try:
            services.update_organisation(actor=current_user, organisation=org, **changes)
            db.session.commit()
            flash(_("The organisation was saved."), "success")
            return redirect(url_for("orgs.detail", slug=slug))
        except ValidationError as exc:
            db.session.rollback()
            form_errors(form, exc)
    return render_template("orgs/edit.html", org=org, form=form)


@bp.route("/o/<slug>/users", methods=["GET", "POST"])
@login_required
def members(slug: str):
    org = org_context(slug, "user:admin")
    from llp_gov.partners.models import Partner

    partners = db.session.scalars(db.select(Partner).where(Partner.organisation_id == org.id).order_by(Partner.position)).all()
    form = MemberForm()
    form.partner_id.choices = [("", "—")] + [(str(p.id), p.name) for p in partners]
    if form.validate_on_submit():
        try:
            user = auth_services.get_by_email(form.email.data)
            if user is None:
                user = auth_services.create_user(
                    actor=current_user,
                    email=form.email.data,
                    name=form.name.data or form.email.data.split("@")[0],
                    password=form.password.data or None,
                )
            services.set_membership(
                actor=current_user,
                organisation=org,
                user=user,
                role=form.role.data,
                partner_id=int(form.partner_id.data) if form.partner_id.data else None,
            )
            db.session.commit()
            flash(_("The user was saved."), "success")
            return redirect(url_for("orgs.members", slug=slug))
        except ValidationError as exc:
            db.session.rollback()
            form_errors(form, exc)
    return render_template("orgs/members.html", org=org, form=form, memberships=services.members(org))
