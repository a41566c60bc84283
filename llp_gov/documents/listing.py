"""The document list: pages, sorts and filters in SQL, with the read scope in the query (no cap).

Filters: type, counterparty, transaction date range, amount range (yen), text status of any
version, withdrawn shown or not. Sorts on indexed columns with the id as the last key, so pages
are stable. Restricted documents are filtered in the query, so every page is full.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, false, or_, select, true
from sqlalchemy.orm import selectinload

from llp_gov.documents import services
from llp_gov.documents.models import (
    DOC_TYPES,
    TEXT_STATUSES,
    Document,
    DocumentVersion,
    document_partners,
)
from llp_gov.errors import ValidationError
from llp_gov.pagination import Page, paginate

SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (Document.created_at.desc(), Document.id.desc()),
    "oldest": (Document.created_at.asc(), Document.id.asc()),
    "date_desc": (Document.transaction_date.desc().nulls_last(), Document.id.desc()),
    "date_asc": (Document.transaction_date.asc().nulls_last(), Document.id.asc()),
    "amount_desc": (Document.amount_jpy.desc().nulls_last(), Document.id.desc()),
    "amount_asc": (Document.amount_jpy.asc().nulls_last(), Document.id.asc()),
    "title": (Document.title.asc(), Document.id.asc()),
}
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class ListFilters:
    doc_type: str | None = None
    counterparty_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    text_status: str | None = None
    include_withdrawn: bool = True
    title_contains: str | None = None  # a substring of the title, any case (the pickers)


def parse_list_args(args) -> tuple[ListFilters, str, int, int]:
    """Filters, sort, page and per_page from query-string arguments: type, counterparty (id),
    date_from/date_to (YYYY-MM-DD), amount_min/amount_max (integer yen, commas allowed),
    text_status, withdrawn=0 (hide withdrawn), sort (one of SORTS), page (from 1), per_page
    (1..500, default 50). Raises ValidationError with a field per bad value."""
    errors: dict[str, str] = {}

    def text(name):
        return (args.get(name) or "").strip()

    def number(name, low=0, high=None):
        raw = text(name).replace(",", "")
        if not raw:
            return None
        if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
            errors[name] = _("Enter a whole number of zero or more.")
            return None
        return int(raw)

    def date(name):
        raw = text(name)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            errors[name] = _("Enter a date as YYYY-MM-DD.")
            return None

    doc_type = text("type") or None
    if doc_type and doc_type not in DOC_TYPES:
        errors["type"] = _("Choose one of the allowed values.")
    status = text("text_status") or None
    if status and status not in TEXT_STATUSES:
        errors["text_status"] = _("Choose one of the allowed values.")
    sort = text("sort") or "newest"
    if sort not in SORTS:
        errors["sort"] = _("Choose one of the allowed values.")
    filters = ListFilters(
        doc_type=doc_type,
        counterparty_id=number("counterparty"),
        date_from=date("date_from"),
        date_to=date("date_to"),
        amount_min=number("amount_min"),
        amount_max=number("amount_max"),
        text_status=status,
        include_withdrawn=text("withdrawn") != "0",
    )
    page = number("page", low=1) or 1
    per_page = number("per_page", low=1, high=MAX_PER_PAGE) or 50
    if errors:
        raise ValidationError(**errors)
    return filters, sort, page, per_page


def read_list_args(args) -> tuple[ListFilters, str, int, int, dict[str, str]]:
    """parse_list_args for a page: bad values come back as {field: message} with defaults."""
    try:
        return (*parse_list_args(args), {})
    except ValidationError as exc:
        return ListFilters(), "newest", 1, 50, dict(exc.fields)


def _readable(scope: services.ReadScope):
    """SQL for can_read: organisation-wide, or restricted and the actor may read it."""
    if scope.all_restricted:
        return true()
    named = (
        exists()
        .where(document_partners.c.document_id == Document.id)
        .where(document_partners.c.partner_id.in_(sorted(scope.partner_ids)))
        if scope.partner_ids
        else false()
    )
    return or_(Document.confidentiality != "restricted", named)


def list_page(
    *,
    actor,
    organisation,
    filters: ListFilters = ListFilters(),
    sort: str = "newest",
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """One page of the documents the actor may read (every page full; no cap on the list)."""
    scope = services.read_scope(actor=actor, organisation=organisation)
    stmt = select(Document).where(Document.organisation_id == organisation.id, _readable(scope))
    f = filters
    if not f.include_withdrawn:
        stmt = stmt.where(Document.withdrawn_at.is_(None))
    if f.doc_type:
        stmt = stmt.where(Document.doc_type == f.doc_type)
    if f.counterparty_id is not None:
        stmt = stmt.where(Document.counterparty_id == f.counterparty_id)
    if f.date_from:
        stmt = stmt.where(Document.transaction_date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Document.transaction_date <= f.date_to)
    if f.amount_min is not None:
        stmt = stmt.where(Document.amount_jpy >= f.amount_min)
    if f.amount_max is not None:
        stmt = stmt.where(Document.amount_jpy <= f.amount_max)
    if f.title_contains:
        pattern = f.title_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Document.title.ilike(f"%{pattern}%", escape="\\"))
    if f.text_status:
        stmt = stmt.where(
            exists()
            .where(DocumentVersion.document_id == Document.id)
            .where(DocumentVersion.text_status == f.text_status)
        )
    stmt = stmt.order_by(*SORTS.get(sort, SORTS["newest"])).options(
        selectinload(Document.versions),
        selectinload(Document.counterparty),
        selectinload(Document.restricted_partners),
    )
    return paginate(stmt, page=page, per_page=min(max(1, per_page), MAX_PER_PAGE), count=False)
