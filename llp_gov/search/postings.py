"""Document-number sets and sort columns read from the index, cached at two levels.

Each segment's answer is cached process-wide under the segment's id and deletion count, so an
upload (which adds a small segment, or deletes in one) leaves the big segments' sets warm for
every searcher opened afterwards. Each searcher also keeps the assembled whole-index answer.
Both caches are bounded by the number of document numbers they hold (about 60 bytes each)."""

from __future__ import annotations

import threading

from cachetools import LRUCache

MAX_SEGMENT_IDS = 2_000_000  # process-wide, all indexes
MAX_SEARCHER_IDS = 500_000  # per searcher (a pool holds up to 4 per index)


def _size(value) -> int:
    """A cached set or column costs its number of document numbers; an empty one still an entry."""
    return max(1, len(value))


class _Bounded:
    """A least-recently-used map of sized values bounded by their total size: cachetools'
    LRUCache (getsizeof) behind a lock, since cachetools caches are not thread-safe. A value
    larger than the whole bound is not cached (it is computed again when asked for)."""

    def __init__(self, limit: int):
        self.cache: LRUCache = LRUCache(maxsize=limit, getsizeof=_size)
        self.lock = threading.Lock()

    def get(self, key):
        """The cached value, now the most recently used, or None."""
        with self.lock:
            return self.cache.get(key)

    def put(self, key, value) -> None:
        """Cache `value`, evicting the least recently used values beyond the bound."""
        if _size(value) > self.cache.maxsize:
            return
        with self.lock:
            self.cache[key] = value


_segments = _Bounded(MAX_SEGMENT_IDS)


def _searcher_cache(s) -> _Bounded:
    cache = getattr(s, "_llp_postings", None)
    if cache is None:
        cache = s._llp_postings = _Bounded(MAX_SEARCHER_IDS)
    return cache


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


def _join_sets(parts) -> frozenset:
    shifted = [
        part if not offset else frozenset(map(offset.__add__, part)) for part, offset in parts
    ]
    if len(shifted) == 1:
        return shifted[0]
    return frozenset().union(*shifted)


def _join_lists(parts) -> list:
    out: list = []
    for part, _offset in parts:  # leaf searchers come in document-number order
        out += part
    return out


def docs(s, key: tuple, make_query) -> frozenset:
    """The (non-deleted) document numbers matching make_query(), cached under `key`."""
    return _per_segment(
        s, ("docs", *key), lambda sub: frozenset(make_query().docs(sub)), _join_sets
    )


def column(s, name: str) -> list:
    """Every document's value of a column, indexed by document number."""
    return _per_segment(
        s, ("column", name), lambda sub: list(sub.reader().column_reader(name)), _join_lists
    )
