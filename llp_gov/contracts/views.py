"""Contract pages: list, draft, edit, detail, the status changes, PDF, partnership agreement."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov import exports
from llp_gov.contracts import (
    agreement,
    execution,
    lifecycle,
    printing,
    renewals,
    services,
    stamps,
)
from llp_gov.contracts.forms import (
    LANGUAGE_LABELS,
    TAX_LABELS,
    TYPE_LABELS,
    ContractForm,
    EditForm,
    ReasonForm,
    RenewalForm,
    SignForm,
    has_scope,
    party_shape,
)
from llp_gov.contracts.labels import STATUS_LABELS
from llp_gov.contracts.wording import party_ref
from llp_gov.counterparties.services import list_counterparties
from llp_gov.errors import Conflict
from llp_gov.pagination import page_arg
from llp_gov.partners.services import represented_by
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("contracts", __name__)


def init_nav() -> None:
    register_nav("contracts.index", _l("Contracts"), "contract:read", order=30)
    views_renewals.init_panels()


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
    contracts = services.page_of_contracts(actor=current_user, organisation=org, page=page_arg())
    return render_template("contracts/index.html", org=org, contracts=contracts, labels=_labels())


@bp.route("/o/<slug>/contracts/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    org = org_context(slug, "contract:draft")
    form = ContractForm()
    form.counterparty_id.choices = [
        (c.id, c.display_name(str(get_locale())))
        for c in list_counterparties(actor=current_user, organisation=org)
    ]
    done = submit_form(
        form,
        lambda: services.create_contract(
            actor=current_user, organisation=org, **form.service_kwargs()
        ),
        success=lambda contract: _("The contract %(number)s was drafted.", number=contract.number),
        next_url=lambda contract: url_for("contracts.detail", slug=slug, contract_id=contract.id),
    )
    if done is not None:
        return done
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
        sign_form=SignForm(),
        renewal_form=RenewalForm(
            formdata=None,
            data={
                "auto_renew": "1" if contract.auto_renew else "0",
                "renewal_term_months": contract.renewal_term_months,
                "notice_period_months": contract.notice_period_months,
                "notice_period_days": contract.notice_period_days,
            },
        ),
        renewal_deadline=renewals.notice_deadline(contract),
        agreement_signatures=execution.signature_status(contract)
        if contract.contract_type == "partnership"
        else None,
        represented=represented_by(org, current_user),
        stamp=stamps.stamp_duty(contract),
        party_ref=party_ref,
    )


def _errors_of(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _transition(slug: str, contract_id: int, action: str, fn, message, **kwargs):
    """A status change through the house flow (submit_form). An impossible change (e.g. a second
    click after someone else moved the contract on) or a refused value comes back to the
    contract's page with the reason; nothing was written."""
    org = org_context(slug, action)
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    back = url_for("contracts.detail", slug=slug, contract_id=contract_id)
    form = FlaskForm()
    try:
        done = submit_form(
            form,
            lambda: fn(actor=current_user, organisation=org, contract=contract, **kwargs),
            success=message,
            next_url=back,
            validate=False,  # CSRF is checked for every form; the service checks the values
        )
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(back)
    if done is None:
        flash(_errors_of(form) or _("Nothing was changed."), "error")
        return redirect(back)
    return done


