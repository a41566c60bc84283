"""How a document looks to the search index (registered as a search source in init_app)."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from llp_gov.documents.models import Document
from llp_gov.search import sources


def stamp(document: Document) -> str:
    """A fingerprint of everything indexed, to find stale index entries."""
    parts = [
        document.title,
        document.doc_type,
        str(document.counterparty_id),
        str(document.transaction_date),
        str(document.amount_jpy),
        ",".join(document.tags or []),
        document.confidentiality,
        ",".join(str(p.id) for p in document.restricted_partners),
        str(document.withdrawn_at),
        ",".join(
            f"{v.number}:{v.sha256}:{v.extraction_status}:{v.text_status}:{v.ocr_status}"
            for v in document.versions
        ),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def fields(document: Document) -> dict:
    """The search index fields of a document: title, counterparty names (every language), the
    text of every version, type, tags, dates (legal zone) and amount_jpy (integer yen)."""
    cp = document.counterparty
    counterparty = (
        " ".join(filter(None, [cp.name, cp.name_kana, cp.name_en, cp.name_ko])) if cp else ""
    )
    body = "\n".join(v.extracted_text or "" for v in document.versions)
    doc = {
        "doc_id": str(document.id),
        "org": str(document.organisation_id),
        "restricted": "1" if document.is_restricted else "0",
        "partners": " ".join(str(p.id) for p in document.restricted_partners),
        "withdrawn": "1" if document.is_withdrawn else "0",
        "title": document.title,
        "body": body,
        "counterparty": counterparty,
        "counterparty_id": str(document.counterparty_id or ""),
        "doc_type": document.doc_type,
        "tags": ",".join(document.tags or []),
        "text_status": ",".join(sorted({v.text_status for v in document.versions})),
        "created": int(document.created_at.timestamp()),
        "stamp": stamp(document),
        "date_sort": document.transaction_date.toordinal() if document.transaction_date else -1,
        "amount_sort": document.amount_jpy if document.amount_jpy is not None else -1,
    }
    if document.transaction_date is not None:
        doc["date"] = document.transaction_date.toordinal()
    if document.amount_jpy is not None:
        doc["amount"] = document.amount_jpy
    return doc


def load(session, ids) -> dict[int, dict | None]:
    """{id: fields(document) or None (deleted)} for the outbox drain, loaded in one query."""
    docs = session.scalars(
        select(Document)
        .where(Document.id.in_(list(ids)))
        .options(
            selectinload(Document.versions),
            selectinload(Document.restricted_partners),
            selectinload(Document.counterparty),
        )
    ).all()
    found = {d.id: fields(d) for d in docs}
    return {i: found.get(i) for i in ids}


def all_ids(session):
    """Every document id, oldest first (for `flask search reindex`)."""
    return session.scalars(select(Document.id).order_by(Document.id)).all()


def register() -> None:
    """Register documents as the search engine's "document" source (called by init_app)."""
    sources.register(sources.Source(kind="document", load=load, all_ids=all_ids))
