"""The document picker of forms that link documents (a project's documents, a resolution's
attachments): one page of the documents a user may read, found by title, and the titles of
the documents a form already holds. An organisation has thousands of documents, so no form
lists them all (issue 14)."""

from __future__ import annotations

from llp_gov.documents.listing import ListFilters, list_page
from llp_gov.documents.models import Document
from llp_gov.documents.services import can_read, read_scope
from llp_gov.extensions import db
from llp_gov.formatting import local_date

PICKER_PAGE = 20


def picker_page(*, actor, organisation, query: str = "", page: int = 1) -> dict:
    """One page (1-based, PICKER_PAGE a page) of the documents `actor` may read in
    `organisation`, newest first, not withdrawn, whose title contains `query` (any case), as
    {"page", "has_prev", "has_next", "items": [{"id", "title", "date" (ISO), "date_label"
    (the reader's format)}]}. Raises PermissionDenied without "document:read"."""
    found = list_page(
        actor=actor,
        organisation=organisation,
        filters=ListFilters(title_contains=query.strip()[:200] or None, include_withdrawn=False),
        page=page,
        per_page=PICKER_PAGE,
    )
    return {
        "page": found.page,
        "has_prev": found.has_prev,
        "has_next": found.has_next,
        "items": [
            {
                "id": d.id,
                "title": d.title,
                "date": d.transaction_date.isoformat() if d.transaction_date else None,
                "date_label": local_date(d.transaction_date) if d.transaction_date else None,
            }
            for d in found.items
        ],
    }


def chosen(*, actor, organisation, ids) -> list[tuple[int, str]]:
    """(id, title) of the documents among `ids` (at most 1,000 ints) that `actor` may read in
    `organisation`: a form's choices are the documents it holds, so an id that is not one of
    them is refused by the form as not a valid choice."""
    wanted = [i for i in ids if isinstance(i, int)][:1000]
    if not wanted:
        return []
    scope = read_scope(actor=actor, organisation=organisation)
    docs = db.session.scalars(
        db.select(Document).where(
            Document.organisation_id == organisation.id, Document.id.in_(wanted)
        )
    )
    return [(d.id, d.title) for d in docs if can_read(scope, d)]
