"""Minutes (議事録) of a closed resolution: generated from the resolution as PDF/A-3b with the
data attached, signed with the organisation's PAdES seal when the chairman approves them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.auth.models import User
from llp_gov.board.models import Minutes
from llp_gov.board.proxies import proxies
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict
from llp_gov.legaltime import legal_zone
from llp_gov.orgs.models import Organisation
from llp_gov.pdf.render import PdfAttachment, render_template_pdf
from llp_gov.resolutions import particulars, rules
from llp_gov.resolutions.models import Resolution
from llp_gov.resolutions.tally import tally
from llp_gov.signing import services as signing
from llp_gov.web import statute


def _times(value: dt.datetime | None, zone) -> dict[str, str] | None:
    if value is None:
        return None
    return {
        "utc": value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "local": value.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    }


def minutes_data(organisation: Organisation, resolution: Resolution) -> dict[str, Any]:
    """The minutes' content as plain data (also attached to the PDF as minutes.json): the matter
    and its statute, whether decided in writing, the rule and votes needed, the participants
    (every entitled partner: its vote, who cast it, the proxy and proxy document, when, in UTC and
    in the organisation's legal zone), the tally, the result and the recorded effects."""
    zone = legal_zone(organisation)
    matter = rules.MATTERS[resolution.matter]
    with force_locale("ja"):
        matter_label = str(matter.label)
        rule_label = str(rules.RULE_LABELS.get(resolution.rule, resolution.rule))
    by_proxy = proxies(resolution)
    votes = []
    for v in resolution.votes:
        proxy = by_proxy.get(v.partner_id)
        votes.append(
            {
                "partner": v.partner.name,
                "vote": v.vote,
                # The person who exercised the vote: the proxy when one was recorded; the user
                # who entered it (the chairman for a proxy) is kept beside it.
                "cast_by": proxy.proxy_name if proxy else (v.cast_by.name if v.cast_by else None),
                "entered_by": v.cast_by.name if v.cast_by else None,
                "proxy": proxy.proxy_name if proxy else None,
                "proxy_document_id": proxy.document_id if proxy else None,
                "at": _times(v.cast_at, zone),
            }
        )
    return {
        "organisation": organisation.name,
        "resolution_id": resolution.id,
        "title": resolution.title,
        "text": resolution.text,
        "matter": resolution.matter,
        "matter_label": matter_label,
        "statute": statute(matter.statute, "ja"),
        "statute_en": matter.statute,
        "in_writing": resolution.rule_basis == "in_writing",
        "rule": rule_label,
        "base": resolution.base,
        "required": resolution.required,
        "opened_at": _times(resolution.opened_at, zone),
        "deadline": _times(resolution.deadline, zone),
        "closed_at": _times(resolution.closed_at, zone),
        "status": resolution.status,
        "tally": tally(resolution).as_dict(),
        "votes": votes,
        "effects": resolution.effects or {},
        "printed": particulars.printed(organisation, resolution),
        "zone": zone.key,
    }


def render_minutes(organisation: Organisation, resolution: Resolution) -> bytes:
    """The minutes as PDF/A-3b with minutes.json attached, unsigned (the draft)."""
    data = minutes_data(organisation, resolution)
    blob = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return render_template_pdf(
        "pdf/board_minutes.html",
        attachments=[PdfAttachment("minutes.json", blob, "Minutes (llp-gov)")],
        pdf_variant="pdf/a-3b",
        metadata={"title": f"議事録 {resolution.title}", "author": organisation.name, "lang": "ja"},
        m=data,
    )


def minutes_of(resolution: Resolution) -> Minutes | None:
    """The signed minutes of the resolution, if any."""
    return db.session.scalar(select(Minutes).where(Minutes.resolution_id == resolution.id))


def unsigned_minutes(*, actor: User, organisation: Organisation) -> list[Resolution]:
    """Closed resolutions (closing recorded) whose minutes are not signed yet, oldest first.
    Raises PermissionDenied without "resolution:read"."""
    policy.require(actor, organisation, "resolution:read")
    return list(
        db.session.scalars(
            select(Resolution)
            .outerjoin(Minutes, Minutes.resolution_id == Resolution.id)
            .where(
                Resolution.organisation_id == organisation.id,
                Resolution.status != "open",
                Minutes.id.is_(None),
            )
            .order_by(Resolution.closed_at, Resolution.id)
        )
    )


def sign_minutes(*, actor: User, organisation: Organisation, resolution: Resolution) -> Minutes:
    """The chairman approves the minutes of a closed resolution: the PDF/A is signed with the
    organisation's key (PAdES B-T with LLP_GOV_TSA_URL or the trial TSA, else B-B; unsigned
    when the organisation has no key: the approval is then the recorded one), stored as a
    document (type "minutes") and audited as board:minutes:sign with the document's SHA-256.
    Raises PermissionDenied (needs "resolution:open"), Conflict (still open, or signed already).
    The LLP Act prescribes no minutes form; important business records are kept ten years
    (Act 29(4), 31; /work/shared/DOMAIN.md "Books and records"), which the signed PDF serves."""
    policy.require(actor, organisation, "resolution:open")
    if resolution.status == "open":
        raise Conflict(_("Minutes exist once the resolution is closed."))
    if minutes_of(resolution) is not None:
        raise Conflict(_("These minutes are signed already."))
    doc, level = signing.issue_signed_document(
        actor=actor,
        organisation=organisation,
        pdf=render_minutes(organisation, resolution),
        reason=f"Minutes approved by {actor.name}",
        purpose="minutes",
        title=f"議事録 {resolution.title}"[:300],
        filename=f"minutes-{resolution.id}.pdf",
        doc_type="minutes",
    )
    version = doc.versions[-1]
    minutes = Minutes(
        organisation_id=organisation.id,
        resolution_id=resolution.id,
        document_id=doc.id,
        signed_by_id=actor.id,
        signed_at=utcnow(),
    )
    db.session.add(minutes)
    db.session.flush()
    audit.record(
        tag="board:minutes:sign",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={
            "document_id": [None, doc.id],
            "sha256": [None, version.sha256],
            "level": [None, level],
        },
    )
    return minutes
