"""Document search: who may find what, the filters of the page and the API, the results CSV.

The search engine (llp_gov.search: index, query, highlight) takes plain data (a read scope, a
Filters value, a verify callback); this module, in the documents domain that owns documents and
their permissions, supplies it. Moved here from llp_gov.search.services (issue 9: infrastructure
imports no domain)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from llp_gov import exports, legaltime
from llp_gov.auth import policy
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.documents import services as documents
from llp_gov.documents.labels import TYPE_LABELS
from llp_gov.documents.models import DOC_TYPES, TEXT_STATUSES, Document, DocumentVersion
from llp_gov.errors import ValidationError
from llp_gov.exports import Column
from llp_gov.search import query
from llp_gov.search.analysis import nfkc
from llp_gov.search.highlight import snippet
from llp_gov.search.query import SORTS, Filters


@dataclass
class Row:
    """One result row of the page: the Document, its score and the highlighted snippet."""

    document: object
    score: float
    snippet: object


def read_filters(args) -> tuple[Filters, str, int, dict[str, str]]:
    """Like `parse_filters`, for a page that shows the form again: bad values come back as a
    {field: translated message} dict (empty when every value is good) with default filters,
    instead of an exception."""
    try:
        filters, sort, page = parse_filters(args)
    except ValidationError as exc:
        return Filters(), "relevance", 1, dict(exc.fields)
    return filters, sort, page, {}


def parse_filters(args) -> tuple[Filters, str, int]:
    """Read filters from query-string style arguments (a Mapping of str: the page's or the API's
    query string): q (words, at most 200 characters kept), counterparty (id), type (one of
    DOC_TYPES), tags (comma-separated), date_from/date_to (YYYY-MM-DD, transaction dates as
    written on the document), amount_min/amount_max (integer yen, commas allowed),
    text_status (one of TEXT_STATUSES: documents with a version of that status), sort (one of
    SORTS) and page (from 1).

    Raises ValidationError with a field per bad value (counterparty, type, date_from, date_to,
    amount_min, amount_max, text_status, sort, page)."""
    errors = {}

    def _date(name):
        value = (args.get(name) or "").strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            errors[name] = _("Enter a date as YYYY-MM-DD.")

    def _int(name):
        value = (args.get(name) or "").strip().replace(",", "")
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            errors[name] = _("Enter a whole number.")
            return None
        if number < 0:
            errors[name] = _("Enter a whole number of zero or more.")
        return number

    doc_type = (args.get("type") or "").strip() or None
    if doc_type and doc_type not in DOC_TYPES:
        errors["type"] = _("Choose one of the allowed values.")
    text_status = (args.get("text_status") or "").strip() or None
    if text_status and text_status not in TEXT_STATUSES:
        errors["text_status"] = _("Choose one of the allowed values.")
    tags = tuple(t for t in (args.get("tags") or "").replace("、", ",").split(",") if t.strip())
    f = Filters(
        q=(args.get("q") or "").strip()[:200],
        counterparty_id=_int("counterparty"),
        doc_type=doc_type,
        tags=tags,
        date_from=_date("date_from"),
        date_to=_date("date_to"),
        amount_min=_int("amount_min"),
        amount_max=_int("amount_max"),
        text_status=text_status,
    )
    # A reversed range matches nothing: say so instead of an empty result.
    if f.date_from and f.date_to and f.date_from > f.date_to:
        errors["date_to"] = _("The end date is before the start date: swap the two dates.")
    if f.amount_min is not None and f.amount_max is not None and f.amount_min > f.amount_max:
        errors["amount_max"] = _(
            "The upper amount is below the lower amount: swap the two amounts."
        )
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Choose one of the allowed values.")
    page = _int("page") or 1
    if errors:
        raise ValidationError(**errors)
    return f, sort, max(1, page)


def _load(ids):
    docs = db.session.scalars(
        select(Document)
        .where(Document.id.in_(ids))
        .options(selectinload(Document.versions), selectinload(Document.counterparty))
    ).all()
    return {d.id: d for d in docs}


def verify_words(ids, words) -> set[int]:
    """The ids whose title, counterparty or text (NFKC, any version) contains every word."""
    texts: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(
            Document.id,
            Document.title,
            Counterparty.name,
            Counterparty.name_en,
            Counterparty.name_ko,
        )
        .outerjoin(Counterparty, Counterparty.id == Document.counterparty_id)
        .where(Document.id.in_(ids))
    )
    for doc_id, *names in rows:
        texts[doc_id] = [n for n in names if n]
    for doc_id, text in db.session.execute(
        select(DocumentVersion.document_id, DocumentVersion.extracted_text).where(
            DocumentVersion.document_id.in_(ids)
        )
    ):
        if text:
            texts.setdefault(doc_id, []).append(text)
    words = [nfkc(w).lower() for w in words]
    ok = set()
    for doc_id, parts in texts.items():
        blob = nfkc("\n".join(parts)).lower()
        if all(w in blob for w in words):
            ok.add(doc_id)
    return ok


def search_documents(
    *,
    actor,
    organisation,
    filters: Filters,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
):
    """Search the documents of `organisation` that `actor` may read (restricted documents only
    for their listed partners); `page` from 1, `per_page` rows.

    Returns (Results, rows): the engine's Results (total, estimated, page, pages) and one Row
    (document, score, highlighted snippet) per hit the database confirms the actor may still
    read. Raises NotFound for an outsider, PermissionDenied without ``search:read``."""
    policy.require(actor, organisation, "search:read")
    scope = documents.read_scope(actor=actor, organisation=organisation)
    results = query.search(
        scope=scope, filters=filters, sort=sort, page=page, per_page=per_page, verify=verify_words
    )
    docs = _load([h.document_id for h in results.hits])
    rows = []
    for hit in results.hits:
        doc = docs.get(hit.document_id)
        # The database has the last word: a document the index is stale about is not shown.
        if doc is None or not documents.can_read(scope, doc):
            continue
        text = "\n".join(v.extracted_text or "" for v in doc.versions)
        rows.append(Row(doc, hit.score, snippet(text, filters.q)))
    return results, rows


def csv_columns() -> list[Column]:
    """The result export's columns, headers in the user's language (a tax office's request)."""
    return [
        Column(_("ID"), "int"),
        Column(_("Title"), width=40),
        Column(_("Document type")),
        Column(_("Counterparty"), width=30),
        Column(_("Transaction date"), "date"),
        Column(_("Amount"), "money"),
        Column(_("Currency")),
        Column(_("Amount (JPY)"), "money"),
        Column(_("Tags")),
        Column(_("Confidentiality")),
        Column(_("Withdrawn at"), "datetime"),
        Column(_("Versions"), "int"),
        Column(_("File name"), width=30),
        Column(_("SHA-256"), width=66),
        Column(_("Uploaded at"), "datetime"),
    ]


def export_rows(*, actor, organisation, filters: Filters, sort: str = "relevance"):
    """The whole result set as an iterator of rows for `csv_columns` (every hit the actor may
    read). The permission check and the search run now; rows are loaded as they are read."""
    policy.require(actor, organisation, "search:read")
    scope = documents.read_scope(actor=actor, organisation=organisation)
    ids = query.all_ids(scope=scope, filters=filters, sort=sort, verify=verify_words)
    return _export_rows(ids, scope)


def _export_rows(ids, scope):
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        docs = _load(part)
        for i in part:
            d = docs.get(i)
            if d is None or not documents.can_read(scope, d):
                continue
            latest = d.latest
            yield (
                d.id,
                d.title,
                str(TYPE_LABELS.get(d.doc_type, d.doc_type)),
                d.counterparty.name if d.counterparty else None,
                d.transaction_date,
                d.amount,
                d.currency,
                d.amount_jpy,
                ",".join(d.tags or []),
                _("Restricted") if d.is_restricted else _("The whole organisation"),
                d.withdrawn_at,
                len(d.versions),
                latest.filename if latest else None,
                latest.sha256 if latest else None,
                d.created_at,
            )


def export_csv(*, actor, organisation, filters: Filters, sort: str = "relevance") -> bytes:
    """The whole result set as UTF-8 CSV with a BOM, through the shared export writer
    (localised headers, times in the organisation's legal zone, formulas neutralised)."""
    rows = export_rows(actor=actor, organisation=organisation, filters=filters, sort=sort)
    return b"".join(
        exports.csv_stream(csv_columns(), rows, tz=legaltime.legal_timezone(organisation))
    )
