"""The counterparty directory: one list per organisation, searched by every domain."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db, get_in_org
from llp_gov.errors import ValidationError
from llp_gov.partners import identifiers

FIELDS = (
    "name",
    "name_kana",
    "name_en",
    "name_ko",
    "address",
    "country",
    "corporate_number",
    "kr_business_number",
    "invoice_number",
)
LIMITS = {"name": 200, "name_kana": 200, "name_en": 200, "name_ko": 200, "address": 400}


def list_counterparties(*, actor, organisation, q: str | None = None) -> list[Counterparty]:
    """The organisation's counterparties by name; `q` keeps those whose name (Japanese, kana,
    English or Korean) contains it, case-insensitively. Raises NotFound for an outsider,
    PermissionDenied without counterparty:read."""
    policy.require(actor, organisation, "counterparty:read")
    stmt = select(Counterparty).where(Counterparty.organisation_id == organisation.id)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(
            or_(
                Counterparty.name.ilike(like),
                Counterparty.name_kana.ilike(like),
                Counterparty.name_en.ilike(like),
                Counterparty.name_ko.ilike(like),
            )
        )
    return list(db.session.scalars(stmt.order_by(Counterparty.name)))


def get_counterparty(*, actor, organisation, counterparty_id: int) -> Counterparty:
    """One counterparty of the organisation. Raises NotFound for an outsider or an id of
    another organisation, PermissionDenied without counterparty:read."""
    policy.require(actor, organisation, "counterparty:read")
    return get_in_org(Counterparty, counterparty_id, organisation)


def _clean(data: dict) -> dict:
    out = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}
    country = out.get("country")
    if isinstance(country, str):
        out["country"] = country.upper()
    # Identifiers as ASCII: NFKC, hyphen variants and spaces removed (as for partners).
    for key in ("kr_business_number", "corporate_number", "invoice_number"):
        if out.get(key):
            out[key] = identifiers.normalise_number(out[key]) or None
    return out


def _validate(data: dict) -> None:
    errors = {}
    for field, limit in LIMITS.items():
        if data.get(field) and len(data[field]) > limit:
            errors[field] = _("At most %(n)d characters.", n=limit)
    if not data.get("name"):
        errors["name"] = _("This field is required.")
    if not re.fullmatch(r"[A-Z]{2}", data.get("country") or ""):
        errors["country"] = _("Use a two-letter country code such as JP or KR.")
    errors.update(identifiers.identifier_errors(data))
    if errors:
        raise ValidationError(**errors)


def create_counterparty(*, actor, organisation, **data) -> Counterparty:
    """Add a counterparty to the directory (audited as counterparty:create).

    `data`: any of FIELDS as strings (blank reads as none). `country` is an ISO 3166-1 alpha-2
    code (default JP); identifiers are NFKC-normalised to ASCII digits without hyphens:
    `corporate_number` 13 digits with the check digit of the 法人番号 (Ministry of Finance
    Ordinance No. 70 of 2014, Art. 2), `invoice_number` "T" + a corporate number (the qualified invoice issuer
    registration number, Consumption Tax Act Art. 57-2), `kr_business_number` the Korean
    사업자등록번호 (10 digits with its check digit).
    Raises NotFound for an outsider, PermissionDenied without counterparty:create,
    ValidationError with fields: name (missing, too long), name_kana/name_en/name_ko/address
    (too long), country, corporate_number, invoice_number, kr_business_number, or any unknown
    field name."""
    policy.require(actor, organisation, "counterparty:create")
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    data = _clean(data)
    data.setdefault("country", "JP")
    data["country"] = data["country"] or "JP"
    _validate(data)
    cp = Counterparty(organisation_id=organisation.id, **data)
    db.session.add(cp)
    audit.record(
        tag="counterparty:create",
        actor=actor,
        organisation_id=organisation.id,
        target=cp,
        diff={k: [None, v] for k, v in data.items() if v is not None},
    )
    return cp


def update_counterparty(
    *, actor, organisation, counterparty: Counterparty, **changes
) -> Counterparty:
    """Change fields of `counterparty` (audited as counterparty:update with the changed values
    only). `changes` and the errors as for create_counterparty, checked on the record as it
    will be; PermissionDenied without counterparty:update."""
    policy.require(actor, organisation, "counterparty:update")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    changes = _clean(changes)
    _validate({f: getattr(counterparty, f) for f in FIELDS} | changes)
    diff = audit.diff_of(counterparty, changes)
    for k, v in changes.items():
        setattr(counterparty, k, v)
    if diff:
        audit.record(
            tag="counterparty:update",
            actor=actor,
            organisation_id=organisation.id,
            target=counterparty,
            diff=diff,
        )
    return counterparty


def match_or_create(*, actor, organisation, name: str) -> Counterparty:
    """Find a counterparty by exact name (Japanese or English case-insensitively, Korean as
    written) or add it to the directory with that name (country JP).

    Raises ValidationError with field counterparty when `name` is blank; NotFound for an
    outsider; PermissionDenied without counterparty:read (or counterparty:create to add)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(counterparty=_("This field is required."))
    policy.require(actor, organisation, "counterparty:read")
    found = (
        db.session.execute(
            select(Counterparty).where(
                Counterparty.organisation_id == organisation.id,
                or_(
                    func.lower(Counterparty.name) == name.lower(),
                    func.lower(Counterparty.name_en) == name.lower(),
                    Counterparty.name_ko == name,
                ),
            )
        )
        .scalars()
        .first()
    )
    return found or create_counterparty(actor=actor, organisation=organisation, name=name)
