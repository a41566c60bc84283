"""Document-number sets and sort columns read from the index, cached in bounded memory.

Two levels (issue 14: a search-only process grew to ~440 MB at 100,000 documents because both
held Python frozensets, about 100 bytes per document number, 2,000,000 numbers process-wide and
500,000 more per pooled searcher):

* process-wide, per segment (keyed by the segment's id and deletion count, so an upload, which
  adds a small segment or deletes in one, leaves the big segments' entries warm): each answer
  as a compact `array` (4 bytes a document number, 8 a column value), bounded to
  SEGMENT_CACHE_BYTES in all;
* per searcher, for the duration of one search only (`forget` empties it when the searcher goes
  back to the pool): the assembled frozensets the query intersects, bounded to
  SEARCHER_CACHE_BYTES.

So a searching process holds at most SEGMENT_CACHE_BYTES + SORTED_CACHE_BYTES between requests
and SEARCHER_CACHE_BYTES more per concurrent search, besides the index files Whoosh maps (page
cache, shared by every process on the machine).
"""

from __future__ import annotations

import bisect
import threading
from array import array
from collections.abc import Callable, Iterable

from cachetools import LRUCache

from llp_gov.search import scoring

SEGMENT_CACHE_BYTES = 48 * 1024 * 1024  # process-wide, all indexes
SORTED_CACHE_BYTES = 32 * 1024 * 1024  # sorted numeric columns for ranges, process-wide
SEARCHER_CACHE_BYTES = 32 * 1024 * 1024  # per searcher, emptied after each search
SET_BYTES_PER_ID = 100  # a frozenset of ints: table slots plus the int objects (measured)


def _nbytes(value) -> int:
    """The memory a cached value holds, roughly (at least 64 bytes per entry)."""
    if isinstance(value, array):
        size = value.itemsize * len(value)
    elif isinstance(value, bytes):
        size = len(value)
    elif isinstance(value, dict):  # score groups: an array per key, plus the key and the slot
        size = sum(_nbytes(v) + 100 for v in value.values())
    elif isinstance(value, tuple):
        size = sum(_nbytes(v) for v in value)
    else:
        size = SET_BYTES_PER_ID * len(value)
    return max(64, size)


class _Bounded:
    """A least-recently-used map bounded by the bytes its values hold: cachetools' LRUCache
    (getsizeof) behind a lock, since cachetools caches are not thread-safe. A value larger than
    the whole bound is not cached (it is computed again when asked for)."""

    def __init__(self, limit: int, sizeof: Callable[[object], int] = _nbytes):
        self.cache: LRUCache = LRUCache(maxsize=limit, getsizeof=sizeof)
        self.sizeof = sizeof
        self.lock = threading.Lock()

    def get(self, key):
        """The cached value, now the most recently used, or None."""
        with self.lock:
            return self.cache.get(key)

    def put(self, key, value) -> None:
        """Cache `value`, evicting the least recently used values beyond the bound."""
        if self.sizeof(value) > self.cache.maxsize:
            return
        with self.lock:
            self.cache[key] = value


_segments = _Bounded(SEGMENT_CACHE_BYTES)
_sorted = _Bounded(SORTED_CACHE_BYTES)
_SEARCHER_ATTR = "_llp_postings"


def _searcher_cache(s) -> _Bounded:
    cache = getattr(s, _SEARCHER_ATTR, None)
    if cache is None:
        cache = _Bounded(SEARCHER_CACHE_BYTES)
        setattr(s, _SEARCHER_ATTR, cache)
    return cache


def forget(s) -> None:
    """Drop what one search assembled on searcher `s` (called when it goes back to the pool),
    and Whoosh's own per-searcher memo of term statistics (`_idf_cache`, one entry per term
    ever scored: unbounded on a searcher that stays open in the pool)."""
    if hasattr(s, _SEARCHER_ATTR):
        delattr(s, _SEARCHER_ATTR)
    idf_cache = getattr(s, "_idf_cache", None)
    if idf_cache:
        idf_cache.clear()


def _leaves(s):
    """(segment key or None, leaf searcher, document-number offset) for each segment."""
    out = []
    for sub, offset in s.leaf_searchers():
        segment = getattr(sub.reader(), "segment", lambda: None)()
        key = (segment.segid, segment.deleted_count()) if segment is not None else None
        out.append((key, sub, offset))
    return out


