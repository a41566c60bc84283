"""Opening a partner resolution: the matter's particulars checked, the entitled partners and the
rule fixed at opening (LLP Act 12, 5, 24, 27, 33; Ord. 5, 36), the voters notified."""

from __future__ import annotations

import datetime as dt
from typing import TypeGuard

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.documents.services import get_document
from llp_gov.errors import NotFound, ValidationError
from llp_gov.notifications import kinds
from llp_gov.notifications.services import notify, path_for
from llp_gov.orgs import services as org_services
from llp_gov.partners.models import Partner
from llp_gov.partners.services import check_composition
from llp_gov.resolutions import amendments, particulars, rules, signals
from llp_gov.resolutions.models import Resolution, ResolutionVote

PROJECT_MATTERS = ("business", "important_property", "large_borrowing")
MAX_OPEN_DAYS = 366


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_subject(organisation, matter: rules.Matter, subject_partner_id) -> Partner | None:
    if matter.subject_partner is None:
        if subject_partner_id is not None:
            raise ValidationError(
                subject_partner_id=_("This matter concerns no particular partner.")
            )
        return None
    partner = db.session.get(Partner, subject_partner_id) if _is_int(subject_partner_id) else None
    if partner is None or partner.organisation_id != organisation.id:
        raise ValidationError(subject_partner_id=_("Choose the partner concerned."))
    if matter.subject_partner == "pending" and partner.status != "pending":
        raise ValidationError(
            subject_partner_id=_("Only a partner registered as pending admission can be admitted.")
        )
    if matter.subject_partner == "active" and not partner.is_active:
        raise ValidationError(subject_partner_id=_("Only an active partner can be expelled."))
    return partner


def _check_project(organisation, matter_key: str, project_id):
    if project_id is None:
        return None
    # The projects domain answers (resolutions does not import projects).
    project = (
        signals.answer(signals.project_lookup, organisation, project_id=project_id)
        if _is_int(project_id)
        else None
    )
    if project is None or project.organisation_id != organisation.id:
        raise ValidationError(project_id=_("Choose a project of this organisation."))
    if matter_key not in PROJECT_MATTERS:
        raise ValidationError(
            project_id=_(
                "Only a business, important property or borrowing resolution concerns a project."
            )
        )
    if project.status != "submitted":
        raise ValidationError(
            project_id=_("Only a project waiting for a decision can be put to the partners.")
        )
    return project


def _check_attachments(actor, organisation, attachment_ids) -> list:
    try:
        return [
            get_document(actor=actor, organisation=organisation, document_id=i)
            for i in attachment_ids or ()
        ]
    except (NotFound, TypeError):
        raise ValidationError(attachment_ids=_("Choose documents of this organisation.")) from None


def _check_ratio(voters: list[Partner], payload: dict) -> dict:
    """Ord. 36: each partner's allocation ratio, the reason, and the start date."""
    ratios = payload.get("ratios") or {}
    try:
        ratios = {int(k): v for k, v in ratios.items()}
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(
            ratios=_("Give each partner's ratio as a whole percentage.")
        ) from None
    ids = {p.id for p in voters}
    if set(ratios) != ids or not all(_is_int(v) and 0 <= v <= 100 for v in ratios.values()):
        raise ValidationError(
            ratios=_("Give every active partner a whole percentage from 0 to 100.")
        )
    if sum(ratios.values()) != 100:
        raise ValidationError(ratios=_("The ratios must add up to 100%."))
    reason = (payload.get("reason") or "").strip()
    if not reason:
        raise ValidationError(
            reason=_("State why the ratio differs from the contributions and why it is reasonable.")
        )
    starts_on = payload.get("starts_on")
    if isinstance(starts_on, str):
        try:
            starts_on = dt.date.fromisoformat(starts_on)
        except ValueError:
            starts_on = None
    if not isinstance(starts_on, dt.date):
        raise ValidationError(starts_on=_("Give the date from which the ratio applies."))
    return {
        "ratios": {str(k): v for k, v in sorted(ratios.items())},
        "reason": reason,
        "starts_on": starts_on.isoformat(),
    }


def _check_payload(
    organisation, matter: str, voters: list[Partner], payload: dict, subject=None
) -> dict:
    """The matter's particulars: the ratios (Ord. 36), an amendment's new values (Act 5), or
    for an expulsion what cures a missing second or domestic partner (Act 3(2), 37)."""
    if matter == "expulsion":
        cure_id = payload.get("cure_partner_id")
        return {
            "cure": check_composition(
                organisation,
                subject,
                dissolution=bool(payload.get("dissolution")),
                cure_partner_id=int(str(cure_id)) if str(cure_id or "").isdigit() else cure_id,
            )
        }
    if matter == "profit_loss_ratio":
        return _check_ratio(voters, payload)
    if matter == "amendment":
        cleaned = amendments.clean(organisation, payload)
        # Kept with the resolution: the partners see what each item is today and becomes.
        return cleaned | {"current": particulars.current_values(organisation, cleaned)}
    return {}


