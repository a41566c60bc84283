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
    estimated: bool = False  # more candidates than VERIFY_CAP: the total is an upper bound

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# Whoosh phrase queries decode positions in Python: on common bigrams they take seconds. So a
# CJK word of 3+ characters is searched as the AND of its bigrams, and the candidates are then
# verified against the text (the word itself, not its bigrams scattered around), in score
# order, up to VERIFY_CAP candidates; beyond the cap the count is an estimate.
VERIFY_CAP = 5000


def _group_query(grams: list[str]) -> Q.Query:
    per_field = []
    for name in TEXT_FIELDS:
        if len(grams) == 1:
            per_field.append(Q.Term(name, grams[0]))
        else:
            per_field.append(Q.And([Q.Term(name, g) for g in dict.fromkeys(grams)]))
    return Q.Or(per_field)


def text_query(q: str) -> Q.Query | None:
    groups = query_groups(q)
    if not groups:
        return None
    parts = [_group_query(grams) for _kind, grams, _surface in groups]
    return parts[0] if len(parts) == 1 else Q.And(parts)


def surfaces_to_verify(q: str) -> list[str]:
    """The CJK words whose bigrams could match apart from each other."""
    return [surface for kind, grams, surface in query_groups(q) if kind == "cjk" and len(grams) > 1]


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


def _sort_kwargs(sort: str, has_text: bool) -> dict:
    if sort in ("date", "amount"):
        return {"sortedby": [f"{sort}_sort", "created"], "reverse": True}
    if not has_text:
        return {"sortedby": "created", "reverse": True}
    return {}


def _verified(s, q, kwargs, verify, surfaces, limit: int | None):
    """Candidates in order, keeping those whose text contains every surface word."""
    results = s.search(q, limit=None, **kwargs)
    scored = not kwargs
    candidates = [(int(h["doc_id"]), float(h.score or 0.0) if scored else 0.0) for h in results]
    kept, checked = [], 0
    for start in range(0, min(len(candidates), VERIFY_CAP), 500):
        chunk = candidates[start : min(start + 500, VERIFY_CAP)]
        ok = verify([c[0] for c in chunk], surfaces)
        kept += [c for c in chunk if c[0] in ok]
        checked += len(chunk)
        if limit is not None and len(kept) >= limit and checked >= VERIFY_CAP:
            break
    rest = candidates[checked:]
    return kept, rest


def search(
    *, scope, filters: Filters, sort: str = "relevance", page: int = 1, per_page: int = 20, verify=None
) -> Results:
    """One page of results; `total` counts only what the actor may read.

    `verify(ids, words) -> set of ids` checks CJK words of 3+ characters against the text."""
    with index.searcher() as s:
        tq = text_query(filters.q)
        fq = filter_query(scope, filters)
        # Filters are part of the query (not a Whoosh filter) so that the count is exact.
        q = Q.And([tq, fq]) if tq is not None else fq
        kwargs = _sort_kwargs(sort, tq is not None)
        page = max(1, page)
        surfaces = surfaces_to_verify(filters.q) if verify else []
        if surfaces:
            kept, rest = _verified(s, q, kwargs, verify, surfaces, page * per_page)
            start = (page - 1) * per_page
            hits = [Hit(i, sc) for i, sc in kept[start : start + per_page]]
            return Results(
                total=len(kept) + len(rest), page=page, per_page=per_page, hits=hits, estimated=bool(rest)
            )
        results = s.search(q, limit=page * per_page, **kwargs)
        total = len(results)
        start = (page - 1) * per_page
        scored = not kwargs  # with sortedby, Whoosh's "score" is the sort key
        hits = [
            Hit(int(results[i]["doc_id"]), float(results.score(i) or 0.0) if scored else 0.0)
            for i in range(start, min(start + per_page, results.scored_length()))
        ]
        return Results(total=total, page=page, per_page=per_page, hits=hits)


def all_ids(*, scope, filters: Filters, sort: str = "relevance", verify=None) -> list[int]:
    """Every matching document id (for the CSV export of a result set), verified in full."""
    with index.searcher() as s:
        tq = text_query(filters.q)
        fq = filter_query(scope, filters)
        q = Q.And([tq, fq]) if tq is not None else fq
        kwargs = _sort_kwargs(sort, tq is not None)
        ids = [int(h["doc_id"]) for h in s.search(q, limit=None, **kwargs)]
        surfaces = surfaces_to_verify(filters.q) if verify else []
        if not surfaces:
            return ids
        out = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ok = verify(chunk, surfaces)
            out += [i for i in chunk if i in ok]
        return out
