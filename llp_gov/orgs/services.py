"""Organisations: creation, edits and memberships."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import legaltime
from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import NotFound, PermissionDenied, ValidationError
from llp_gov.orgs.models import LEGAL_FORMS, ROLES, Membership, Organisation
from llp_gov.orgs.partner_source import partners_of

LLP_NAME_WORD = "有限責任事業組合"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")

EDITABLE = (
    "legal_form",
    "name",
    "name_en",
    "name_ko",
    "office_address",
    "business_purpose",
    "effective_date",
    "end_date",
    "fiscal_year_start_month",
)

LIMITS = {"name": 200, "name_en": 200, "name_ko": 200, "office_address": 400, "slug": 40}

# The agreement's Act 4(3) items kept on the organisation: once the agreement is in effect they
# change only by an adopted amendment resolution (Act 5), never on the organisation form.
AGREEMENT_ITEMS = (
    "name",
    "business_purpose",
    "office_address",
    "effective_date",
    "end_date",
    "fiscal_year_start_month",
)
# What an amendment may change here (the effective date is a fact, not an agreed term).
AMENDABLE = ("name", "business_purpose", "office_address", "end_date", "fiscal_year_start_month")


def in_effect(organisation: Organisation) -> bool:
    """Has the agreement taken effect (its effective date reached in the legal time zone)?"""
    return organisation.effective_date is not None and today_in(organisation) >= (
        organisation.effective_date
    )


def get_by_slug(slug: str) -> Organisation:
    """The organisation with this URL slug. Raises NotFound (404: an unknown slug reveals nothing)."""
    org = db.session.execute(
        select(Organisation).where(Organisation.slug == slug)
    ).scalar_one_or_none()
    if org is None:
        raise NotFound()
    return org


def orgs_of(user) -> list[Organisation]:
    """The organisations a user belongs to, by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def _validate(data: dict) -> None:
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = data.get(field)
        if value is not None and len(value) > limit:
            errors[field] = _("At most %(n)d characters.", n=limit)
    if data.get("legal_form") not in LEGAL_FORMS:
        errors["legal_form"] = _("Choose a legal form.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("This field is required.")
    elif data.get("legal_form") == "jp_llp" and LLP_NAME_WORD not in data["name"]:
        # LLP Act 9: the name must contain 有限責任事業組合; "LLP" never replaces it.
        errors["name"] = _("The name of a Japanese LLP must contain 「有限責任事業組合」.")
    month = data.get("fiscal_year_start_month")
    if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
        errors["fiscal_year_start_month"] = _("Choose a month from 1 to 12.")
    start, end = data.get("effective_date"), data.get("end_date")
    if start and end and end <= start:
        errors["end_date"] = _("The end date must come after the effective date.")
    if errors:
        raise ValidationError(**errors)


def create_organisation(*, actor, slug: str, **data) -> Organisation:
    """Create an organisation; `actor` must be a superadmin (or None for the CLI and demo)."""
    if actor is not None and not getattr(actor, "is_superadmin", False):
        raise PermissionDenied()
    data.setdefault("fiscal_year_start_month", 4)
    _validate({**data, "slug": slug})
    if not SLUG_RE.match(slug or ""):
        raise ValidationError(slug=_("Use 2 to 40 lower-case letters, digits and hyphens."))
    if db.session.execute(select(Organisation.id).where(Organisation.slug == slug)).first():
        raise ValidationError(slug=_("This slug is already taken."))
    org = Organisation(slug=slug, settings=data.pop("settings", None) or {}, **data)
    db.session.add(org)
    db.session.flush()
    audit.record(
        tag="org:create",
        actor=actor,
        organisation_id=org.id,
        target=org,
        diff={k: [None, v] for k, v in {"slug": slug, **data}.items() if v is not None},
    )
    return org


def update_organisation(*, actor, organisation: Organisation, **changes) -> Organisation:
    """Edit the organisation's details. Once the agreement is in effect its Act 4(3) items
    (AGREEMENT_ITEMS) are refused here: they change only by an adopted amendment resolution
    (LLP Act 5). Raises ValidationError naming each such field (and the bad values)."""
    policy.require(actor, organisation, "org:update")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(**{f: _("This field cannot be changed.") for f in unknown})
    if in_effect(organisation):
        locked = [
            f for f in AGREEMENT_ITEMS if f in changes and changes[f] != getattr(organisation, f)
        ]
        if locked:
            raise ValidationError(
                _(
                    "The partnership agreement is in effect: its Act 4(3) items change only by an "
                    "amendment adopted by all partners (LLP Act 5). Propose an amendment."
                ),
                **{f: _("Changes only by an adopted amendment (LLP Act 5).") for f in locked},
            )
    merged = {f: getattr(organisation, f) for f in EDITABLE} | changes
    _validate(merged)
    diff = audit.diff_of(organisation, changes)
    for field, value in changes.items():
        setattr(organisation, field, value)
    if diff:
        audit.record(
            tag="org:update",
            actor=actor,
            organisation_id=organisation.id,
            target=organisation,
            diff=diff,
        )
    return organisation


def record_effective_date(*, actor, organisation: Organisation, on: dt.date) -> Organisation:
    """Record the date the agreement took effect (Act 3(1): once every contribution is paid).

    Recorded once, after the founding register is entered; afterwards it changes only by an
    amendment. `actor` None is the CLI or demo loader. Raises ValidationError(effective_date)."""
    if actor is not None:
        policy.require(actor, organisation, "org:update")
    if organisation.effective_date is not None:
        raise ValidationError(effective_date=_("The effective date is already recorded."))
    if not isinstance(on, dt.date):
        raise ValidationError(effective_date=_("Enter a date as YYYY-MM-DD."))
    _validate({f: getattr(organisation, f) for f in EDITABLE} | {"effective_date": on})
    organisation.effective_date = on
    audit.record(
        tag="org:effective",
        actor=actor,
        organisation_id=organisation.id,
        target=organisation,
        diff={"effective_date": [None, on]},
    )
    return organisation


def clean_amendment(organisation: Organisation, changes) -> dict:
    """The changes an amendment resolution carries, checked now: {field: new value} for the
    AMENDABLE fields that differ from today's (dates as YYYY-MM-DD). Raises ValidationError
    (unknown field, nothing changed, or a value the organisation would refuse)."""
    if not isinstance(changes, dict):
        raise ValidationError(changes=_("Give the new values of the items to amend."))
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValidationError(**{f: _("An amendment cannot change this item.") for f in unknown})
    parsed: dict = {}
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or None
        if field == "end_date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ValidationError(end_date=_("Enter a date as YYYY-MM-DD.")) from None
        if field == "fiscal_year_start_month" and isinstance(value, str) and value.isdigit():
            value = int(value)
        if value != getattr(organisation, field):
            parsed[field] = value
    if not parsed:
        raise ValidationError(changes=_("The amendment changes nothing."))
    _validate({f: getattr(organisation, f) for f in EDITABLE} | parsed)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in parsed.items()}


