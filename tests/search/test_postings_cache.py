"""The posting-set cache: least recently used first out, bounded by document numbers held."""

from __future__ import annotations

from llp_gov.search.postings import _Bounded


def test_the_least_recently_used_set_leaves_first_when_the_bound_is_passed():
    cache = _Bounded(10)
    cache.put("a", frozenset(range(4)))
    cache.put("b", frozenset(range(4)))
    assert cache.get("a") is not None  # a is now more recent than b
    cache.put("c", frozenset(range(4)))  # 12 > 10: b goes
    assert cache.get("b") is None
    assert cache.get("a") == frozenset(range(4)) and cache.get("c") is not None


def test_a_set_larger_than_the_bound_is_not_cached_and_evicts_nothing():
    cache = _Bounded(10)
    cache.put("small", frozenset({1}))
    cache.put("huge", frozenset(range(11)))
    assert cache.get("huge") is None
    assert cache.get("small") == frozenset({1})


def test_empty_sets_count_as_entries():
    cache = _Bounded(3)
    for key in "abcd":
        cache.put(key, frozenset())
    assert cache.get("a") is None and cache.get("d") == frozenset()
