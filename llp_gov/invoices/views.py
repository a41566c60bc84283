"""Invoice pages: what stands in the way of a qualified invoice, the invoices issued (with their
status: issued, corrected, cancelled), the form to issue one with several items, and the pages
that correct (修正インボイス) or cancel an invoice."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.counterparties.services import list_counterparties
from llp_gov.db import get_in_org
from llp_gov.invoices import corrections, services
from llp_gov.invoices.forms import (
    CancelForm,
    CorrectionForm,
    InvoiceForm,
    NoticeForm,
    RegistrationForm,
    filled_items,
)
from llp_gov.invoices.models import Invoice
from llp_gov.legaltime import today_in
from llp_gov.pagination import page_arg
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("invoices", __name__)


def init_nav() -> None:
    register_nav("invoices.index", _l("Invoices"), "ledger:read", order=32)


def _registration_form(org) -> RegistrationForm:
    form = RegistrationForm(formdata=None)
    form.partner_id.choices = [
        (p.id, p.display_name(str(get_locale()))) for p in services.partners_on(org, today_in(org))
    ]
    return form


@bp.route("/o/<slug>/invoices", methods=["GET", "POST"])
@login_required
def index(slug: str):
    org = org_context(slug, "ledger:post" if request.method == "POST" else "ledger:read")
    form = InvoiceForm()
    form.issuing_partner_id.choices = [
        (p.id, p.display_name(str(get_locale()))) for p in services.partners_on(org, today_in(org))
    ]
    form.counterparty_id.choices = [
        (c.id, c.display_name(str(get_locale())))
        for c in list_counterparties(actor=current_user, organisation=org)
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
            items=filled_items(form.items),
        ),
        success=lambda inv: _("Invoice %(n)s was issued.", n=inv.number),
        next_url=url_for("invoices.index", slug=slug),
    )
    if done is not None:
        return done
    invoices = services.page_of_invoices(actor=current_user, organisation=org, page=page_arg())
    return render_template(
        "invoices/index.html",
        org=org,
        counterparty_names=services.counterparty_names(org, invoices, str(get_locale())),
        form=form,
        registration_form=_registration_form(org),
        notice_form=NoticeForm(formdata=None),
        problems=services.problems(org, today_in(org)),
        invoices=invoices,
        cancel_form=CancelForm(formdata=None),
    ), (422 if form.errors else 200)


# Other sections end in a slash (/projects/, /documents/): the same form here redirects to the
# invoices page instead of a 404 (a relative target: werkzeug joins it to the script root).
bp.add_url_rule("/o/<slug>/invoices/", endpoint="index", redirect_to="o/<slug>/invoices")


@bp.route("/o/<slug>/invoices/<int:invoice_id>/correction", methods=["GET", "POST"])
@login_required
def correction(slug: str, invoice_id: int):
    org = org_context(slug, "ledger:post")
    invoice = get_in_org(Invoice, invoice_id, org)
    form = CorrectionForm()
    if request.method == "GET":  # start from the original's items
        for entry, item in zip(form.items, invoice.items, strict=False):
            row = entry.form
            row.description.data, row.quantity.data = item.description, item.quantity
            row.unit_price.data, row.rate.data = item.unit_price, item.rate
    done = submit_form(
        form,
        lambda: corrections.correct_invoice(
            actor=current_user,
            organisation=org,
            invoice_id=invoice.id,
            items=filled_items(form.items),
            reason=form.reason.data,
        ),
        success=lambda inv: _(
            "Invoice %(n)s corrects invoice %(old)s, which is kept and marked corrected.",
            n=inv.number,
            old=invoice.number,
        ),
        next_url=url_for("invoices.index", slug=slug),
    )
    if done is not None:
        return done
    return render_template("invoices/correction.html", org=org, invoice=invoice, form=form), (
        422 if form.errors else 200
    )


@bp.post("/o/<slug>/invoices/<int:invoice_id>/cancellation")
@login_required
def cancellation(slug: str, invoice_id: int):
    org = org_context(slug, "ledger:post")
    form = CancelForm()
    done = submit_form(
        form,
        lambda: corrections.cancel_invoice(
            actor=current_user, organisation=org, invoice_id=invoice_id, reason=form.reason.data
        ),
        success=lambda inv: _("Invoice %(n)s is cancelled; its entry is reversed.", n=inv.number),
        next_url=url_for("invoices.index", slug=slug),
    )
    if done is None:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return done or (redirect(url_for("invoices.index", slug=slug)), 303)


@bp.post("/o/<slug>/invoices/registrations")
@login_required
def registration(slug: str):
    org = org_context(slug, "ledger:post")
    form = RegistrationForm()
    form.partner_id.choices = [
        (p.id, p.display_name(str(get_locale()))) for p in services.partners_on(org, today_in(org))
    ]
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
