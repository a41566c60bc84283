"""Searching the document index: words in three languages, filters, permission, sort, pages.

Whoosh is asked for sets of document numbers (one posting list per term, cached by postings.py
per segment and per searcher, and intersected as Python sets, which is C code) and, for relevance, for the top of the result
set only (BM25F with block-quality skipping, restricted to the candidate set). Counts come from
the set sizes, so they are exact and cost nothing extra; sorting by date or amount reads the sort
columns once per segment.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field

from whoosh import query as Q

from llp_gov.search import index, postings, scoring
from llp_gov.search.analysis import prefix_word, query_groups

SORTS = ("relevance", "date", "amount")
TEXT = "text"
WORDS = "words"


@dataclass
class Filters:
    """What to search: `q` words (any of the three languages), a counterparty id, a document
    type, tags (all required), a transaction-date range (dates as written on the document,
    inclusive), an amount range (integer yen, inclusive; documents without one never match a
    range), withdrawn documents or not, and a version text status."""

    q: str = ""
    counterparty_id: int | None = None
    doc_type: str | None = None
    tags: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    include_withdrawn: bool = True
    text_status: str | None = None  # a version with this text status (ok, no_text, ...)


@dataclass
class Hit:
    """One result: the document's id and its relevance score (0.0 when sorted by a column)."""

    document_id: int
    score: float


@dataclass
class Results:
    """One page of results: `total` matching documents the actor may read (an estimate when
    `estimated`), the page number (from 1), rows per page and the page's hits in order."""

    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    estimated: bool = False  # only part of the candidates was verified: the total is an estimate

    @property
    def pages(self) -> int:
        """The number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


# A CJK word of 3+ characters is searched as the AND of its bigrams, and the candidates are then
# verified against the text (the word itself, not its bigrams scattered around), best first.
# Up to VERIFY_EXACT candidates are all verified (the total is exact). Beyond that, candidates are
# verified best first until the page asked for is full (at least VERIFY_SAMPLE of them) and the
# total is extrapolated from the share that passed (Results.estimated). VERIFY_CAP bounds the
# work for a word whose bigrams are common but which itself is rare or absent.
VERIFY_EXACT = 200
VERIFY_SAMPLE = 40
VERIFY_CAP = 5000


def _term(s, fieldname: str, text: str) -> frozenset:
    return postings.term_docs(s, fieldname, text)


def _range(s, column: str, low: int | None, high: int | None) -> frozenset:
    # Unknown dates and amounts are -1 in the sort columns; known ones are never negative.
    return postings.column_range(s, column, max(0, low or 0), high)


_column = postings.column


def allowed_docs(s, scope, f: Filters) -> frozenset:
    """The organisation's documents the actor may read (restricted ones by partner list) that
    pass the filters."""
    docs = _term(s, "org", str(scope.organisation_id))
    if not scope.all_restricted:
        readable = _term(s, "restricted", "0").union(
            *(_term(s, "partners", str(p)) for p in sorted(scope.partner_ids))
        )
        docs = docs & readable
    if f.counterparty_id:
        docs = docs & _term(s, "counterparty_id", str(f.counterparty_id))
    if f.doc_type:
        docs = docs & _term(s, "doc_type", f.doc_type)
    for tag in f.tags:
        docs = docs & _term(s, "tags", tag.strip().lower())
    if f.date_from or f.date_to:
        low = f.date_from.toordinal() if f.date_from else None
        high = f.date_to.toordinal() if f.date_to else None
        docs = docs & _range(s, "date_sort", low, high)
    if f.amount_min is not None or f.amount_max is not None:
        docs = docs & _range(s, "amount_sort", f.amount_min, f.amount_max)
    if f.text_status:
        docs = docs & _term(s, "text_status", f.text_status)
    if not f.include_withdrawn:
        docs = docs & _term(s, "withdrawn", "0")
    return docs


def _terms(q: str) -> list[str]:
    """The query's exact terms (stems and CJK grams), without the prefix word's stem."""
    groups = query_groups(q)
    if prefix_word(q) is not None:
        groups = groups[:-1]
    return list(dict.fromkeys(g for _kind, grams, _surface in groups for g in grams))


def _prefix_docs(s, word: tuple[str, str]) -> frozenset:
    """Documents with the word's stem or a word starting with what was typed."""
    stem, typed = word
    return _term(s, TEXT, stem) | postings.docs(
        s, ("prefix", WORDS, typed), lambda: Q.Prefix(WORDS, typed)
    )


def ranking_term(s, q: str) -> str | None:
    """The `text` term that orders the candidates: the rarest of the query's exact terms (every
    candidate has it); for a query of one word matched as a prefix, that word's stem (documents
    with the whole word first, _Ranking puts the others after them, newest first)."""
    terms = _terms(q)
    if terms:
        return min(terms, key=lambda t: len(_term(s, TEXT, t)))
    word = prefix_word(q)
    return word[0] if word else None


def surfaces_to_verify(q: str) -> list[str]:
    """The CJK words whose bigrams could match apart from each other."""
    return [surface for kind, grams, surface in query_groups(q) if kind == "cjk" and len(grams) > 1]


