"""The partner register: entering partners and editing them. Admission, withdrawal and
expulsion are in lifecycle.py (re-exported here); amendments of partners' Act 4(3) items in
amendments.py."""

from __future__ import annotations

import re

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import MultipleResultsFound

from llp_gov import readcache
from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.auth.models import User
from llp_gov.config import MAX_ID
from llp_gov.db import db, get_in_org
from llp_gov.errors import ValidationError
from llp_gov.orgs.models import Membership
from llp_gov.orgs.services import today_in
from llp_gov.partners import identifiers
from llp_gov.partners.composition import (  # noqa: F401 (re-exported)
    check_composition,
    composition_problem,
    mark_cured,
    record_cure,
)
from llp_gov.partners.lifecycle import (  # noqa: F401 (re-exported)
    record_admission,
    record_expulsion,
    record_withdrawal,
)
from llp_gov.partners.models import KINDS, STATUSES, Partner

FIELDS = (
    "kind",
    "name",
    "name_kana",
    "name_en",
    "name_ko",
    "address",
    "country",
    "is_domestic",
    "representative_name",
    "executing_person",
    "corporate_number",
    "kr_business_number",
    "invoice_number",
    "execution_role",
    "admitted_on",
    "representative_user_id",
)
LIMITS = {
    "name": 200,
    "name_kana": 200,
    "name_en": 200,
    "name_ko": 200,
    "address": 400,
    "representative_name": 200,
    "executing_person": 200,
    "execution_role": 400,
}


def list_partners(*, actor, organisation, status: str | None = None, q: str | None = None):
    """Partners in register order, optionally filtered by status and a name fragment."""
    policy.require(actor, organisation, "partner:read")
    if not q:  # the register, read once per request (partners_in)
        return partners_in(organisation, [status] if status else None)
    stmt = select(Partner).where(Partner.organisation_id == organisation.id)
    if status:
        stmt = stmt.where(Partner.status == status)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(
            Partner.name.ilike(like)
            | Partner.name_kana.ilike(like)
            | Partner.name_en.ilike(like)
            | Partner.name_ko.ilike(like)
        )
    # Several panels of one page ask for the same list (readcache: once per request).
    return readcache.cached(
        ("partners.list", organisation.id, status, q),
        lambda: list(db.session.scalars(stmt.order_by(Partner.position, Partner.id))),
    )


def partners_in(organisation, statuses=None) -> list[Partner]:
    """The organisation's partners in register order, only those with `statuses` when given
    (the answer to orgs.partner_source.partners_of, registered in init_app). The register is
    read once per request (readcache): the dashboard's panels each ask it."""
    everyone = readcache.cached(
        ("partners.in", organisation.id),
        lambda: list(
            db.session.scalars(
                select(Partner)
                .where(Partner.organisation_id == organisation.id)
                .order_by(Partner.position, Partner.id)
            )
        ),
    )
    return [p for p in everyone if not statuses or p.status in statuses]


def get_partner(*, actor, organisation, partner_id: int) -> Partner:
    """One partner of this organisation. Raises NotFound for an id of another organisation or none (outsiders learn nothing), PermissionDenied without partner:read."""
    policy.require(actor, organisation, "partner:read")
    return get_in_org(Partner, partner_id, organisation)


