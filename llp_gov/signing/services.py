"""Signing what the organisation issues, and renewing archive time stamps (restamp_due)."""

from __future__ import annotations

import datetime as dt
import inspect

from flask import current_app
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.db import db, utcnow
from llp_gov.documents import services as documents
from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.orgs.models import Organisation
from llp_gov.signing import pades
from llp_gov.signing.models import SignedPdf


def sign_for_issue(
    data: bytes, *, organisation, reason: str, archive: bool = True
) -> tuple[bytes, str | None]:
    """(bytes to store, PAdES level or None): ``data`` signed with the organisation's key when it
    has one (see pades.sign_pdf), else ``data`` unchanged and None."""
    signed = pades.sign_pdf(data, organisation=organisation, reason=reason, archive=archive)
    if signed is None:
        return data, None
    return signed


def record_signed(
    *, actor, organisation, version, purpose: str, level: str, archive: bool = True
) -> SignedPdf:
    """Remember a signed document version (for restamping) and audit the signature."""
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


def _prepare(data: bytes, filename: str, organisation):
    """documents' own checks of a new version (its signature is gaining the organisation in
    this wave; both forms are accepted until that lands)."""
    prepare = documents._prepare_file
    if len(inspect.signature(prepare).parameters) > 2:
        return prepare(data, filename, organisation)
    return prepare(data, filename)


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
        data = pades.restamp(storage.read(row.sha256), organisation=organisation)
        prepared = _prepare(data, document.versions[-1].filename, organisation)
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