class _Ranking:
    """The candidates best first, computed lazily for as many as are asked."""

    def __init__(self, s, candidates: frozenset, term: str | None, sort: str):
        self.s, self.candidates, self.term, self.sort = s, candidates, term, sort
        self.ranked: list[tuple[int, float]] = []

    def top(self, k: int) -> list[tuple[int, float]]:
        """The best k candidates as (document number, score), computed once and extended."""
        k = min(k, len(self.candidates))
        if len(self.ranked) >= k:
            return self.ranked[:k]
        s = self.s
        if self.sort in ("date", "amount"):
            primary, created = _column(s, f"{self.sort}_sort"), _column(s, "created")
            best = heapq.nlargest(k, self.candidates, key=lambda d: (primary[d], created[d]))
            self.ranked = [(d, 0.0) for d in best]
        elif self.term is None:
            created = _column(s, "created")
            self.ranked = [
                (d, 0.0) for d in heapq.nlargest(k, self.candidates, key=created.__getitem__)
            ]
        else:
            # Every candidate contains every term, so BM25 of the rarest term orders them almost
            # as the full AND would, at the cost of one posting list instead of all of them.
            self.ranked = by_relevance(s, self.term, self.candidates, k)
            if len(self.ranked) < k:  # candidates found by a prefix only, newest first
                created, seen = _column(s, "created"), {d for d, _ in self.ranked}
                rest = heapq.nlargest(
                    k - len(self.ranked), self.candidates - seen, key=created.__getitem__
                )
                self.ranked += [(d, 0.0) for d in rest]
        return self.ranked[:k]


def by_relevance(s, term: str, candidates: frozenset, k: int) -> list[tuple[int, float]]:
    """The best k candidates containing `term` by its BM25F score, as (document number, score),
    in the order Whoosh's `searcher.search(Term, filter=candidates, limit=k)` gives, computed
    a posting block at a time (scoring.top: Whoosh scored every candidate one by one)."""
    try:
        return scoring.top(
            s,
            TEXT,
            term,
            candidates,
            k=k,
            groups_of=lambda sub: postings.score_groups(sub, TEXT, term),
        )
    except TypeError:  # a weighting model other than BM25F: Whoosh scores
        results = s.search(Q.Term(TEXT, term), limit=k, filter=set(candidates))
        return [(hit.docnum, float(hit.score or 0.0)) for hit in results]


def _doc_ids(s, docnums) -> list[int]:
    return [int(s.stored_fields(d)["doc_id"]) for d in docnums]


def _candidates(s, scope, filters: Filters):
    docs = allowed_docs(s, scope, filters)
    for term in sorted(_terms(filters.q), key=lambda t: len(_term(s, TEXT, t))):
        if not docs:
            break
        docs = docs & _term(s, TEXT, term)
    word = prefix_word(filters.q)
    if word is not None and docs:
        docs = docs & _prefix_docs(s, word)
    return docs


def search(
    *,
    scope,
    filters: Filters,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    verify=None,
) -> Results:
    """One page of results; `total` counts only what the actor may read.

    `scope` has organisation_id, all_restricted and partner_ids (the documents domain's read
    scope); `sort` is one of SORTS ("relevance", "date" or "amount", both newest/largest first);
    `page` from 1 (below 1 is 1), `per_page` hits. `verify(ids, words) -> set of ids` checks
    CJK words of 3+ characters against the text (without it, their bigrams are trusted).
    Raises nothing of its own; index.IndexBusy never (searching takes no lock)."""
    page = max(1, page)
    start, need = (page - 1) * per_page, page * per_page
    with index.searcher() as s:
        candidates = _candidates(s, scope, filters)
        ranking = _Ranking(s, candidates, ranking_term(s, filters.q), sort)
        surfaces = surfaces_to_verify(filters.q) if verify else []
        if not surfaces:
            top = ranking.top(need)[start:need]
            hits = [
                Hit(i, sc)
                for i, (_d, sc) in zip(_doc_ids(s, [d for d, _ in top]), top, strict=True)
            ]
            return Results(total=len(candidates), page=page, per_page=per_page, hits=hits)
        kept: list[Hit] = []
        checked = 0
        want = (
            len(candidates)
            if len(candidates) <= VERIFY_EXACT
            else max(VERIFY_SAMPLE, need + need // 2)
        )
        while checked < len(candidates):
            chunk = ranking.top(want)[checked:]
            ids = _doc_ids(s, [d for d, _ in chunk])
            ok = verify(ids, surfaces)
            kept += [Hit(i, sc) for i, (_d, sc) in zip(ids, chunk, strict=True) if i in ok]
            checked += len(chunk)
            if len(kept) >= need or checked >= VERIFY_CAP:
                break
            want = min(len(candidates), VERIFY_CAP, want * 4)
        if checked >= len(candidates):
            total, estimated = len(kept), False
        else:
            total, estimated = (
                len(kept) + round((len(candidates) - checked) * len(kept) / checked),
                True,
            )
        return Results(
            total=total, page=page, per_page=per_page, hits=kept[start:need], estimated=estimated
        )


def all_ids(*, scope, filters: Filters, sort: str = "relevance", verify=None) -> list[int]:
    """Every matching document id (for the CSV export of a result set), verified in full."""
    with index.searcher() as s:
        candidates = _candidates(s, scope, filters)
        ranked = _Ranking(s, candidates, ranking_term(s, filters.q), sort).top(len(candidates))
        ids = _doc_ids(s, [d for d, _ in ranked])
        surfaces = surfaces_to_verify(filters.q) if verify else []
        if not surfaces:
            return ids
        out = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ok = verify(chunk, surfaces)
            out += [i for i in chunk if i in ok]
        return out
