"""The posting caches: least recently used first out, bounded by the bytes they hold, and a
search's own sets dropped when its searcher goes back to the pool (issue 14, memory)."""

from __future__ import annotations

import random
import tracemalloc
from array import array

from whoosh.query import Every

from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search import index, postings, query
from llp_gov.search.postings import _Bounded, _nbytes


def test_the_least_recently_used_entry_leaves_first_when_the_bound_is_passed():
    cache = _Bounded(10, sizeof=len)
    cache.put("a", frozenset(range(4)))
    cache.put("b", frozenset(range(4)))
    assert cache.get("a") is not None  # a is now more recent than b
    cache.put("c", frozenset(range(4)))  # 12 > 10: b goes
    assert cache.get("b") is None
    assert cache.get("a") == frozenset(range(4)) and cache.get("c") is not None


def test_an_entry_larger_than_the_bound_is_not_cached_and_evicts_nothing():
    cache = _Bounded(10, sizeof=len)
    cache.put("small", frozenset({1}))
    cache.put("huge", frozenset(range(11)))
    assert cache.get("huge") is None
    assert cache.get("small") == frozenset({1})


def test_cached_arrays_count_their_bytes_and_sets_their_objects():
    assert _nbytes(array("i", range(1000))) == 4000  # 4 bytes a document number
    assert _nbytes((array("q", range(100)), array("i", range(100)))) == 1200
    assert _nbytes(frozenset(range(1000))) == 1000 * postings.SET_BYTES_PER_ID
    assert _nbytes(frozenset()) == 64  # an empty entry still costs its key


def test_a_search_leaves_no_sets_on_its_pooled_searcher(app, world):
    # Searchers stay open in the pool between requests; the sets one search assembled must not
    # stay with them (4 idle searchers x 500,000 numbers made a search process grow).
    documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title="契約",
        doc_type="other",
        data="契約書".encode(),
        filename="a.txt",
    )
    db.session.commit()
    with index.searcher():
        pass
    with index.searcher() as s:
        postings.docs(s, ("every",), Every)
        assert getattr(s, "_llp_postings", None) is not None
        kept = s
    # Given back to the pool: what the search assembled is gone from it (whether the next borrow
    # gets this searcher or a reopened one depends on the index's state, not on this rule).
    assert getattr(kept, "_llp_postings", None) is None


def upload(world, title, body):
    documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=body.encode(),
        filename="a.txt",
    )
    db.session.commit()


class _Scope:
    organisation_id = 0  # replaced per test
    all_restricted = True
    partner_ids = ()


def test_a_pooled_searcher_forgets_the_term_statistics_whoosh_memoised(app, world, monkeypatch):
    # Whoosh keeps every scored term's idf on the searcher; a pooled searcher lives as long as
    # the index does not change, so each new word searched would stay in memory for good.
    upload(world, "契約", "契約書 contract")
    monkeypatch.setattr(_Scope, "organisation_id", world.org.id)
    with index.searcher() as s:
        for q in ("契約", "contract", "書"):
            candidates = query._candidates(s, _Scope, query.Filters(q=q))
            assert query.by_relevance(s, query.ranking_term(s, q), candidates, 20)
        assert len(s._idf_cache) == 3
        kept = s
    assert kept._idf_cache == {}


def test_the_process_wide_cache_never_holds_more_than_its_bound_while_searching(
    app, world, monkeypatch
):
    # The memory bound of a searching process (README, Search): process-wide entries are
    # counted in bytes and the least recently used leave, whatever is searched.
    bound = 6_000
    monkeypatch.setattr(postings, "_segments", postings._Bounded(bound))
    app.config["SEARCH_SMALL_SEGMENT_DOCS"] = 0  # one segment per upload: entries per segment
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "契約", "組合", "계약"]
    for i in range(6):
        upload(world, f"doc {i}", " ".join(words[: i + 3]) + f" 書類{i}" * 50)
    monkeypatch.setattr(_Scope, "organisation_id", world.org.id)
    sizes = []
    for w in words * 2:
        for sort in query.SORTS:
            results = query.search(scope=_Scope, filters=query.Filters(q=w), sort=sort)
            assert results.total > 0
            sizes.append(postings._segments.cache.currsize)
    assert max(sizes) <= bound
    assert len(postings._segments.cache) > 1  # it caches, within the bound
    assert sum(len(v) for v in index._pool.values()) <= index._MAX_IDLE


def test_an_open_searcher_holds_no_copy_of_the_index_files(app):
    # Whoosh maps a compound segment and copies each part of the map into a BytesIO: every
    # pooled searcher held the postings and terms again (~110 MB at 100,000 documents).
    rng = random.Random(5)
    ix = index.open_index()
    try:
        w = ix.writer()
        for n in range(1500):
            words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(30))
            w.add_document(doc_id=str(n), org="1", restricted="0", text=words, words=words)
        w.commit()  # one compound segment file, as commits and merges write them
    finally:
        ix.close()
    size = sum(p.stat().st_size for p in index.index_dir().resolve().glob("*.seg"))
    assert size > 1_000_000
    tracemalloc.start()
    try:
        with index.searcher() as s:
            assert postings.term_docs(s, "org", "1")
            held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < size / 4