@bp.post("/o/<slug>/contracts/<int:contract_id>/submit")
@login_required
def submit(slug: str, contract_id: int):
    return _transition(
        slug,
        contract_id,
        "contract:draft",
        lifecycle.submit_for_review,
        _("The contract was sent to the chairman for approval."),
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/approve")
@login_required
def approve(slug: str, contract_id: int):
    return _transition(
        slug, contract_id, "contract:approve", lifecycle.approve, _("The contract was approved.")
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/send-back")
@login_required
def send_back(slug: str, contract_id: int):
    form = ReasonForm()
    return _transition(
        slug,
        contract_id,
        "contract:approve",
        lifecycle.send_back,
        _("The contract was sent back to its drafters."),
        reason=form.reason.data or "",
    )


@bp.route("/o/<slug>/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, contract_id: int):
    org = org_context(slug, "contract:draft")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    if not contract.is_editable:
        flash(
            _(
                "Only a draft can be edited. This contract is %(status)s.",
                status=STATUS_LABELS[contract.status],
            ),
            "error",
        )
        return redirect(url_for("contracts.detail", slug=slug, contract_id=contract_id))
    form = EditForm.for_contract(
        contract, formdata=None if request.method == "GET" else request.form
    )
    if contract.contract_type not in TYPE_LABELS:  # the partnership agreement keeps its type
        form.contract_type.choices = [
            (contract.contract_type, _labels()["types"][contract.contract_type])
        ]
    shape = party_shape(contract)
    form.counterparty_id.choices = [
        (c.id, c.display_name(str(get_locale())))
        for c in list_counterparties(actor=current_user, organisation=org)
    ]
    if request.method == "POST":
        done = submit_form(
            form,
            lambda: services.update_contract(
                actor=current_user,
                organisation=org,
                contract=contract,
                **form.edit_kwargs(contract),
            ),
            success=_("The contract %(number)s was saved.", number=contract.number),
            next_url=url_for("contracts.detail", slug=slug, contract_id=contract.id),
        )
        if done is not None:
            return done
    return render_template(
        "contracts/form.html",
        org=org,
        form=form,
        contract=contract,
        edit_parties=bool(shape),
        edit_scope=has_scope(contract),
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/sign")
@login_required
def sign(slug: str, contract_id: int):
    org = org_context(slug, "contract:draft")  # 404/403 before looking at the upload
    services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    # The signed copy's own limit, before the body is parsed (a margin for the form's fields);
    # a file over the limit but inside the margin gets the service's translated 413.
    limit = lifecycle.signed_copy_limit()
    request.max_content_length = limit + 64 * 1024
    form = SignForm()
    if not form.validate():
        flash(_errors_of(form) or _("Choose the signed copy and the signing date."), "error")
        return redirect(url_for("contracts.detail", slug=slug, contract_id=contract_id))
    upload = form.signed_copy.data
    return _transition(
        slug,
        contract_id,
        "contract:draft",
        lifecycle.record_signed,
        _("The signed copy was stored and the contract is signed."),
        data=upload.stream.read(limit + 1),
        filename=upload.filename or "signed.pdf",
        signing_date=form.signing_date.data,
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/activate")
@login_required
def activate(slug: str, contract_id: int):
    return _transition(
        slug, contract_id, "contract:draft", lifecycle.activate, _("The contract is in effect.")
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/expire")
@login_required
def expire(slug: str, contract_id: int):
    return _transition(
        slug, contract_id, "contract:draft", lifecycle.expire, _("The contract has expired.")
    )


@bp.post("/o/<slug>/contracts/<int:contract_id>/terminate")
@login_required
def terminate(slug: str, contract_id: int):
    form = ReasonForm()
    return _transition(
        slug,
        contract_id,
        "contract:approve",
        lifecycle.terminate,
        _("The contract was terminated."),
        reason=form.reason.data or "",
    )


@bp.get("/o/<slug>/contracts/<int:contract_id>/pdf")
@login_required
def pdf(slug: str, contract_id: int):
    org = org_context(slug, "contract:read")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    data = printing.issued_pdf(contract, org)
    return exports.download(data, printing.pdf_filename(contract), "application/pdf")


@bp.post("/o/<slug>/contracts/agreement")
@login_required
def generate_agreement(slug: str):
    org = org_context(slug, "contract:draft")
    form = FlaskForm()
    done = submit_form(
        form,
        lambda: agreement.generate_partnership_agreement(actor=current_user, organisation=org),
        success=lambda contract: _("The contract %(number)s was drafted.", number=contract.number),
        next_url=lambda contract: url_for("contracts.detail", slug=slug, contract_id=contract.id),
        validate=False,
    )
    if done is None:
        flash(_errors_of(form) or _("Nothing was changed."), "error")
        return redirect(url_for("contracts.index", slug=slug))
    return done


# The renewal and execution pages put their routes on bp.
from llp_gov.contracts import views_execution, views_renewals  # noqa: E402, F401, I001
