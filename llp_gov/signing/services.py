"""Signing what the organisation issues, and renewing archive time stamps (restamp_due)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth.models import User
from llp_gov.db import db, utcnow
from llp_gov.documents import services as documents
from llp_gov.documents import storage
from llp_gov.documents.models import Document, DocumentVersion
from llp_gov.orgs.models import Organisation
from llp_gov.signing import pades
from llp_gov.signing.models import SignedPdf


def sign_for_issue(
    data: bytes, *, organisation: Organisation, reason: str, archive: bool = True
) -> tuple[bytes, str | None]:
    """Sign a PDF the organisation issues; returns (bytes to store, PAdES level or None).

    How another domain signs what it issues (the accounting engineer's financial statements and
    partner statements, minutes, contracts): render the PDF/A, call this, store the returned
    bytes as a document, then call record_signed(version=<the new version>, level=<level>) when
    the level is not None, so that the signature is audited and an archived (B-LTA) copy is
    restamped before its time stamp expires. issue_signed_document does the three steps.

    ``data``: the PDF bytes (PDF/A stays PDF/A: the signature is an incremental update).
    ``reason``: the signature's /Reason (e.g. "財務諸表 2026年度"). ``archive``: True for what is
    kept (B-LTA when a TSA is configured). The level is "B-B" (key, no TSA), "B-T"
    (LLP_GOV_TSA_URL, or a trial key with the trial TSA), "B-LTA" (archive and a TSA); None and
    ``data`` unchanged when the organisation has no key (keys.has_key). Raises pyHanko's and
    python-pkcs11's errors when the TSA or the token fails: the caller's transaction rolls back,
    so nothing is stored unsigned by accident. Standard: ETSI EN 319 142-1 (PAdES baseline
    B-B/B-T/B-LTA), RFC 3161 (time stamps); see pades.sign_pdf."""
    signed = pades.sign_pdf(data, organisation=organisation, reason=reason, archive=archive)
    if signed is None:
        return data, None
    return signed


def record_signed(
    *,
    actor: User | None,
    organisation: Organisation,
    version: DocumentVersion,
    purpose: str,
    level: str,
    archive: bool = True,
) -> SignedPdf:
    """Remember a signed document version (for restamping) and audit the signature as
    signing:sign (document, version, SHA-256, level, purpose). ``purpose``: a short code of what
    was signed ("contract:approved", "minutes", "ledger:statements", ...); ``level`` as returned
    by sign_for_issue. The time stamp's certificate expiry (UTC) is read from the stored file.
    Flushes; raises nothing of its own."""
    expiry = None
    if level != pades.LEVEL_B_B:
        expiry = pades.last_timestamp_expiry(storage.read(version.sha256))
    row = SignedPdf(
        organisation_id=organisation.id,
        document_id=version.document_id,
        version_number=version.number,
        sha256=version.sha256,
        purpose=purpose,
        level=level,
        archive=archive,
        signed_at=utcnow(),
        timestamp_expires_at=expiry,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="signing:sign",
        actor=actor,
        organisation_id=organisation.id,
        target=row,
        diff={
            "document_id": [None, version.document_id],
            "version": [None, version.number],
            "sha256": [None, version.sha256],
            "level": [None, level],
            "purpose": [None, purpose],
        },
    )
    return row


def issue_signed_document(
    *,
    actor: User,
    organisation: Organisation,
    pdf: bytes,
    reason: str,
    purpose: str,
    title: str,
    filename: str,
    doc_type: str = "other",
    archive: bool = True,
    **document_fields: Any,
) -> tuple[Document, str | None]:
    """sign_for_issue + documents.create_document + record_signed in one call: the PDF signed
    (when the organisation has a key), stored as a new document (``title``, ``filename``,
    ``doc_type`` and any other create_document field, e.g. transaction_date as a legal-zone
    date) and its signature recorded. Returns (document, level or None). Raises what
    sign_for_issue and documents.create_document raise (ValidationError on the document's fields,
    TooLarge); nothing is written then (flush only, the caller's transaction)."""
    data, level = sign_for_issue(pdf, organisation=organisation, reason=reason, archive=archive)
    doc = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=title,
        data=data,
        filename=filename,
        doc_type=doc_type,
        **document_fields,
    )
    if level is not None:
        record_signed(
            actor=actor,
            organisation=organisation,
            version=doc.versions[-1],
            purpose=purpose,
            level=level,
            archive=archive,
        )
    return doc, level


def restamp_due(now: dt.datetime | None = None) -> list[SignedPdf]:
    """Renew the archive time stamp of every current B-LTA version whose newest time stamp
    certificate expires within LLP_GOV_RESTAMP_MARGIN_DAYS (default 180) of ``now`` (UTC): a new
    document time stamp goes into a new version of the document (earlier versions are kept), and
    the old row is marked superseded. Returns the new rows. Flushes; the caller commits (the
    scheduled job or ``flask signing restamp``). Needs LLP_GOV_TSA_URL."""
    now = now or utcnow()
    margin = dt.timedelta(days=int(current_app.config.get("RESTAMP_MARGIN_DAYS", 180)))
    rows = db.session.scalars(
        select(SignedPdf)
        .where(
            SignedPdf.level == pades.LEVEL_B_LTA,
            SignedPdf.superseded.is_(False),
            SignedPdf.timestamp_expires_at.is_not(None),
            SignedPdf.timestamp_expires_at <= now + margin,
        )
        .order_by(SignedPdf.id)
    ).all()
    renewed = []
    for row in rows:
        organisation = db.session.get(Organisation, row.organisation_id)
        document = db.session.get(Document, row.document_id)
        if organisation is None or document is None:  # foreign keys: cannot happen
            raise RuntimeError(f"signed_pdfs row {row.id} names a missing document")
        data = pades.restamp(storage.read(row.sha256), organisation=organisation)
        prepared = documents._prepare_file(data, document.versions[-1].filename, organisation)
        number = max(v.number for v in document.versions) + 1
        version = documents._new_version(
            actor=None, document=document, data=data, prepared=prepared, number=number
        )
        db.session.flush()
        row.superseded = True
        new = SignedPdf(
            organisation_id=row.organisation_id,
            document_id=row.document_id,
            version_number=number,
            sha256=version.sha256,
            purpose=row.purpose,
            level=pades.LEVEL_B_LTA,
            archive=True,
            signed_at=row.signed_at,
            timestamp_expires_at=pades.last_timestamp_expiry(data),
        )
        db.session.add(new)
        db.session.flush()
        audit.record(
            tag="signing:restamp",
            actor=None,
            organisation_id=row.organisation_id,
            target=document,
            diff={
                "version": [row.version_number, number],
                "sha256": [row.sha256, version.sha256],
                "timestamp_expires_at": [
                    row.timestamp_expires_at.isoformat() if row.timestamp_expires_at else None,
                    new.timestamp_expires_at.isoformat() if new.timestamp_expires_at else None,
                ],
            },
        )
        renewed.append(new)
    return renewed
