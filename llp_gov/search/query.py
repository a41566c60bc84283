"""Searching the document index: words in three languages, filters, permission, sort, pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from whoosh import query as Q

from llp_gov.search import index
from llp_gov.search.analysis import query_groups

TEXT_FIELDS = ("title", "body", "counterparty")
SORTS = ("relevance", "date", "amount")


@dataclass
class Filters:
    q: str = ""
    counterparty_id: int | None = None
    doc_type: str | None = None
    tags: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    include_withdrawn: bool = True


@dataclass
class Hit:
    document_id: int
    score: float


@dataclass
class Results:
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _group_query(kind: str, grams: list[str]) -> Q.Query:
    per_field = []
    for name in TEXT_FIELDS:
        if len(grams) == 1:
            per_field.append(Q.Term(name, grams[0]))
        else:
            # Consecutive bigrams: the word itself, not its characters scattered around.
            per_field.append(Q.Phrase(name, grams))
    return Q.Or(per_field)


def text_query(q: str) -> Q.Query | None:
    groups = query_groups(q)
    if not groups:
        return None
    parts = [_group_query(kind, grams) for kind, grams, _surface in groups]
    return parts[0] if len(parts) == 1 else Q.And(parts)


def permission_filter(scope) -> Q.Query:
    """Only the organisation's documents the actor may read (restricted ones by partner list)."""
    org = Q.Term("org", str(scope.organisation_id))
    if scope.all_restricted:
        return org
    readable = [Q.Term("restricted", "0")] + [Q.Term("partners", str(p)) for p in sorted(scope.partner_ids)]
    return Q.And([org, Q.Or(readable)])


def filter_query(scope, f: Filters) -> Q.Query:
    parts = [permission_filter(scope)]
    if f.counterparty_id:
        parts.append(Q.Term("counterparty_id", str(f.counterparty_id)))
    if f.doc_type:
        parts.append(Q.Term("doc_type", f.doc_type))
    for tag in f.tags:
        parts.append(Q.Term("tags", tag.strip().lower()))
    if f.date_from or f.date_to:
        parts.append(
            Q.NumericRange(
                "date",
                f.date_from.toordinal() if f.date_from else None,
                f.date_to.toordinal() if f.date_to else None,
            )
        )
    if f.amount_min is not None or f.amount_max is not None:
        parts.append(Q.NumericRange("amount", f.amount_min, f.amount_max))
    if not f.include_withdrawn:
        parts.append(Q.Term("withdrawn", "0"))
    return Q.And(parts)


def search(*, scope, filters: Filters, sort: str = "relevance", page: int = 1, per_page: int = 20) -> Results:
    """One page of results; `total` counts only what the actor may read."""
    ix = index.open_index()
    try:
        with ix.searcher() as s:
            tq = text_query(filters.q)
            fq = filter_query(scope, filters)
            # Filters are part of the query (not a Whoosh filter) so that the count is exact.
            q = Q.And([tq, fq]) if tq is not None else fq
            kwargs = {}
            if sort == "date":
                kwargs = {"sortedby": ["date_sort", "created"], "reverse": True}
            elif sort == "amount":
                kwargs = {"sortedby": ["amount_sort", "created"], "reverse": True}
            elif tq is None:
                kwargs = {"sortedby": "created", "reverse": True}
            page = max(1, page)
            results = s.search(q, limit=page * per_page, **kwargs)
            total = len(results)
            start = (page - 1) * per_page
            scored = not kwargs  # with sortedby, Whoosh's "score" is the sort key
            hits = [
                Hit(int(results[i]["doc_id"]), float(results.score(i) or 0.0) if scored else 0.0)
                for i in range(start, min(start + per_page, results.scored_length()))
            ]
            return Results(total=total, page=page, per_page=per_page, hits=hits)
    finally:
        ix.close()


def all_ids(*, scope, filters: Filters, sort: str = "relevance") -> list[int]:
    """Every matching document id (for the CSV export of a result set)."""
    ix = index.open_index()
    try:
        with ix.searcher() as s:
            tq = text_query(filters.q)
            fq = filter_query(scope, filters)
            q = Q.And([tq, fq]) if tq is not None else fq
            kwargs = {}
            if sort in ("date", "amount"):
                kwargs = {"sortedby": [f"{sort}_sort", "created"], "reverse": True}
            elif tq is None:
                kwargs = {"sortedby": "created", "reverse": True}
            return [int(h["doc_id"]) for h in s.search(q, limit=None, **kwargs)]
    finally:
        ix.close()
