"""The partnership agreement's signatures: each partner's representative signs on the page."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.contracts import execution, services
from llp_gov.contracts.views import bp
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
