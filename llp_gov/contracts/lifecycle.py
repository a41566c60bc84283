"""The contract's status machine and its permissions. Every change is audited.

draft → in_review → approved → signed → active → expired | terminated. Members draft and submit;
only the chairman (contract:approve) approves, sends back or terminates. Each submission and the
approval store the rendered PDF as a new version of the contract's document (printing.py); the
signed copy is stored as a document of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts import printing
from llp_gov.contracts.labels import REFUSALS, STATUS_LABELS
from llp_gov.contracts.models import Contract
from llp_gov.contracts.services import JST
from llp_gov.db import db, utcnow
from llp_gov.documents import services as documents
from llp_gov.documents.files import human_size
from llp_gov.errors import Conflict, NotFound, ValidationError

# (from, to) -> the action it needs.
TRANSITIONS = {
    ("draft", "in_review"): "contract:draft",
    ("in_review", "draft"): "contract:approve",
    ("in_review", "approved"): "contract:approve",
    ("approved", "signed"): "contract:draft",
    ("signed", "active"): "contract:draft",
    ("active", "expired"): "contract:draft",
    ("signed", "terminated"): "contract:approve",
    ("active", "terminated"): "contract:approve",
}


def check_transition(contract: Contract, to: str) -> str:
    """The action the change needs; Conflict, saying why and the current status, when impossible."""
    action = TRANSITIONS.get((contract.status, to))
    if action is None:
        raise Conflict(
            _(
                "%(refusal)s This contract is %(status)s.",
                refusal=REFUSALS[to],
                status=STATUS_LABELS[contract.status],
            )
        )
    return action


def _transition(
    *, actor, organisation, contract: Contract, to: str, reason: str | None = None
) -> Contract:
    if contract.organisation_id != organisation.id:
        raise NotFound()
    policy.require(actor, organisation, "contract:read")
    policy.require(actor, organisation, check_transition(contract, to))
    old = contract.status
    contract.status = to
    contract.status_reason = reason
    contract.updated_at = utcnow()
    diff: dict[str, list[Any]] = {"status": [old, to]}
    if reason:
        diff["reason"] = [None, reason]
    if to == "approved":
        contract.approved_by = actor.id
        contract.approved_at = contract.updated_at
        diff["approved_by"] = [None, actor.id]
    db.session.flush()
    audit.record(
        tag=f"contract:{to}",
        actor=actor,
        organisation_id=organisation.id,
        target=contract,
        diff=diff,
    )
    return contract


def submit_for_review(*, actor, organisation, contract: Contract) -> Contract:
    """Send a draft to the chairman; its PDF is stored as a new document version."""
    _transition(actor=actor, organisation=organisation, contract=contract, to="in_review")
    printing.archive_pdf(actor=actor, organisation=organisation, contract=contract)
    return contract


def send_back(*, actor, organisation, contract: Contract, reason: str) -> Contract:
    """The chairman returns a contract in review to its drafters, saying what has to change."""
    policy.require(actor, organisation, "contract:approve")
    check_transition(contract, "draft")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason=_("Say what has to change."))
    return _transition(
        actor=actor, organisation=organisation, contract=contract, to="draft", reason=reason[:400]
    )


def approve(*, actor, organisation, contract: Contract) -> Contract:
    """The chairman approves; the approved PDF becomes a new document version."""
    _transition(actor=actor, organisation=organisation, contract=contract, to="approved")
    printing.archive_pdf(actor=actor, organisation=organisation, contract=contract)
    return contract


#: The signed copy's own limit (a scan of the signed and sealed contract), below the app-wide
#: upload cap; LLP_GOV_SIGNED_COPY_MAX_BYTES changes it.
SIGNED_COPY_MAX_BYTES = 20 * 1024 * 1024


def signed_copy_limit() -> int:
    """The largest signed copy accepted, in bytes (LLP_GOV_SIGNED_COPY_MAX_BYTES, default 20 MB)."""
    return int(current_app.config.get("SIGNED_COPY_MAX_BYTES") or SIGNED_COPY_MAX_BYTES)


def record_signed(
    *, actor, organisation, contract: Contract, data: bytes, filename: str, signing_date: dt.date
) -> Contract:
    """approved → signed: store the signed copy as a document of its own and mark the contract
    signed on ``signing_date`` (a date in the legal zone, not in the future).

    ``data``: the file's bytes, at most signed_copy_limit() (callers read at most one byte more).
    Raises NotFound (another organisation's contract), PermissionDenied, Conflict (not approved),
    ValidationError (signing_date; the document's fields, e.g. file), TooLarge (413, the limit in
    the message); nothing is written then. Audited as contract:signed."""
    if contract.organisation_id != organisation.id:
        raise NotFound()
    policy.require(actor, organisation, check_transition(contract, "signed"))
    if not isinstance(signing_date, dt.date):
        raise ValidationError(signing_date=_("Enter a date as YYYY-MM-DD."))
    if signing_date > utcnow().astimezone(JST).date():
        raise ValidationError(signing_date=_("The signing date cannot be in the future."))
    limit = signed_copy_limit()
    if len(data) > limit:
        raise documents.TooLarge(
            _("The signed copy is larger than its limit of %(limit)s.", limit=human_size(limit))
        )
    meta = printing.document_metadata(contract)
    signed = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=f"{contract.number} {contract.title} (signed)",
        data=data,
        filename=filename,
        **(meta | {"transaction_date": signing_date}),
    )
    contract.signed_document_id = signed.id
    contract.signing_date = signing_date
    return _transition(actor=actor, organisation=organisation, contract=contract, to="signed")


def activate(*, actor, organisation, contract: Contract) -> Contract:
    """The signed contract takes effect."""
    return _transition(actor=actor, organisation=organisation, contract=contract, to="active")


def expire(*, actor, organisation, contract: Contract, today: dt.date | None = None) -> Contract:
    """An active contract past its end date has expired."""
    if contract.organisation_id != organisation.id:
        raise NotFound()
    policy.require(actor, organisation, check_transition(contract, "expired"))
    today = today or utcnow().astimezone(JST).date()
    if contract.end_date is None or contract.end_date >= today:
        raise Conflict(_("The contract has not reached its end date."))
    return _transition(actor=actor, organisation=organisation, contract=contract, to="expired")


def terminate(*, actor, organisation, contract: Contract, reason: str) -> Contract:
    """The chairman ends a signed or active contract early, giving the reason."""
    policy.require(actor, organisation, "contract:approve")
    check_transition(contract, "terminated")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason=_("Give the reason for the termination."))
    return _transition(
        actor=actor,
        organisation=organisation,
        contract=contract,
        to="terminated",
        reason=reason[:400],
    )
