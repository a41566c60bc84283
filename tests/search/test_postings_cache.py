"""The posting caches: least recently used first out, bounded by the bytes they hold, and a
search's own sets dropped when its searcher goes back to the pool (issue 14, memory)."""

from __future__ import annotations

from array import array

from whoosh.query import Every

from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search import index, postings
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
