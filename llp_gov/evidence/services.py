"""Certificates of evidence (証拠証明書) for approvals, votes and signatures, and the public check.

A certificate states, from the audit trail: who acted (name, role, the partner represented),
when (UTC and the legal zone's local time), how they had signed in, from which IP address and user
agent, the SHA-256 of the document concerned, the audit event's hash and its position in the
organisation's hash chain (and whether the chain verifies up to it), and where to verify.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.audit.models import AuditEvent
from llp_gov.auth import policy
from llp_gov.auth.models import User
from llp_gov.db import db
from llp_gov.errors import NotFound, ValidationError
from llp_gov.evidence.capture import is_evidence_tag
from llp_gov.evidence.models import SignInRecord
from llp_gov.legaltime import legal_timezone, legal_zone
from llp_gov.web import page_path, site_url

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _event(organisation, event_id: int) -> AuditEvent:
    event = db.session.get(AuditEvent, event_id)
    if event is None or event.organisation_id != organisation.id or not is_evidence_tag(event.tag):
        raise NotFound()
    return event


def _partner(organisation, user_id: int | None):
    from llp_gov.orgs.models import Membership  # noqa: PLC0415 (orgs sits above evidence)
    from llp_gov.partners.models import Partner  # noqa: PLC0415

    if user_id is None:
        return None, None
    m = db.session.scalar(
        select(Membership).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user_id
        )
    )
    if m is None:
        return None, None
    partner = db.session.get(Partner, m.partner_id) if m.partner_id else None
    return m.role, partner


def _document_sha256(event: AuditEvent) -> dict | None:
    """The document the action concerned, where the event names one."""
    from llp_gov.contracts.models import Contract  # noqa: PLC0415 (contracts sit above evidence)
    from llp_gov.documents.models import DocumentVersion  # noqa: PLC0415

    diff = event.diff or {}
    sha = diff.get("sha256")
    if isinstance(sha, list) and sha and sha[-1]:
        return {"sha256": sha[-1], "document_id": (diff.get("document_id") or [None])[-1]}
    if event.target_type == "contracts" and event.target_id:
        contract = db.session.get(Contract, int(event.target_id))
        if contract is not None and contract.document_id:
            version = db.session.scalar(
                select(DocumentVersion)
                .where(
                    DocumentVersion.document_id == contract.document_id,
                    DocumentVersion.created_at <= event.created_at + dt.timedelta(seconds=5),
                )
                .order_by(DocumentVersion.number.desc())
            )
            if version is not None:
                return {
                    "sha256": version.sha256,
                    "document_id": contract.document_id,
                    "version": version.number,
                }
    return None


def verify_url(value: str) -> str:
    """The public verify page's address for a hash (outside a request: SERVER_NAME, i.e.
    LLP_GOV_SERVER_NAME; without it the path only, see llp_gov.web.site_url)."""
    return site_url(page_path("evidence.verify", hash=value))


def certificate(*, actor, organisation, event_id: int) -> dict:
    """The certificate of evidence of audit event ``event_id`` (an approval, vote, signature,
    consent, proxy vote or minutes approval of this organisation) as JSON-ready data.

    Readable by those with audit:read (chairman, admin) and by the event's own actor. Raises
    NotFound for another organisation's event or an event of another kind, PermissionDenied
    otherwise. Times: ISO 8601 UTC and in LLP_GOV_LEGAL_TIMEZONE (Asia/Tokyo by default)."""
    policy.require(actor, organisation, "contract:read")
    event = _event(organisation, event_id)
    if event.actor_id != actor.id:
        policy.require(actor, organisation, "audit:read")
    user = db.session.get(User, event.actor_id) if event.actor_id else None
    role, partner = _partner(organisation, event.actor_id)
    sign_in = db.session.scalar(
        select(SignInRecord.method).where(SignInRecord.event_id == event.id)
    )
    breaks = [b for b in audit.verify(chain=event.chain_key) if b.seq <= event.seq]
    local = event.created_at.astimezone(legal_zone(organisation))
    return {
        "event_id": event.id,
        "organisation": organisation.slug,
        "action": event.tag,
        "target": {"type": event.target_type, "id": event.target_id},
        "details": event.diff or {},
        "who": {
            "user_id": event.actor_id,
            "name": user.name if user else event.actor_label,
            "email": user.email if user else None,
            "role": role,
            "partner": {"id": partner.id, "name": partner.name} if partner else None,
        },
        "when": {
            "utc": event.created_at.astimezone(dt.UTC).isoformat(),
            "local": local.isoformat(),
            "time_zone": legal_timezone(organisation),
        },
        "sign_in": sign_in,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "document": _document_sha256(event),
        "audit": {
            "chain": event.chain_key,
            "position": event.seq,
            "hash": event.hash,
            "previous_hash": event.prev_hash,
            "data_digest": event.data_digest,
            "chain_verified_to_here": not breaks,
        },
        "verify_url": verify_url(event.hash),
    }


def certificate_pdf(*, actor, organisation, event_id: int) -> bytes:
    """The certificate as PDF/A-3b with certificate.json attached, signed with the organisation's
    key when it has one (PAdES, see llp_gov.signing)."""
    from llp_gov.pdf.render import PdfAttachment, render_template_pdf  # noqa: PLC0415
    from llp_gov.signing import pades  # noqa: PLC0415 (signing sits beside evidence)

    data = certificate(actor=actor, organisation=organisation, event_id=event_id)
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode()
    pdf = render_template_pdf(
        "pdf/evidence_certificate.html",
        attachments=[PdfAttachment("certificate.json", blob, "Certificate of evidence")],
        pdf_variant="pdf/a-3b",
        metadata={
            "title": f"Certificate of evidence {organisation.slug} #{event_id}",
            "author": organisation.name,
            "lang": "ja",
        },
        cert=data,
        organisation=organisation,
    )
    signed = pades.sign_pdf(
        pdf, organisation=organisation, reason=f"Certificate of evidence #{event_id}"
    )
    return signed[0] if signed else pdf


def lookup(value: str) -> dict:
    """The public check: is this SHA-256 (of a file, or an audit event's hash) on record, and
    since when? Says nothing else (no organisation, names or contents).

    Raises ValidationError(hash) unless ``value`` is 64 hexadecimal digits."""
    from llp_gov.documents.models import DocumentVersion  # noqa: PLC0415

    value = (value or "").strip().lower()
    if not HEX64.match(value):
        raise ValidationError(hash=_("Enter a SHA-256 value: 64 hexadecimal digits."))
    first_file = db.session.scalar(
        select(DocumentVersion.created_at)
        .where(DocumentVersion.sha256 == value)
        .order_by(DocumentVersion.created_at)
    )
    event_at = db.session.scalar(select(AuditEvent.created_at).where(AuditEvent.hash == value))
    return {
        "sha256": value,
        "file_recorded_at": first_file.astimezone(dt.UTC).isoformat() if first_file else None,
        "event_recorded_at": event_at.astimezone(dt.UTC).isoformat() if event_at else None,
        "recorded": bool(first_file or event_at),
    }
