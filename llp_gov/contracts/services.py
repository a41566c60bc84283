"""Contracts: drafting, the status machine and its permissions. Every change is audited.

draft → in_review → approved → signed → active → expired | terminated. Members draft and submit;
only the chairman (contract:approve) approves, sends back or terminates. Each submission and the
approval store the rendered PDF as a new version of the contract's document (printing.py).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts import validation as v
from llp_gov.contracts.models import Contract, ContractMilestone, ContractParty
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, ValidationError

JST = ZoneInfo("Asia/Tokyo")
EDITABLE = (
    "title",
    "contract_type",
    "language",
    "date_style",
    "currency",
    "amount_excl_tax",
    "tax_treatment",
    "start_date",
    "end_date",
    "signing_date",
    "governing_law",
    "court",
)
AUDITED = EDITABLE + ("tax_amount", "amount_incl_tax", "clauses", "details")

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


def list_contracts(*, actor, organisation) -> list[Contract]:
    policy.require(actor, organisation, "contract:read")
    stmt = select(Contract).where(Contract.organisation_id == organisation.id)
    return list(db.session.scalars(stmt.order_by(Contract.year.desc(), Contract.seq.desc())))


def get_contract(*, actor, organisation, contract_id: int) -> Contract:
    policy.require(actor, organisation, "contract:read")
    contract = db.session.get(Contract, contract_id)
    if contract is None or contract.organisation_id != organisation.id:
        raise NotFound()
    return contract


def _next_number(organisation, year: int) -> tuple[int, str]:
    last = db.session.scalar(
        select(func.max(Contract.seq)).where(
            Contract.organisation_id == organisation.id, Contract.year == year
        )
    )
    seq = (last or 0) + 1
    return seq, f"{organisation.slug.upper()}-{year}-{seq:04d}"


def _resolve_parties(organisation, inputs: list[dict], errors: dict) -> list[ContractParty]:
    from llp_gov.counterparties.models import Counterparty
    from llp_gov.partners.models import Partner

    out = []
    seen = set()
    for i, p in enumerate(inputs):
        kind = p["kind"]
        party = ContractParty(
            position=i,
            kind=kind,
            representative_title=p.get("representative_title"),
            representative_name=p.get("representative_name"),
        )
        if kind == "organisation":
            source = organisation
            party.address = organisation.office_address
            key = ("organisation", organisation.id)
        elif kind == "partner":
            source = db.session.get(Partner, p.get("partner_id") or 0)
            if source is None or source.organisation_id != organisation.id:
                errors[f"parties.{i}.partner_id"] = _("Choose a partner of this organisation.")
                continue
            party.partner_id = source.id
            party.address = source.address
            if not party.representative_name:
                party.representative_name = source.representative_name
            key = ("partner", source.id)
        else:
            source = db.session.get(Counterparty, p.get("counterparty_id") or 0)
            if source is None or source.organisation_id != organisation.id:
                errors[f"parties.{i}.counterparty_id"] = _(
                    "Choose a counterparty from the directory."
                )
                continue
            party.counterparty_id = source.id
            party.address = source.address
            key = ("counterparty", source.id)
        if key in seen:
            errors[f"parties.{i}"] = _("The same party is listed twice.")
        seen.add(key)
        party.name, party.name_en, party.name_ko = source.name, source.name_en, source.name_ko
        out.append(party)
    return out


def _check_milestones(amount: int | None, milestones: list[dict], errors: dict) -> None:
    if (
        milestones
        and "milestones" not in errors
        and all(m["amount"] is not None for m in milestones)
    ):
        if amount is None or sum(m["amount"] for m in milestones) != amount:
            errors["milestones"] = _("The milestones must add up to the amount excluding tax.")


def create_contract(
    *, actor, organisation, parties, clauses=(), milestones=(), details=None, **fields
) -> Contract:
    """Draft a contract; nothing is written when any field is wrong."""
    policy.require(actor, organisation, "contract:draft")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    errors: dict[str, str] = {}
    data = {
        "contract_type": None,
        "language": None,
        "title": None,
        "tax_treatment": "taxable_10",
        "currency": "JPY",
        "date_style": "wareki",
    } | fields
    clean = v.clean_fields(data, errors)
    v.check_dates(clean.get("start_date"), clean.get("end_date"), errors)
    languages = (clean["language"] or "ja").split("+") if "language" not in errors else ["ja"]
    clean_clauses = v.clean_clauses(list(clauses or []), languages, errors)
    party_inputs = v.clean_party_inputs(parties, errors)
    clean_ms = v.clean_milestones(list(milestones or []), errors)
    _check_milestones(clean.get("amount_excl_tax"), clean_ms, errors)
    party_rows = _resolve_parties(organisation, party_inputs, errors)
    v.raise_if(errors)
    tax, incl = v.compute_tax(clean.get("amount_excl_tax"), clean["tax_treatment"])
    year = utcnow().astimezone(JST).year
    seq, number = _next_number(organisation, year)
    contract = Contract(
        organisation_id=organisation.id,
        number=number,
        year=year,
        seq=seq,
        status="draft",
        clauses=clean_clauses,
        details=details or {},
        tax_amount=tax,
        amount_incl_tax=incl,
        created_by=getattr(actor, "id", None),
        **clean,
    )
    contract.parties = party_rows
    contract.milestones = [ContractMilestone(position=i, **m) for i, m in enumerate(clean_ms)]
    db.session.add(contract)
    db.session.flush()
    audit.record(
        tag="contract:create",
        actor=actor,
        organisation_id=organisation.id,
        target=contract,
        diff={
            "number": [None, number],
            **{
                k: [None, getattr(contract, k)]
                for k in AUDITED
                if getattr(contract, k) not in (None, [], {})
            },
            "parties": [None, [p.name for p in party_rows]],
            "milestones": [None, [[m["due_date"], m["amount"]] for m in clean_ms]],
        },
    )
    return contract


def update_contract(
    *,
    actor,
    organisation,
    contract: Contract,
    parties=None,
    clauses=None,
    milestones=None,
    **changes,
) -> Contract:
    """Edit a draft; parties, clauses and milestones, when given, replace the old ones."""
    policy.require(actor, organisation, "contract:draft")
    if contract.organisation_id != organisation.id:
        raise NotFound()
    if not contract.is_editable:
        from llp_gov.contracts.labels import STATUS_LABELS

        raise Conflict(
            _(
                "Only a draft can be edited. This contract is %(status)s.",
                status=STATUS_LABELS[contract.status],
            )
        )
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    errors: dict[str, str] = {}
    clean = v.clean_fields(changes, errors)
    merged = {f: getattr(contract, f) for f in EDITABLE} | clean
    v.check_dates(merged["start_date"], merged["end_date"], errors)
    languages = (merged["language"] or "ja").split("+")
    if clauses is None and "language" in clean:
        clauses = contract.clauses  # a new language needs every clause in it
    new_clauses = v.clean_clauses(list(clauses), languages, errors) if clauses is not None else None
    party_rows = None
    if parties is not None:
        party_rows = _resolve_parties(organisation, v.clean_party_inputs(parties, errors), errors)
    new_ms = v.clean_milestones(list(milestones), errors) if milestones is not None else None
    ms_check = new_ms if new_ms is not None else [{"amount": m.amount} for m in contract.milestones]
    _check_milestones(merged["amount_excl_tax"], ms_check, errors)
    v.raise_if(errors)
    tax, incl = v.compute_tax(merged["amount_excl_tax"], merged["tax_treatment"])
    clean |= {"tax_amount": tax, "amount_incl_tax": incl}
    if new_clauses is not None:
        clean["clauses"] = new_clauses
    diff = audit.diff_of(contract, clean)
    for key, value in clean.items():
        setattr(contract, key, value)
    if party_rows is not None:

        def summary(rows):
            return [[p.name, p.representative_title, p.representative_name] for p in rows]

        old = summary(contract.parties)
        contract.parties = party_rows
        if old != summary(party_rows):
            diff["parties"] = [old, summary(party_rows)]
    if new_ms is not None:
        old_ms = [[m.due_date, m.amount] for m in contract.milestones]
        contract.milestones = [ContractMilestone(position=i, **m) for i, m in enumerate(new_ms)]
        diff["milestones"] = [old_ms, [[m["due_date"], m["amount"]] for m in new_ms]]
    if diff:
        contract.updated_at = utcnow()
        db.session.flush()
        audit.record(
            tag="contract:update",
            actor=actor,
            organisation_id=organisation.id,
            target=contract,
            diff=diff,
        )
    return contract


def check_transition(contract: Contract, to: str) -> str:
    """The action the change needs; Conflict, saying why and the current status, when impossible."""
    from llp_gov.contracts.labels import REFUSALS, STATUS_LABELS

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
    diff = {"status": [old, to]}
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
    from llp_gov.contracts import printing

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
    from llp_gov.contracts import printing

    _transition(actor=actor, organisation=organisation, contract=contract, to="approved")
    printing.archive_pdf(actor=actor, organisation=organisation, contract=contract)
    return contract


def record_signed(
    *, actor, organisation, contract: Contract, data: bytes, filename: str, signing_date: dt.date
) -> Contract:
    """Attach the signed copy (a document) and mark the contract signed."""
    from llp_gov.contracts import printing
    from llp_gov.documents import services as documents

    if contract.organisation_id != organisation.id:
        raise NotFound()
    policy.require(actor, organisation, check_transition(contract, "signed"))
    if not isinstance(signing_date, dt.date):
        raise ValidationError(signing_date=_("Enter a date as YYYY-MM-DD."))
    if signing_date > utcnow().astimezone(JST).date():
        raise ValidationError(signing_date=_("The signing date cannot be in the future."))
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
