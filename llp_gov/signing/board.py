"""Board portal: written resolutions (書面決議), convening notices, proxies and minutes (議事録).

A written resolution replaces a meeting only with every partner's consent: it is adopted when
every active partner has consented, and not adopted as soon as one refuses or when the deadline
passes first (the unanimity a decision without a meeting needs; the LLP Act leaves the procedure
to the agreement, Act 12(1) and 26; cf. Companies Act art. 370 and 319(1) for the same rule
in companies). Each partner answers through its designated representative; the chairman may
record the answer of a partner who gave a written proxy (委任状), attaching it. Every answer is
an audit event (its certificate of evidence: llp_gov.evidence). When decided, the minutes are
generated as PDF/A and signed (PAdES with the organisation's key) when the chairman approves them.
"""

from __future__ import annotations

import datetime as dt
import json

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.signing.models import ConveningNotice, Minutes, WrittenConsent, WrittenResolution


def _partners(organisation):
    from llp_gov.partners.models import Partner  # noqa: PLC0415 (partners sit above signing)

    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status == "active")
            .order_by(Partner.id)
        )
    )


def get(*, actor, organisation, resolution_id: int) -> WrittenResolution:
    policy.require(actor, organisation, "resolution:vote")
    row = db.session.get(WrittenResolution, resolution_id)
    if row is None or row.organisation_id != organisation.id:
        raise NotFound()
    return row


def list_open(*, actor, organisation) -> list[WrittenResolution]:
    policy.require(actor, organisation, "resolution:vote")
    return list(
        db.session.scalars(
            select(WrittenResolution)
            .where(WrittenResolution.organisation_id == organisation.id)
            .order_by(WrittenResolution.id.desc())
        )
    )


def propose(
    *, actor, organisation, title: str, text: str, deadline: dt.datetime, statute: str = ""
) -> WrittenResolution:
    """The chairman proposes a written resolution and sends the convening notice to every active
    partner's representative (in-app and mail: 'delivered'). ``deadline``: aware UTC datetime in
    the future. Raises ValidationError (title, deadline). Audited as board:propose."""
    from llp_gov.auth.models import User  # noqa: PLC0415
    from llp_gov.notifications import services as notifications  # noqa: PLC0415

    policy.require(actor, organisation, "resolution:open")
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the resolution a title.")
    if not isinstance(deadline, dt.datetime) or deadline.tzinfo is None or deadline <= utcnow():
        errors["deadline"] = _("The deadline must be in the future.")
    if errors:
        raise ValidationError(**errors)
    row = WrittenResolution(
        organisation_id=organisation.id,
        title=title[:200],
        text=(text or "").strip(),
        statute=(statute or "").strip()[:200] or None,
        deadline=deadline,
        status="open",
        opened_by_id=actor.id,
        opened_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="board:propose",
        actor=actor,
        organisation_id=organisation.id,
        target=row,
        diff={"title": [None, row.title], "deadline": [None, deadline.isoformat()]},
    )
    link = notifications.path_for("signing.board_detail", slug=organisation.slug, rid=row.id)
    for partner in _partners(organisation):
        user = (
            db.session.get(User, partner.representative_user_id)
            if partner.representative_user_id
            else None
        )
        notice = ConveningNotice(
            resolution_id=row.id, partner_id=partner.id, user_id=getattr(user, "id", None)
        )
        if user is not None:
            notifications.notify(
                actor=actor,
                organisation=organisation,
                user=user,
                message=lambda: _notice_text(row),
                link=link,
            )
            notice.delivered_at = utcnow()
        db.session.add(notice)
    db.session.flush()
    return row


def _notice_text(row: WrittenResolution) -> tuple[str, str]:
    return (
        _("Written resolution: %(title)s", title=row.title),
        _(
            "You are asked to consent in writing for the partner you represent by "
            "%(deadline)s (UTC). It is adopted only if every partner consents.",
            deadline=row.deadline.strftime("%Y-%m-%d %H:%M"),
        ),
    )


def mark_opened(*, actor, organisation, resolution: WrittenResolution) -> None:
    """The representative viewed the resolution: its notice is 'opened' (first time only)."""
    from llp_gov.partners.services import represented_by  # noqa: PLC0415

    partner = represented_by(organisation, actor)
    if partner is None:
        return
    notice = db.session.scalar(
        select(ConveningNotice).where(
            ConveningNotice.resolution_id == resolution.id,
            ConveningNotice.partner_id == partner.id,
        )
    )
    if notice is not None and notice.opened_at is None:
        notice.opened_at = utcnow()
        db.session.flush()
        audit.record(
            tag="board:notice:opened",
            actor=actor,
            organisation_id=organisation.id,
            target=resolution,
            diff={"partner_id": [None, partner.id]},
        )