def open_resolution(
    *,
    actor,
    organisation,
    matter: str,
    title: str,
    text: str = "",
    deadline: dt.datetime | None,
    amount: int | None = None,
    subject_partner_id: int | None = None,
    project_id: int | None = None,
    payload: dict | None = None,
    attachment_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    in_writing: bool = False,
) -> Resolution:
    """Open a resolution to all partners active now (the chairman's act).

    ``in_writing``: decided in writing without a meeting (書面決議): adopted only if every entitled
    partner votes for (rule "unanimous", basis "in_writing"), whatever the matter's own rule."""
    policy.require(actor, organisation, "resolution:open")
    now = now or utcnow()
    spec = rules.MATTERS.get(matter)
    if spec is None:
        raise ValidationError(matter=_("Choose a matter."))
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("This field is required.")
    elif len(title) > 200:
        errors["title"] = _("At most %(n)d characters.", n=200)
    if len(text) > 20000:
        errors["text"] = _("At most %(n)d characters.", n=20000)
    elif matter == "expulsion" and not text:
        # Act 27: an expulsion needs just cause; the partners vote on the cause stated.
        errors["text"] = _("State the just cause for the expulsion.")
    if not isinstance(deadline, dt.datetime) or deadline.tzinfo is None:
        errors["deadline"] = _("Give a deadline.")
    elif deadline <= now:
        errors["deadline"] = _("The deadline must be in the future.")
    elif deadline > now + dt.timedelta(days=MAX_OPEN_DAYS):
        errors["deadline"] = _("The deadline must be within a year.")
    if spec.needs_amount and (not _is_int(amount) or amount <= 0):
        errors["amount"] = _("Give the amount in yen.")
    elif not spec.needs_amount and amount is not None:
        errors["amount"] = _("This matter has no amount.")
    if errors:
        raise ValidationError(**errors)
    attachments = _check_attachments(actor, organisation, attachment_ids)
    subject = _check_subject(organisation, spec, subject_partner_id)
    project = _check_project(organisation, matter, project_id)
    voters = [
        p
        for p in db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status == "active")
            .order_by(Partner.position, Partner.id)
        )
        # Act 27: the partner to be expelled does not vote; the base is all the others.
        if spec.subject_votes or subject is None or p.id != subject.id
    ]
    if not voters:
        raise ValidationError(matter=_("No partner is entitled to vote."))
    clean_payload = _check_payload(organisation, matter, voters, payload or {}, subject)
    rule, basis = rules.rule_for(
        organisation, matter, amount=amount, on=org_services.today_in(organisation)
    )
    if in_writing:
        rule, basis = "unanimous", "in_writing"
    resolution = Resolution(
        organisation_id=organisation.id,
        matter=matter,
        title=title,
        text=text,
        amount=amount,
        subject_partner_id=subject.id if subject else None,
        project_id=project.id if project else None,
        payload=clean_payload,
        rule=rule,
        rule_basis=basis,
        base=len(voters),
        required=rules.required_votes(rule, len(voters)),
        deadline=deadline,
        opened_by_id=actor.id,
        opened_at=now,
        status="open",
        effects={},
        votes=[ResolutionVote(partner_id=p.id) for p in voters],
        attachments=attachments,
    )
    db.session.add(resolution)
    db.session.flush()
    audit.record(
        tag="resolution:open",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={
            "matter": [None, matter],
            "title": [None, title],
            "rule": [None, rule],
            "rule_basis": [None, basis],
            "base": [None, resolution.base],
            "required": [None, resolution.required],
            "deadline": [None, deadline],
            "voters": [None, [p.id for p in voters]],
        }
        | ({"amount": [None, amount]} if amount is not None else {})
        | ({"subject_partner_id": [None, subject.id]} if subject else {})
        | ({"project_id": [None, project.id]} if project else {})
        | ({"attachment_ids": [None, [d.id for d in attachments]]} if attachments else {}),
    )
    _notify_voters(actor=actor, organisation=organisation, resolution=resolution, voters=voters)
    signals.resolution_opened.send(
        resolution, organisation=organisation, actor=actor, voters=voters
    )
    return resolution


@kinds.kind("resolutions.vote_asked")
def _vote_asked(params: dict) -> tuple[str, str]:
    """The vote request, in the reader's language: the partner's name in it when it has one."""
    partner = db.session.get(Partner, params["partner_id"]) if params.get("partner_id") else None
    name = partner.display_name(kinds.locale_code()) if partner else params["partner"]
    subject = _("Your vote is asked: “%(title)s”", title=params["title"])
    body = _("Vote for %(partner)s before the deadline.", partner=name)
    return subject, body


def _notify_voters(*, actor, organisation, resolution: Resolution, voters: list[Partner]) -> None:
    link = path_for("resolutions.detail", slug=organisation.slug, resolution_id=resolution.id)
    for partner in voters:
        if partner.representative_user is None:
            continue
        notify(
            actor=actor,
            organisation=organisation,
            user=partner.representative_user,
            kind="resolutions.vote_asked",
            params={
                "resolution_id": resolution.id,
                "title": resolution.title,
                "partner_id": partner.id,
                "partner": partner.name,
            },
            link=link,
        )