def _per_segment(s, key: tuple, compute, join):
    cached = _searcher_cache(s).get(key)
    if cached is not None:
        return cached
    parts = []
    for segment_key, sub, offset in _leaves(s):
        part = _segments.get((segment_key, key)) if segment_key else None
        if part is None:
            part = compute(sub)
            if segment_key:
                _segments.put((segment_key, key), part)
        parts.append((part, offset))
    result = join(parts)
    _searcher_cache(s).put(key, result)
    return result


def _shifted(part: Iterable[int], offset: int) -> Iterable[int]:
    return part if not offset else map(offset.__add__, part)


def _join_sets(parts) -> frozenset:
    if len(parts) == 1:
        return frozenset(_shifted(*parts[0]))
    return frozenset().union(*(_shifted(part, offset) for part, offset in parts))


def _join_columns(parts) -> array:
    if len(parts) == 1:
        return parts[0][0]
    out = array("q")
    for part, _offset in parts:  # leaf searchers come in document-number order
        out.extend(part)
    return out


def docs(s, key: tuple, make_query) -> frozenset:
    """The (non-deleted) document numbers matching make_query(), cached under `key`."""
    return _per_segment(
        s, ("docs", *key), lambda sub: array("i", make_query().docs(sub)), _join_sets
    )


def term_docs(s, fieldname: str, text: str) -> frozenset:
    """The (non-deleted) document numbers containing one term, read a posting block at a time
    (scoring.blocks), cached like `docs`."""

    def compute(sub) -> array:
        reader = sub.reader()
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        out = array("i")
        for ids, _weights in scoring.blocks(reader, fieldname, text, weights=False):
            out.extend(ids if not deleted else [d for d in ids if d not in deleted])
        return out

    return _per_segment(s, ("docs", "term", fieldname, text), compute, _join_sets)


def column(s, name: str) -> array:
    """Every document's value of a numeric column, indexed by document number."""
    return _per_segment(
        s, ("column", name), lambda sub: scoring.numeric_column(sub.reader(), name), _join_columns
    )


def _segment_id(sub):
    segment = getattr(sub.reader(), "segment", lambda: None)()
    return segment.segid if segment is not None else None


def lengths(sub, fieldname: str) -> bytes:
    """One segment's (leaf searcher `sub`) length byte of `fieldname` per document, cached per
    segment (1 byte a document; a segment's lengths never change)."""
    segid = _segment_id(sub)
    cached = _segments.get((segid, ("lengths", fieldname))) if segid else None
    if cached is None:
        cached = scoring.length_bytes(sub.reader(), fieldname)
        if segid:
            _segments.put((segid, ("lengths", fieldname)), cached)
    return cached


def score_groups(sub, fieldname: str, text: str) -> dict:
    """One segment's postings of a term grouped by (weight, length byte) (scoring.groups),
    cached per segment (postings never change within a segment; deletions are left to the
    candidate sets)."""
    segid = _segment_id(sub)
    key = (segid, ("groups", fieldname, text))
    cached = _segments.get(key) if segid else None
    if cached is None:
        cached = scoring.groups(sub.reader(), fieldname, text, lengths(sub, fieldname))
        if segid:
            _segments.put(key, cached)
    return cached


def _sorted_column(segment_key, sub, name: str) -> tuple[array, array]:
    """(values ascending, their document numbers) of one segment's numeric column."""
    cached = _sorted.get((segment_key, name)) if segment_key else None
    if cached is not None:
        return cached
    values = scoring.numeric_column(sub.reader(), name)
    order = sorted(range(len(values)), key=values.__getitem__)
    pair = (array("q", [values[d] for d in order]), array("i", order))
    if segment_key:
        _sorted.put((segment_key, name), pair)
    return pair


def column_range(s, name: str, low: int, high: int | None) -> frozenset:
    """The document numbers whose value of the numeric column `name` is within [low, high]
    (high None: no upper bound), deleted documents included (callers intersect with a term's
    set, which has none). Two binary searches per segment on a sorted copy of the column, so a
    new range costs only the size of its answer: nothing is cached per range (issue 14, cold
    filters)."""
    parts = []
    for segment_key, sub, offset in _leaves(s):
        # A column's values never change within a segment: keyed by the segment id alone.
        values, docnums = _sorted_column(segment_key and segment_key[0], sub, name)
        start = bisect.bisect_left(values, low)
        end = len(values) if high is None else bisect.bisect_right(values, high)
        parts.append((docnums[start:end], offset))
    return _join_sets(parts)
