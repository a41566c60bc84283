"""Invoice page: what stands in the way of a qualified invoice, the invoices issued, and the
form to issue one (one item)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.counterparties.services import list_counterparties
from llp_gov.invoices import services
from llp_gov.invoices.forms import InvoiceForm, NoticeForm, RegistrationForm
from llp_gov.legaltime import today_in
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("invoices", __name__)


def init_nav() -> None:
    register_nav("invoices.index", _l("Invoices"), "ledger:read", order=32)


def _registration_form(org) -> RegistrationForm:
    form = RegistrationForm(formdata=None)
    form.partner_id.choices = [(p.id, p.name) for p in services.partners_on(org, today_in(org))]
    return form


@bp.route("/o/<slug>/invoices", methods=["GET", "POST"])
@login_required
def index(slug: str):
    org = org_context(slug, "ledger:post" if request.method == "POST" else "ledger:read")
    form = InvoiceForm()
    form.issuing_partner_id.choices = [
        (p.id, p.name) for p in services.partners_on(org, today_in(org))
    ]
    form.counterparty_id.choices = [
        (c.id, c.name) for c in list_counterparties(actor=current_user, organisation=org)
    ]
    done = submit_form(
        form,
        lambda: services.issue_invoice(
            actor=current_user,
            organisation=org,
            issuing_partner_id=form.issuing_partner_id.data,
            counterparty_id=form.counterparty_id.data,
            transaction_date=form.transaction_date.data,
            reference=form.reference.data or None,
            items=[
                {
                    "description": form.description.data,
                    "quantity": form.quantity.data,
                    "unit_price": form.unit_price.data,
                    "rate": form.rate.data,
                }
            ],
        ),
        success=lambda inv: _("Invoice %(n)s was issued.", n=inv.number),
        next_url=url_for("invoices.index", slug=slug),
    )
    if done is not None:
        return done
    return render_template(
        "invoices/index.html",
        org=org,
        form=form,
        registration_form=_registration_form(org),
        notice_form=NoticeForm(formdata=None),
        problems=services.problems(org, today_in(org)),
        invoices=services.list_invoices(actor=current_user, organisation=org),
    ), (422 if form.errors else 200)


@bp.post("/o/<slug>/invoices/registrations")
@login_required
def registration(slug: str):
    org = org_context(slug, "ledger:post")
    form = RegistrationForm()
    form.partner_id.choices = [(p.id, p.name) for p in services.partners_on(org, today_in(org))]
    done = submit_form(
        form,
        lambda: services.register_partner(
            actor=current_user,
            organisation=org,
            partner_id=form.partner_id.data,
            t_number=form.t_number.data,
            registered_from=form.registered_from.data,
            registered_to=form.registered_to.data,
        ),
        success=_("The registration was recorded."),
        next_url=url_for("invoices.index", slug=slug),
    )
    return done or (redirect(url_for("invoices.index", slug=slug)), 303)


@bp.post("/o/<slug>/invoices/notice")
@login_required
def notice(slug: str):
    org = org_context(slug, "ledger:post")
    form = NoticeForm()
    done = submit_form(
        form,
        lambda: services.record_notice(
            actor=current_user, organisation=org, filed_on=form.filed_on.data
        ),
        success=_("The filing date of the notice was recorded."),
        next_url=url_for("invoices.index", slug=slug),
    )
    return done or (redirect(url_for("invoices.index", slug=slug)), 303)