def _clean(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip() or None
        out[key] = value
    if out.get("country"):
        out["country"] = out["country"].upper()
    # Identifiers are stored as ASCII: NFKC, hyphen variants and spaces removed.
    for key in ("kr_business_number", "corporate_number", "invoice_number"):
        if out.get(key):
            out[key] = identifiers.normalise_number(out[key]) or None
    return out


def _validate(organisation, data: dict, partner: Partner | None = None) -> None:
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        if data.get(field) and len(data[field]) > limit:
            errors[field] = _("At most %(n)d characters.", n=limit)
    if data.get("kind") not in KINDS:
        errors["kind"] = _("Choose corporate or individual.")
    if not data.get("name"):
        errors["name"] = _("This field is required.")
    if not data.get("country") or not re.fullmatch(r"[A-Z]{2}", data["country"]):
        errors["country"] = _("Use a two-letter country code such as JP or KR.")
    errors.update(identifiers.identifier_errors(data))
    if (
        data.get("kind") == "corporate"
        and organisation.is_jp_llp
        and not data.get("executing_person")
    ):
        # A corporate partner of an LLP registers its executing person (Act 57).
        errors["executing_person"] = _(
            "A corporate partner needs an executing person (職務執行者)."
        )
    user_id = data.get("representative_user_id")
    if user_id is not None:
        user = (
            db.session.get(User, user_id)
            if isinstance(user_id, int) and 0 < user_id <= MAX_ID
            else None
        )
        membership = policy.membership_of(user, organisation) if user else None
        if membership is None:
            errors["representative_user_id"] = _(
                "The representative must be a user of this organisation."
            )
        else:
            taken = db.session.execute(
                select(Partner.id).where(
                    Partner.organisation_id == organisation.id,
                    Partner.representative_user_id == user_id,
                    Partner.id != (partner.id if partner else -1),
                )
            ).first()
            if taken:
                errors["representative_user_id"] = _(
                    "This user already represents another partner."
                )
    if errors:
        raise ValidationError(**errors)


def _link_staff(organisation, partner: Partner) -> None:
    """The designated representative is always staff of the partner it represents."""
    if partner.representative_user_id is None:
        return
    membership = db.session.execute(
        select(Membership).where(
            Membership.organisation_id == organisation.id,
            Membership.user_id == partner.representative_user_id,
        )
    ).scalar_one()
    if membership.partner_id != partner.id:
        old = membership.partner_id
        membership.partner_id = partner.id
        audit.record(
            tag="membership:update",
            organisation_id=organisation.id,
            target=membership,
            diff={"partner_id": [old, partner.id]},
        )


def in_effect(organisation) -> bool:
    """Has the partnership agreement taken effect (its effective date reached, legal zone)?"""
    return organisation.effective_date is not None and today_in(organisation) >= (
        organisation.effective_date
    )


def create_partner(*, actor, organisation, **data) -> Partner:
    """Add a partner to the register.

    `data`: the register's fields (FIELDS), plus `status` and `position`. Before the agreement
    takes effect the founding register is entered as "active" (the default); once it has taken
    effect (organisation.effective_date reached, in the legal time zone) a new partner is
    registered only as "pending" (the default then): no vote, no allocation, in no base, until an
    admission resolution of all partners is adopted and its contribution is fully paid (LLP Act
    24, 3(1); https://laws.e-gov.go.jp/law/417AC0000000040). Identifiers are normalised (NFKC,
    hyphens removed) before their check digits are validated.

    Raises ValidationError: `status` (not pending once in effect, or unknown), the fields of
    _validate, unknown fields; PermissionDenied/NotFound from the policy."""
    if actor is not None:
        policy.require(actor, organisation, "partner:create")
    unknown = set(data) - set(FIELDS) - {"status", "position"}
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    data = _clean(data)
    data.setdefault("kind", "corporate")
    data.setdefault("country", "JP")
    if data.get("is_domestic") is None:
        data["is_domestic"] = data["country"] == "JP"
    effective = in_effect(organisation)
    status = data.pop("status", None) or ("pending" if effective else "active")
    if status not in ("active", "pending"):
        raise ValidationError(
            status=_("Unknown status.")
            if status not in STATUSES
            else _("A new partner is registered as active (founding) or pending admission.")
        )
    if status == "active" and effective:
        raise ValidationError(
            _(
                "The partnership agreement took effect on %(date)s: a new partner is registered as "
                "pending and becomes active only when an admission resolution of all partners is "
                "adopted and its contribution is fully paid (LLP Act 24, 3(1)). Register it as "
                "pending, then open an admission resolution.",
                date=format_date(organisation.effective_date),
            ),
            status=_("Register the partner as pending admission (LLP Act 24)."),
        )
    _validate(organisation, data)
    if data.get("position") is None:
        top = db.session.scalar(
            select(func.max(Partner.position)).where(Partner.organisation_id == organisation.id)
        )
        data["position"] = (top or 0) + 1
    partner = Partner(organisation_id=organisation.id, status=status, **data)
    db.session.add(partner)
    db.session.flush()
    _link_staff(organisation, partner)
    audit.record(
        tag="partner:create",
        actor=actor,
        organisation_id=organisation.id,
        target=partner,
        diff={k: [None, v] for k, v in {**data, "status": status}.items() if v is not None},
    )
    return partner


# The partner's Act 4(3) items kept on the register: once the agreement is in effect and the
# partner is in it (admitted), they change only by an adopted amendment (Act 5). Its contribution
# (the other Act 4(3) item about a partner) is in the books and amended the same way.
AGREEMENT_ITEMS = ("name", "address")


def agreement_locked(organisation, partner: Partner) -> bool:
    """Are the partner's Act 4(3) items part of an agreement in effect (a partner that has been
    active, i.e. not one still pending admission)?"""
    return in_effect(organisation) and partner.status != "pending"


def update_partner(*, actor, organisation, partner: Partner, **changes) -> Partner:
    """Change the register's fields of a partner (`changes`: FIELDS, strings stripped,
    identifiers normalised as on creation), audited as partner:update with {field: [old, new]}.

    Once the agreement is in effect (LLP Act 3(1)) and the partner is in it, its name and address
    (Act 4(3) items) change only by an adopted amendment resolution (Act 5; see
    apply_amendment); a change here is refused. Raises ValidationError naming each locked field
    (message: "propose an amendment"), unknown fields, or the fields of _validate;
    PermissionDenied (partner:update)."""
    policy.require(actor, organisation, "partner:update")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(**{f: _("Unknown field.") for f in unknown})
    changes = _clean(changes)
    if "is_domestic" in changes and changes["is_domestic"] is None:
        # As on creation: no answer means "resident/incorporated in Japan" follows the country.
        changes["is_domestic"] = (changes.get("country") or partner.country) == "JP"
    if agreement_locked(organisation, partner):
        locked = [f for f in AGREEMENT_ITEMS if f in changes and changes[f] != getattr(partner, f)]
        if locked:
            raise ValidationError(
                _(
                    "The partnership agreement is in effect: a partner's name and address are "
                    "items of it (LLP Act 4(3)) and change only by an amendment adopted by all "
                    "partners (LLP Act 5). Propose an amendment."
                ),
                **{f: _("Changes only by an adopted amendment (LLP Act 5).") for f in locked},
            )
    merged = {f: getattr(partner, f) for f in FIELDS} | changes
    _validate(organisation, merged, partner)
    diff = audit.diff_of(partner, changes)
    for field, value in changes.items():
        setattr(partner, field, value)
    if diff:
        _link_staff(organisation, partner)
        audit.record(
            tag="partner:update",
            actor=actor,
            organisation_id=organisation.id,
            target=partner,
            diff=diff,
        )
    return partner


def staff_of(organisation, partner: Partner) -> list:
    """The users who are staff of the partner (one of them may be its designated representative)."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.organisation_id == organisation.id, Membership.partner_id == partner.id
            )
            .order_by(Membership.id)
        )
    )


def represented_by(organisation, user) -> Partner | None:
    """The active partner this user is the designated representative of, if any."""
    if user is None:
        return None
    found = [
        p for p in partners_in(organisation, ["active"]) if p.representative_user_id == user.id
    ]
    if len(found) > 1:  # as scalar_one_or_none did: one active partner per representative
        raise MultipleResultsFound()
    return found[0] if found else None
