"""Contracts: listing, numbering and drafting (create, edit a draft). Every change is audited.

The status changes (submit, approve, sign, ...) are in lifecycle.py."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts import validation as v
from llp_gov.contracts import wording
from llp_gov.contracts.labels import STATUS_LABELS
from llp_gov.contracts.models import Contract, ContractMilestone, ContractParty
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, ValidationError
from llp_gov.orgs.models import Membership
from llp_gov.pagination import Page, paginate
from llp_gov.partners.models import Partner

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


def list_contracts(*, actor, organisation) -> list[Contract]:
    """The organisation's contracts, newest number first. Raises PermissionDenied without
    "contract:read"."""
    policy.require(actor, organisation, "contract:read")
    stmt = select(Contract).where(Contract.organisation_id == organisation.id)
    return list(db.session.scalars(stmt.order_by(Contract.year.desc(), Contract.seq.desc())))


def page_of_contracts(
    *, actor, organisation, page: int = 1, per_page: int = 50, contains: str | None = None
) -> Page:
    """One page (1-based) of the organisation's contracts, newest number first; with
    `contains`, only those whose number or title contains it (any case). Raises
    PermissionDenied without "contract:read"."""
    policy.require(actor, organisation, "contract:read")
    stmt = select(Contract).where(Contract.organisation_id == organisation.id)
    if contains:
        pattern = contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(
            or_(
                Contract.number.ilike(f"%{pattern}%", escape="\\"),
                Contract.title.ilike(f"%{pattern}%", escape="\\"),
            )
        )
    stmt = stmt.order_by(Contract.year.desc(), Contract.seq.desc())
    return paginate(stmt, page=page, per_page=per_page, count=False)


def get_contract(*, actor, organisation, contract_id: int) -> Contract:
    """One contract of the organisation. Raises PermissionDenied without "contract:read" and
    NotFound for a contract of another organisation or none (outsiders learn nothing)."""
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


def _executing_partner(organisation):
    """The partner that executes the business for the LLP: the one the chairman represents."""
    return db.session.scalars(
        select(Partner)
        .join(Membership, Membership.user_id == Partner.representative_user_id)
        .where(
            Partner.organisation_id == organisation.id,
            Partner.status == "active",
            Membership.organisation_id == organisation.id,
            Membership.role == "chairman",
        )
    ).first()


def _resolve_parties(organisation, inputs: list[dict], errors: dict) -> list[ContractParty]:
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
            executing = _executing_partner(organisation) if organisation.is_jp_llp else None
            if executing is not None:
                # An LLP has no 代表者: the partner that executes signs with its executing person.
                title, person = wording.llp_signatory(organisation, executing)
                party.representative_title = title
                party.representative_name = party.representative_name or person
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
        and (amount is None or sum(m["amount"] for m in milestones) != amount)
    ):
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
