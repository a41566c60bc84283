"""Contract pages: list, draft, detail, submit, approve, send back, PDF, partnership agreement."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.contracts import agreement, printing, services
from llp_gov.contracts.forms import (
    LANGUAGE_LABELS,
    TAX_LABELS,
    TYPE_LABELS,
    ContractForm,
    ReasonForm,
)
from llp_gov.contracts.wording import party_ref
from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.orgs.views import form_errors
from llp_gov.web import org_context, register_nav

bp = Blueprint("contracts", __name__)

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "signed": _l("Signed"),
    "active": _l("Active"),
    "expired": _l("Expired"),
    "terminated": _l("Terminated"),
}


def init_nav() -> None:
    register_nav("contracts.index", _l("Contracts"), "contract:read", order=30)


def _labels() -> dict:
    return {
        "types": TYPE_LABELS | {"partnership": _l("Partnership agreement (組合契約書)")},
        "languages": LANGUAGE_LABELS,
        "taxes": TAX_LABELS,
        "statuses": STATUS_LABELS,
    }


@bp.get("/o/<slug>/contracts/")
@login_required
def index(slug: str):
    org = org_context(slug, "contract:read")
    contracts = services.list_contracts(actor=current_user, organisation=org)
    return render_template("contracts/index.html", org=org, contracts=contracts, labels=_labels())


@bp.route("/o/<slug>/contracts/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    from llp_gov.counterparties.services import list_counterparties

    org = org_context(slug, "contract:draft")
    form = ContractForm()
    form.counterparty_id.choices = [
        (c.id, c.name) for c in list_counterparties(actor=current_user, organisation=org)
    ]
    if form.validate_on_submit():
        try:
            contract = services.create_contract(
                actor=current_user, organisation=org, **form.service_kwargs()
            )
            db.session.commit()
            flash(_("The contract %(number)s was drafted.", number=contract.number), "success")
            return redirect(url_for("contracts.detail", slug=slug, contract_id=contract.id))
        except ValidationError as exc:
            db.session.rollback()
            form_errors(form, exc)
    return render_template("contracts/form.html", org=org, form=form)


@bp.get("/o/<slug>/contracts/<int:contract_id>")
@login_required
def detail(slug: str, contract_id: int):
    org = org_context(slug, "contract:read")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    return render_template(
        "contracts/detail.html",
        org=org,
        contract=contract,
        labels=_labels(),
        reason_form=ReasonForm(),
        party_ref=party_ref,
    )


def _transition(slug: str, contract_id: int, action: str, fn, message, **kwargs):
    org = org_context(slug, action)
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    try:
        fn(actor=current_user, organisation=org, contract=contract, **kwargs)
        db.session.commit()
        flash(message, "success")
    except ValidationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("contracts.detail", slug=slug, contract_id=contract_id))


@bp.post("/o/<slug>/contracts/<int:contract_id>/submit")
@login_required
def submit(slug: str, contract_id: int):
    return _transition(
        slug,
        contract_id,
        "contract:draft",
        services.submit_for_review,
        _("The contract was sent to the chairman for approval."),
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/approve")
@login_required
def approve(slug: str, contract_id: int):
    return _transition(
        slug, contract_id, "contract:approve", services.approve, _("The contract was approved.")
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/send-back")
@login_required
def send_back(slug: str, contract_id: int):
    form = ReasonForm()
    return _transition(
        slug,
        contract_id,
        "contract:approve",
        services.send_back,
        _("The contract was sent back to its drafters."),
        reason=form.reason.data or "",
    )


@bp.get("/o/<slug>/contracts/<int:contract_id>/pdf")
@login_required
def pdf(slug: str, contract_id: int):
    org = org_context(slug, "contract:read")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    data = printing.render_contract_pdf(contract, org)
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{printing.pdf_filename(contract)}"',
        },
    )


@bp.post("/o/<slug>/contracts/agreement")
@login_required
def generate_agreement(slug: str):
    org = org_context(slug, "contract:draft")
    try:
        contract = agreement.generate_partnership_agreement(actor=current_user, organisation=org)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message or str(exc), "error")
        return redirect(url_for("contracts.index", slug=slug))
    flash(_("The contract %(number)s was drafted.", number=contract.number), "success")
    return redirect(url_for("contracts.detail", slug=slug, contract_id=contract.id))