def notices(resolution: WrittenResolution) -> list[ConveningNotice]:
    return list(
        db.session.scalars(
            select(ConveningNotice)
            .where(ConveningNotice.resolution_id == resolution.id)
            .order_by(ConveningNotice.partner_id)
        )
    )


def consents(resolution: WrittenResolution) -> dict[int, WrittenConsent]:
    rows = db.session.scalars(
        select(WrittenConsent).where(WrittenConsent.resolution_id == resolution.id)
    )
    return {c.partner_id: c for c in rows}


def _decide(*, actor, organisation, resolution: WrittenResolution, now: dt.datetime) -> None:
    answers = consents(resolution)
    partners = _partners(organisation)
    if any(not c.consent for c in answers.values()):
        outcome = "rejected"
    elif all(p.id in answers for p in partners):
        outcome = "adopted"
    elif now >= resolution.deadline:
        outcome = "rejected"
    else:
        return
    resolution.status = outcome
    resolution.closed_at = now
    db.session.flush()
    audit.record(
        tag=f"board:{outcome}",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"status": ["open", outcome]},
    )
    make_minutes(actor=actor, organisation=organisation, resolution=resolution)


def _answer(*, actor, organisation, resolution, partner, consent: bool, **extra) -> WrittenConsent:
    sha = extra.pop("_sha", None)
    now = utcnow()
    if resolution.status != "open" or now >= resolution.deadline:
        raise Conflict(_("This written resolution is closed: answers can no longer be given."))
    if partner.id in consents(resolution):
        raise Conflict(_("%(partner)s has answered already.", partner=partner.name))
    row = WrittenConsent(
        resolution_id=resolution.id,
        partner_id=partner.id,
        consent=bool(consent),
        user_id=actor.id,
        at=now,
        **extra,
    )
    db.session.add(row)
    db.session.flush()
    tag = "board:proxy" if extra.get("proxy_document_id") else "board:consent"
    audit.record(
        tag=tag,
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={
            "partner_id": [None, partner.id],
            "consent": [None, bool(consent)],
            **({"proxy": [None, extra["proxy_name"]]} if extra.get("proxy_name") else {}),
            **(
                {"document_id": [None, extra["proxy_document_id"]], "sha256": [None, sha]}
                if extra.get("proxy_document_id")
                else {}
            ),
        },
    )
    _decide(actor=actor, organisation=organisation, resolution=resolution, now=now)
    return row


def answer(*, actor, organisation, resolution: WrittenResolution, consent: bool) -> WrittenConsent:
    """The actor consents (or refuses) for the partner they represent. Raises PermissionDenied
    (represents no active partner), Conflict (closed, or answered already). Audited."""
    from llp_gov.partners.services import represented_by  # noqa: PLC0415

    policy.require(actor, organisation, "resolution:vote")
    partner = represented_by(organisation, actor)
    if partner is None:
        raise PermissionDenied(
            _("Only a partner's designated representative answers a written resolution.")
        )
    return _answer(
        actor=actor,
        organisation=organisation,
        resolution=resolution,
        partner=partner,
        consent=consent,
    )


def record_proxy(
    *,
    actor,
    organisation,
    resolution: WrittenResolution,
    partner_id: int | None,
    consent: bool,
    proxy_name: str,
    data: bytes,
    filename: str,
) -> WrittenConsent:
    """The chairman records the answer a partner gave through a proxy, attaching the proxy
    document (委任状, stored as a document; its SHA-256 is in the audit event). Raises
    ValidationError (partner_id, proxy_name, file), Conflict as answer(). Audited as board:proxy."""
    from llp_gov.documents import services as documents  # noqa: PLC0415
    from llp_gov.partners.models import Partner  # noqa: PLC0415

    policy.require(actor, organisation, "resolution:open")
    errors = {}
    partner = db.session.get(Partner, partner_id) if isinstance(partner_id, int) else None
    if partner is None or partner.organisation_id != organisation.id or partner.status != "active":
        errors["partner_id"] = _("Choose a partner of this organisation.")
    proxy_name = (proxy_name or "").strip()
    if not proxy_name:
        errors["proxy_name"] = _("Name the proxy.")
    if not data:
        errors["file"] = _("Attach the proxy document.")
    if errors:
        raise ValidationError(**errors)
    assert partner is not None  # checked above
    doc = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=f"委任状 {partner.name} — {resolution.title}"[:300],
        data=data,
        filename=filename or "proxy.pdf",
        doc_type="other",
    )
    version = doc.versions[-1]
    return _answer(
        actor=actor,
        organisation=organisation,
        resolution=resolution,
        partner=partner,
        consent=consent,
        proxy_name=proxy_name[:200],
        proxy_document_id=doc.id,
        _sha=version.sha256,
    )


