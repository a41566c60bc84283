"""Correcting a document's details, duplicate uploads and asking for OCR again.

The Electronic Bookkeeping Act (電子帳簿保存法 施行規則 2条6項 / 4条1項: 訂正削除の履歴の確保 for
the search keys of transaction records) wants a correction recorded, never silent: every change
is audited with its old and new values and the document is reindexed.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.documents import ocr
from llp_gov.documents.models import Document, DocumentVersion
from llp_gov.errors import Conflict
from llp_gov.search import outbox

_UNSET = object()
EDITABLE = (
    "title",
    "doc_type",
    "counterparty_id",
    "transaction_date",
    "amount",
    "currency",
    "amount_jpy",
    "tags",
)


class Duplicate(Conflict):
    """The same file (same SHA-256) is already a document of this organisation."""

    code = "duplicate"

    def __init__(self, document: Document):
        super().__init__(
            _(
                "This file is already stored as document %(id)d (%(title)s). Open it, or send "
                "the upload again with allow_duplicate to store it twice.",
                id=document.id,
                title=document.title,
            )
        )
        self.document_id = document.id
        self.document_title = document.title


def find_duplicate(*, organisation, sha256: str) -> Document | None:
    """The organisation's oldest document with a version of exactly these bytes, if any."""
    return db.session.scalars(
        select(Document)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(Document.organisation_id == organisation.id, DocumentVersion.sha256 == sha256)
        .order_by(Document.id)
        .limit(1)
    ).first()


def update_document(*, actor, organisation, document_id: int, **changes) -> Document:
    """Correct the details of a document: any of title, doc_type, counterparty_id (a directory
    entry of the organisation, or None), transaction_date (a date in the legal zone), amount and
    amount_jpy (integer minor units), currency (three letters), tags (list or comma text).

    The same rules as at upload apply (ValidationError with the fields title, doc_type,
    counterparty_id, transaction_date, amount, currency, amount_jpy, tags); a withdrawn document
    is not corrected (Conflict). Audited as `document:update` with [old, new] per changed
    field, and reindexed. Nothing changes → no audit event."""
    from llp_gov.documents import services  # noqa: PLC0415  services imports this module

    policy.require(actor, organisation, "document:upload")
    document = services.get_document(
        actor=actor, organisation=organisation, document_id=document_id
    )
    if document.is_withdrawn:
        raise Conflict(_("This document was withdrawn; its details are kept as they were."))
    current = {
        "title": document.title,
        "doc_type": document.doc_type,
        "counterparty_id": document.counterparty_id,
        "transaction_date": document.transaction_date,
        "amount": document.amount,
        "currency": document.currency,
        "amount_jpy": document.amount_jpy,
    }
    wanted = {k: v for k, v in changes.items() if k in EDITABLE and v is not _UNSET}
    merged = current | {k: v for k, v in wanted.items() if k != "tags"}
    if "currency" in wanted and merged["currency"] != "JPY" and "amount_jpy" not in wanted:
        merged["amount_jpy"] = current["amount_jpy"]
    meta = services._metadata(
        actor=actor,
        organisation=organisation,
        title=merged["title"],
        doc_type=merged["doc_type"],
        counterparty_id=merged["counterparty_id"],
        counterparty_name=None,
        transaction_date=merged["transaction_date"],
        amount=merged["amount"],
        currency=merged["currency"],
        amount_jpy=merged["amount_jpy"],
        restricted_partner_ids=[p.id for p in document.restricted_partners],
    )
    tags = services._clean_tags(wanted["tags"]) if "tags" in wanted else document.tags
    new = {
        "title": meta["title"],
        "doc_type": meta["doc_type"],
        "counterparty_id": meta["counterparty"].id if meta["counterparty"] else None,
        "transaction_date": meta["transaction_date"],
        "amount": meta["amount"],
        "currency": meta["currency"],
        "amount_jpy": meta["amount_jpy"],
    }
    diff = {k: [current[k], v] for k, v in new.items() if current[k] != v}
    if list(tags or []) != list(document.tags or []):
        diff["tags"] = [list(document.tags or []), list(tags)]
    if not diff:
        return document
    for key, value in new.items():
        if key == "counterparty_id":
            document.counterparty = meta["counterparty"]
        else:
            setattr(document, key, value)
    document.tags = list(tags)
    audit.record(
        tag="document:update",
        actor=actor,
        organisation_id=organisation.id,
        target=document,
        diff=diff,
    )
    outbox.enqueue(target_id=document.id)
    return document


def request_ocr(*, actor, organisation, document_id: int, number: int) -> DocumentVersion:
    """Ask for OCR of one version again (after a failure, or to read a scan once more).

    Conflict when Tesseract is not installed here (the message names the Debian packages) or
    when OCR is already waiting. The version's original file is never altered. Audited as
    `document:ocr:request`; the OCR itself is a queued job (ocr.run_ocr)."""
    from llp_gov.documents import services  # noqa: PLC0415  services imports this module

    policy.require(actor, organisation, "document:upload")
    version = services.get_version(
        actor=actor, organisation=organisation, document_id=document_id, number=number
    )
    if not ocr.available():
        version.ocr_status = "unavailable"
        raise Conflict(
            _(
                "OCR is not installed on this server. Ask the administrator to install: "
                "%(packages)s.",
                packages=ocr.DEBIAN_PACKAGES,
            )
        )
    if version.ocr_status == "pending":
        raise Conflict(_("OCR of this version is already waiting to run."))
    old = version.ocr_status
    version.ocr_status = "pending"
    version.ocr_error = None
    audit.record(
        tag="document:ocr:request",
        actor=actor,
        organisation_id=organisation.id,
        target=version.document,
        diff={"version": [None, version.number], "ocr_status": [old, "pending"]},
    )
    db.session.flush()
    ocr.schedule(version)
    return version
