"""The partner register pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.orgs import services as org_services
from llp_gov.partners import services
from llp_gov.partners.forms import PartnerForm, WithdrawalForm
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("partners", __name__)


def init_nav() -> None:
    register_nav("partners.index", _l("Partners"), "partner:read", order=10)


def _user_choices(org):
    return [("", "—")] + [
        (str(m.user_id), f"{m.user.name} <{m.user.email}>") for m in org_services.members(org)
    ]


def _data(form: PartnerForm) -> dict:
    data = {name: form[name].data for name in services.FIELDS}
    data["representative_user_id"] = (
        int(data["representative_user_id"]) if data["representative_user_id"] else None
    )
    return data


def _withdrawal_form(org) -> WithdrawalForm:
    form = WithdrawalForm()
    pending = services.list_partners(actor=current_user, organisation=org, status="pending")
    form.cure_partner_id.choices = [("", "—")] + [
        (str(p.id), p.display_name(str(get_locale()))) for p in pending
    ]
    return form


@bp.get("/o/<slug>/partners/")
@login_required
def index(slug: str):
    org = org_context(slug, "partner:read")
    status = request.args.get("status") or None
    q = (request.args.get("q") or "").strip() or None
    partners = services.list_partners(actor=current_user, organisation=org, status=status, q=q)
    return render_template(
        "partners/index.html", org=org, partners=partners, status=status, q=q or ""
    )


@bp.get("/o/<slug>/partners/<int:partner_id>")
@login_required
def detail(slug: str, partner_id: int):
    org = org_context(slug, "partner:read")
    partner = services.get_partner(actor=current_user, organisation=org, partner_id=partner_id)
    return render_template(
        "partners/detail.html",
        org=org,
        partner=partner,
        withdrawal_form=_withdrawal_form(org),
        staff=services.staff_of(org, partner),
    )


@bp.route("/o/<slug>/partners/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    org = org_context(slug, "partner:create")
    form = PartnerForm()
    form.representative_user_id.choices = _user_choices(org)
    done = submit_form(
        form,
        lambda: services.create_partner(actor=current_user, organisation=org, **_data(form)),
        success=_("The partner was saved."),
        next_url=lambda partner: url_for("partners.detail", slug=slug, partner_id=partner.id),
    )
    return done or render_template(
        "partners/form.html", org=org, form=form, partner=None, locked=()
    )


@bp.route("/o/<slug>/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, partner_id: int):
    org = org_context(slug, "partner:update")
    partner = services.get_partner(actor=current_user, organisation=org, partner_id=partner_id)
    form = PartnerForm(obj=partner)
    form.representative_user_id.choices = _user_choices(org)
    if request.method == "GET":
        form.representative_user_id.data = str(partner.representative_user_id or "")
    # Once the agreement is in effect the partner's Act 4(3) items are read-only here: they
    # change by an amendment (Act 5), which the page links to.
    locked = services.AGREEMENT_ITEMS if services.agreement_locked(org, partner) else ()
    for name in locked:
        form[name].render_kw = {"disabled": True}
        if request.method == "POST":
            form[name].data = getattr(partner, name)  # disabled inputs are not submitted
    done = submit_form(
        form,
        lambda: services.update_partner(
            actor=current_user,
            organisation=org,
            partner=partner,
            **{k: v for k, v in _data(form).items() if k not in locked},
        ),
        success=_("The partner was saved."),
        next_url=url_for("partners.detail", slug=slug, partner_id=partner.id),
    )
    return done or render_template(
        "partners/form.html", org=org, form=form, partner=partner, locked=locked
    )


@bp.post("/o/<slug>/partners/<int:partner_id>/withdraw")
@login_required
def withdraw(slug: str, partner_id: int):
    org = org_context(slug, "partner:withdraw")
    partner = services.get_partner(actor=current_user, organisation=org, partner_id=partner_id)
    form = _withdrawal_form(org)
    done = submit_form(
        form,
        lambda: services.record_withdrawal(
            actor=current_user,
            organisation=org,
            partner=partner,
            on=form.withdrawn_on.data,
            reason=form.reason.data,
            dissolution=form.dissolution.data,
            cure_partner_id=int(form.cure_partner_id.data)
            if (form.cure_partner_id.data or "").isdigit()
            else None,
        ),
        success=_("The withdrawal was recorded."),
        next_url=url_for("partners.detail", slug=slug, partner_id=partner.id),
    )
    return done or (
        render_template(
            "partners/detail.html",
            org=org,
            partner=partner,
            withdrawal_form=form,
            staff=services.staff_of(org, partner),
        ),
        422,
    )