def apply_amendment(
    *,
    actor,
    organisation: Organisation,
    changes: dict,
    resolution_id: int,
    books_diff: dict | None = None,
) -> dict:
    """Apply an adopted amendment's new values of the organisation's Act 4(3) items (Act 5):
    `changes` as clean_amendment returned them (dates as YYYY-MM-DD) without the fiscal-year
    start month, which the books apply from the next fiscal year (ledger.years, called by
    resolutions.amendments; its diff comes in `books_diff`). One audit event org:amend with
    {field: [old, new]}, the books' diff and the resolution's id. Returns the diff."""
    values = {
        k: dt.date.fromisoformat(v) if k == "end_date" and isinstance(v, str) else v
        for k, v in changes.items()
        if k != "fiscal_year_start_month"
    }
    diff = audit.diff_of(organisation, values) | (books_diff or {})
    for field, value in values.items():
        setattr(organisation, field, value)
    audit.record(
        tag="org:amend",
        actor=actor,
        organisation_id=organisation.id,
        target=organisation,
        diff=diff | {"resolution_id": [None, resolution_id]},
    )
    return diff


def update_settings(*, actor, organisation: Organisation, **settings) -> Organisation:
    """Record choices of the partnership agreement (delegations, thresholds, rules)."""
    policy.require(actor, organisation, "org:update")
    old = dict(organisation.settings or {})
    new = old | settings
    diff = {k: [old.get(k), v] for k, v in settings.items() if old.get(k) != v}
    organisation.settings = new
    if diff:
        audit.record(
            tag="org:settings",
            actor=actor,
            organisation_id=organisation.id,
            target=organisation,
            diff=diff,
        )
    return organisation


