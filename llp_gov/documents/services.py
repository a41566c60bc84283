"""Documents: upload, immutable versions, withdrawal, and who reads what.

Other domains call exactly these functions (contracts stores its PDFs as versions; the ledger
links entries to documents by id). Every change is audited and announced to the search outbox
in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.counterparties import services as counterparties
from llp_gov.db import db, utcnow
from llp_gov.documents import detect, editing, extract, files, ocr, storage
from llp_gov.documents.details import clean_tags as _clean_tags
from llp_gov.documents.details import validate_details as _metadata
from llp_gov.documents.files import human_size
from llp_gov.documents.models import (
    CONFIDENTIALITY,
    Document,
    DocumentVersion,
)
from llp_gov.errors import Conflict, DomainError, NotFound, ValidationError
from llp_gov.search import outbox


class TooLarge(DomainError):
    status = 413
    code = "too_large"


@dataclass(frozen=True)
class ReadScope:
    """What an actor may read in one organisation (used by pages, API and search alike)."""

    organisation_id: int
    all_restricted: bool
    partner_ids: frozenset[int]


def read_scope(*, actor, organisation) -> ReadScope:
    """Every role reads organisation-wide documents; a restricted one only the named partners'
    staff, the chairman and the admin."""
    policy.require(actor, organisation, "document:read")
    membership = policy.membership_of(actor, organisation)
    partner_ids = frozenset([membership.partner_id] if membership and membership.partner_id else [])
    return ReadScope(
        organisation_id=organisation.id,
        all_restricted=policy.can(actor, organisation, "document:read_restricted"),
        partner_ids=partner_ids,
    )


def can_read(scope: ReadScope, document: Document) -> bool:
    """Whether `scope` (read_scope of an actor) may read `document`: same organisation, and the
    document unrestricted, or the actor may read restricted ones, or represents one of its partners."""
    if document.organisation_id != scope.organisation_id:
        return False
    if not document.is_restricted or scope.all_restricted:
        return True
    return any(p.id in scope.partner_ids for p in document.restricted_partners)


def get_document(*, actor, organisation, document_id: int) -> Document:
    """The document, or NotFound when it is elsewhere or restricted from the actor."""
    scope = read_scope(actor=actor, organisation=organisation)
    document = db.session.get(Document, document_id)
    if document is None or not can_read(scope, document):
        raise NotFound()
    return document


def get_version(*, actor, organisation, document_id: int, number: int) -> DocumentVersion:
    """Version `number` (1-based) of a document the actor may read. Raises NotFound (the
    document is elsewhere, restricted from the actor, or has no such version) and PermissionDenied
    (role without document:read) as get_document does."""
    document = get_document(actor=actor, organisation=organisation, document_id=document_id)
    for version in document.versions:
        if version.number == number:
            return version
    raise NotFound()


def list_documents(
    *, actor, organisation, include_withdrawn: bool = True, limit: int = 200
) -> list[Document]:
    """The newest `limit` documents of the organisation the actor may read (restricted ones
    filtered by read_scope), withdrawn ones included unless `include_withdrawn` is False. Pages use
    llp_gov.documents.listing (paginated, filtered); this is for exports and small lists. Raises
    PermissionDenied without document:read."""
    scope = read_scope(actor=actor, organisation=organisation)
    stmt = select(Document).where(Document.organisation_id == organisation.id)
    if not include_withdrawn:
        stmt = stmt.where(Document.withdrawn_at.is_(None))
    docs = db.session.scalars(
        stmt.order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
    )
    return [d for d in docs if can_read(scope, d)]


def _languages_of(organisation) -> tuple[str, ...]:
    """The organisation's languages, for choosing a text file's encoding."""
    return ("ja", "en", "ko") if organisation.name_ko else ("ja", "en")


def _prepare_file(data: bytes, filename: str, organisation) -> tuple:
    """Check size, type and readability before anything is written."""
    cap = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > cap:
        raise TooLarge(_("The file is larger than the limit of %(limit)s.", limit=human_size(cap)))
    kind = detect.detect(
        data,
        docx_max_uncompressed=current_app.config["DOCX_MAX_UNCOMPRESSED_BYTES"],
        languages=_languages_of(organisation),
    )
    # Encryption is asked of pdfium: a PDF that opens without a password is read.
    result = extract.extract(data, kind.mime, kind.encoding)
    if result.status == "encrypted":
        raise ValidationError(file=_("The PDF is encrypted. Upload it without a password."))
    if result.status == "corrupt":
        if kind.mime == detect.PDF:
            raise ValidationError(file=_("The PDF is damaged and cannot be read."))
        if kind.mime in detect.IMAGES:
            raise ValidationError(file=_("The image is damaged and cannot be read."))
        raise ValidationError(file=_("The Word file is damaged and cannot be read."))
    return kind, result, files.clean_filename(filename, kind.mime)


def _new_version(
    *, actor, document: Document, data: bytes, prepared, number: int
) -> DocumentVersion:
    kind, result, filename = prepared
    sha = storage.store(data)
    version = DocumentVersion(
        document=document,
        number=number,
        sha256=sha,
        size=len(data),
        mime_type=kind.mime,
        filename=filename,
        uploaded_by=getattr(actor, "id", None),
        created_at=utcnow(),
        extraction_status="done" if result.status == "ok" else "failed",
        extraction_error=None if result.status == "ok" else (result.error or "failed")[:400],
        extracted_text=result.text if result.status == "ok" else None,
        text_status=result.text_status,
        languages=result.languages,
    )
    db.session.add(version)
    ocr.mark_for_ocr(version)
    return version


def create_document(
    *,
    actor,
    organisation,
    title: str,
    doc_type: str,
    data: bytes,
    filename: str,
    counterparty_id: int | None = None,
    counterparty_name: str | None = None,
    transaction_date: dt.date | None = None,
    amount: int | None = None,
    currency: str = "JPY",
    amount_jpy: int | None = None,
    tags=(),
    restricted_partner_ids=(),
    allow_duplicate: bool = True,
) -> Document:
    """Upload a new document with its first version; nothing is written when anything is wrong.

    `data` is the file's bytes (its type is detected from them, never from `filename`); amounts
    are integer minor units; transaction_date a legal-zone date. Raises ValidationError (fields
    title, doc_type, counterparty_id, transaction_date, amount, currency, amount_jpy, tags,
    restricted_partner_ids, file), TooLarge (413), and editing.Duplicate (409) when the same
    bytes are already a document of the organisation and `allow_duplicate` is False (pages and
    the API pass False unless the request says allow_duplicate=1; other domains store freely). Contracts,
    orders, delivery notes, invoices and receipts need the Electronic Bookkeeping Act's keys
    (電子帳簿保存法施行規則 4条1項: transaction date, amount, counterparty)."""
    policy.require(actor, organisation, "document:upload")
    meta = _metadata(
        actor=actor,
        organisation=organisation,
        title=title,
        doc_type=doc_type,
        counterparty_id=counterparty_id,
        counterparty_name=counterparty_name,
        transaction_date=transaction_date,
        amount=amount,
        currency=currency,
        amount_jpy=amount_jpy,
        restricted_partner_ids=restricted_partner_ids,
    )
    clean_tags = _clean_tags(tags)
    if not allow_duplicate:
        existing = editing.find_duplicate(organisation=organisation, sha256=storage.digest(data))
        if existing is not None and can_read(
            read_scope(actor=actor, organisation=organisation), existing
        ):
            raise editing.Duplicate(existing)
    prepared = _prepare_file(data, filename, organisation)
    counterparty = meta["counterparty"]
    if counterparty is None and counterparty_name and counterparty_name.strip():
        counterparty = counterparties.match_or_create(
            actor=actor, organisation=organisation, name=counterparty_name
        )
    document = Document(
        organisation_id=organisation.id,
        title=meta["title"],
        doc_type=meta["doc_type"],
        counterparty=counterparty,
        transaction_date=meta["transaction_date"],
        amount=meta["amount"],
        currency=meta["currency"],
        amount_jpy=meta["amount_jpy"],
        tags=clean_tags,
        confidentiality="restricted" if meta["partners"] else "organisation",
        restricted_partners=meta["partners"],
        created_by=getattr(actor, "id", None),
        created_at=utcnow(),
    )
    db.session.add(document)
    version = _new_version(actor=actor, document=document, data=data, prepared=prepared, number=1)
    db.session.flush()
    audit.record(
        tag="document:upload",
        actor=actor,
        organisation_id=organisation.id,
        target=document,
        diff={
            "title": [None, document.title],
            "doc_type": [None, document.doc_type],
            "counterparty_id": [None, document.counterparty_id],
            "transaction_date": [None, document.transaction_date],
            "amount": [None, document.amount],
            "currency": [None, document.currency],
            "amount_jpy": [None, document.amount_jpy],
            "tags": [None, clean_tags],
            "restricted_partner_ids": [None, sorted(p.id for p in meta["partners"])],
            "version": [
                None,
                {"number": 1, "sha256": version.sha256, "filename": version.filename},
            ],
        },
    )
    outbox.enqueue(target_id=document.id)
    return document


def add_version(
    *, actor, organisation, document: Document, data: bytes, filename: str
) -> DocumentVersion:
    """Append a version; earlier versions stay as they were."""
    policy.require(actor, organisation, "document:upload")
    if not can_read(read_scope(actor=actor, organisation=organisation), document):
        raise NotFound()
    if document.is_withdrawn:
        raise Conflict(_("This document was withdrawn; it takes no new versions."))
    prepared = _prepare_file(data, filename, organisation)
    number = (
        db.session.scalar(
            select(func.max(DocumentVersion.number)).where(
                DocumentVersion.document_id == document.id
            )
        )
        or 0
    ) + 1
    version = _new_version(
        actor=actor, document=document, data=data, prepared=prepared, number=number
    )
    db.session.flush()
    audit.record(
        tag="document:version:add",
        actor=actor,
        organisation_id=organisation.id,
        target=document,
        diff={
            "version": [
                None,
                {"number": number, "sha256": version.sha256, "filename": version.filename},
            ]
        },
    )
    outbox.enqueue(target_id=document.id)
    return version


def withdraw_document(*, actor, organisation, document: Document, reason: str) -> Document:
    """Withdraw (never delete: 10-year retention); it stays viewable and searchable."""
    policy.require(actor, organisation, "document:withdraw")
    if not can_read(read_scope(actor=actor, organisation=organisation), document):
        raise NotFound()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason=_("Give the reason for the withdrawal."))
    if len(reason) > 400:
        raise ValidationError(reason=_("At most %(n)d characters.", n=400))
    if document.is_withdrawn:
        raise Conflict(_("This document is already withdrawn."))
    document.withdrawn_at = utcnow()
    document.withdrawn_reason = reason
    audit.record(
        tag="document:withdraw",
        actor=actor,
        organisation_id=organisation.id,
        target=document,
        diff={"withdrawn_reason": [None, reason]},
    )
    outbox.enqueue(target_id=document.id)
    return document


CONFIDENTIALITY_CHOICES = CONFIDENTIALITY
