"""The partnership agreement's signatures: each partner's representative signs on the page."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.contracts import execution, services, stamps
from llp_gov.contracts.views import bp
from llp_gov.errors import Conflict
from llp_gov.web import org_context, submit_form


@bp.post("/o/<slug>/contracts/<int:contract_id>/agreement-sign")
@login_required
def agreement_sign(slug: str, contract_id: int):
    org = org_context(slug, "contract:read")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    back = url_for("contracts.detail", slug=slug, contract_id=contract_id)
    return submit_form(
        FlaskForm(),
        lambda: execution.sign_agreement(actor=current_user, organisation=org, contract=contract),
        success=_("You signed the agreement for the partner you represent."),
        next_url=back,
        validate=False,
    ) or (_("Nothing was changed."), 400)


@bp.post("/o/<slug>/contracts/<int:contract_id>/execution")
@login_required
def execution_method(slug: str, contract_id: int):
    org = org_context(slug, "contract:draft")
    contract = services.get_contract(actor=current_user, organisation=org, contract_id=contract_id)
    back = url_for("contracts.detail", slug=slug, contract_id=contract_id)
    form = FlaskForm()
    try:
        done = submit_form(
            form,
            lambda: stamps.set_execution(
                actor=current_user,
                organisation=org,
                contract=contract,
                execution=request.form.get("execution", ""),
                stamp_item=request.form.get("stamp_item") or None,
            ),
            success=_("The execution method was saved."),
            next_url=back,
            validate=False,
        )
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(back)
    if done is None:
        flash(" ".join(str(e) for errs in form.errors.values() for e in errs), "error")
        return redirect(back)
    return done