def set_membership(
    *, actor, organisation: Organisation, user, role: str, partner_id: int | None = None
) -> Membership:
    """Give a user one role in the organisation (and optionally make them a partner's staff)."""
    if actor is not None:
        policy.require(actor, organisation, "user:admin")
    if role not in ROLES:
        raise ValidationError(role=_("Unknown role."))
    if partner_id is not None and not any(p.id == partner_id for p in partners_of(organisation)):
        raise ValidationError(partner_id=_("Choose a partner of this organisation."))
    membership = policy.membership_of(user, organisation)
    if (
        membership is not None
        and actor is not None
        and actor.id == user.id
        and role != membership.role
    ):
        # An admin who demotes themselves may leave the organisation with no admin at all.
        raise ValidationError(role=_("You cannot change your own role."))
    if membership is None:
        membership = Membership(
            organisation_id=organisation.id, user_id=user.id, role=role, partner_id=partner_id
        )
        db.session.add(membership)
        diff = {"user": [None, user.email], "role": [None, role], "partner_id": [None, partner_id]}
        tag = "membership:create"
    else:
        diff = audit.diff_of(membership, {"role": role, "partner_id": partner_id})
        membership.role, membership.partner_id = role, partner_id
        tag = "membership:update"
    if diff:
        audit.record(
            tag=tag, actor=actor, organisation_id=organisation.id, target=membership, diff=diff
        )
    return membership


def remove_membership(*, actor, organisation: Organisation, user) -> None:
    """Take a user out of the organisation (the user and the audit trail stay)."""
    policy.require(actor, organisation, "user:admin")
    membership = policy.membership_of(user, organisation)
    if membership is None:
        raise NotFound()
    if actor is not None and actor.id == user.id:
        raise ValidationError(_("You cannot remove yourself."))
    represented = next(
        (
            p
            for p in partners_of(organisation, ("active", "pending"))
            if p.representative_user_id == user.id
        ),
        None,
    )
    if represented is not None:
        raise ValidationError(
            _(
                "%(user)s is the designated representative of %(partner)s: choose another one first.",
                user=user.name,
                partner=represented.display_name(str(get_locale())),
            )
        )
    audit.record(
        tag="membership:remove",
        actor=actor,
        organisation_id=organisation.id,
        target=membership,
        diff={
            "user": [user.email, None],
            "role": [membership.role, None],
            "partner_id": [membership.partner_id, None],
        },
    )
    db.session.delete(membership)
    db.session.flush()


def members(organisation: Organisation) -> list[Membership]:
    """The organisation's memberships (users with their one role), oldest first; no permission check (the callers have one)."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.organisation_id == organisation.id)
            .order_by(Membership.id)
        )
    )


def today_in(organisation: Organisation) -> dt.date:
    """Today's date in the organisation's legal time zone (LLP_GOV_LEGAL_TIMEZONE, default
    Asia/Tokyo), where the LLP's legal dates fall. See llp_gov.legaltime."""
    return legaltime.today_in(organisation)