def close_due(now: dt.datetime | None = None) -> int:
    """Close open written resolutions past their deadline (not adopted). For the job queue."""
    from llp_gov.orgs.models import Organisation  # noqa: PLC0415

    now = now or utcnow()
    rows = db.session.scalars(
        select(WrittenResolution).where(
            WrittenResolution.status == "open", WrittenResolution.deadline <= now
        )
    ).all()
    for row in rows:
        org = db.session.get(Organisation, row.organisation_id)
        _decide(actor=None, organisation=org, resolution=row, now=now)
    return len(rows)


# -- Minutes -------------------------------------------------------------------------------------


def minutes_data(organisation, resolution: WrittenResolution) -> dict:
    """The minutes' content: matter, statute, participants, answers, result."""
    from llp_gov.auth.models import User  # noqa: PLC0415

    answers = consents(resolution)
    rows = []
    for p in _partners(organisation):
        c = answers.get(p.id)
        by = db.session.get(User, c.user_id) if c else None
        rows.append(
            {
                "partner": p.name,
                "answer": None if c is None else ("consent" if c.consent else "refusal"),
                "by": by.name if by else None,
                "proxy": c.proxy_name if c else None,
                "at": c.at.isoformat() if c else None,
            }
        )
    return {
        "organisation": organisation.name,
        "title": resolution.title,
        "text": resolution.text,
        "statute": resolution.statute,
        "opened_at": resolution.opened_at.isoformat(),
        "deadline": resolution.deadline.isoformat(),
        "closed_at": resolution.closed_at.isoformat() if resolution.closed_at else None,
        "result": resolution.status,
        "answers": rows,
    }


def render_minutes(organisation, resolution: WrittenResolution) -> bytes:
    """The minutes as PDF/A-3b with minutes.json attached (unsigned)."""
    from llp_gov.pdf.render import PdfAttachment, render_template_pdf  # noqa: PLC0415

    data = minutes_data(organisation, resolution)
    blob = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return render_template_pdf(
        "pdf/board_minutes.html",
        attachments=[PdfAttachment("minutes.json", blob, "Minutes (llp-gov)")],
        pdf_variant="pdf/a-3b",
        metadata={"title": f"議事録 {resolution.title}", "author": organisation.name, "lang": "ja"},
        m=data,
    )


def make_minutes(*, actor, organisation, resolution: WrittenResolution) -> Minutes:
    """Record that the decided resolution needs minutes (signed later by the chairman)."""
    minutes = Minutes(organisation_id=organisation.id, resolution_id=resolution.id)
    db.session.add(minutes)
    db.session.flush()
    return minutes


def unsigned_minutes(*, actor, organisation) -> list[Minutes]:
    """Minutes not yet signed (the chairman's list)."""
    policy.require(actor, organisation, "resolution:vote")
    return list(
        db.session.scalars(
            select(Minutes)
            .where(Minutes.organisation_id == organisation.id, Minutes.signed_at.is_(None))
            .order_by(Minutes.id)
        )
    )


def sign_minutes(*, actor, organisation, minutes: Minutes) -> Minutes:
    """The chairman approves the minutes: the PDF is signed with the organisation's key (PAdES,
    when configured) and stored as a document; the approval is audited as board:minutes:sign.
    Raises Conflict when signed already."""
    from llp_gov.documents import services as documents  # noqa: PLC0415
    from llp_gov.signing import services as signing  # noqa: PLC0415

    policy.require(actor, organisation, "resolution:open")
    if minutes.organisation_id != organisation.id:
        raise NotFound()
    if minutes.signed_at is not None:
        raise Conflict(_("These minutes are signed already."))
    resolution = db.session.get(WrittenResolution, minutes.resolution_id)
    if resolution is None:
        raise NotFound()
    pdf = render_minutes(organisation, resolution)
    signed, level = signing.sign_for_issue(
        pdf, organisation=organisation, reason=f"Minutes approved by {actor.name}"
    )
    doc = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=f"議事録 {resolution.title}"[:300],
        data=signed,
        filename=f"minutes-{resolution.id}.pdf",
        doc_type="minutes",
    )
    if level is not None:
        signing.record_signed(
            actor=actor,
            organisation=organisation,
            version=doc.versions[-1],
            purpose="minutes",
            level=level,
        )
    minutes.document_id = doc.id
    minutes.signed_by_id = actor.id
    minutes.signed_at = utcnow()
    db.session.flush()
    audit.record(
        tag="board:minutes:sign",
        actor=actor,
        organisation_id=organisation.id,
        target=minutes,
        diff={"document_id": [None, doc.id], "sha256": [None, doc.versions[-1].sha256]},
    )
    return minutes
