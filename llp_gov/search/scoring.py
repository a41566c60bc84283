"""The top of a candidate set by BM25F of one term, read a posting block at a time (issue 14).

Whoosh's own `searcher.search(term, filter=candidates, limit=k)` asks a Python scorer for every
posting that passes the filter, one method chain per document (matcher.score -> scorer ->
doc_field_length -> column reader -> struct unpack). For a common word (契約 is in every
Japanese document: ~33,000 of 100,000) that was 90-118 ms of CPU per search, and the block-max
skipping cannot help, since every block of a common term holds a high weight.

Here the same scores are computed from the same inputs: a term's BM25F score depends only on
the posting's weight and the document's length byte (Whoosh's lossy field length), so each
segment's postings of the term are grouped once by that pair (`groups`, read a posting block at
a time and cached per segment like the posting sets) and a search scores the few hundred groups
with Whoosh's own `bm25` function, then walks them best first, intersecting each with the
candidates (C set operations), until k documents are found. The order is Whoosh's
TopCollector order: score descending, then document number ascending.
tests/search/test_ranking.py compares hits, order and scores with Whoosh's search.

It reads two private parts of whoosh3 3.54.0 (pinned): a leaf matcher's block decoding
(`_read_ids`, `_read_weights`, `_next_block`) and the length column's raw bytes. Anything else
(another codec, inlined postings) goes through the public matcher interface, one posting at a
time.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator, Sequence

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F, bm25
from whoosh.util.numeric import byte_to_length

Hit = tuple[int, float]  # (top-level document number, score)


def blocks(
    reader, fieldname: str, text: str, *, weights: bool = True
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(document numbers, weights) of each posting block of the term in one segment's reader,
    deleted documents included (callers keep only numbers of their candidate sets, which hold
    no deleted document, or drop them). Without `weights`, the weights are an empty tuple.
    Nothing when the segment lacks the term."""
    try:
        m = reader.postings(fieldname, text)
    except TermNotFound:
        return
    if isinstance(m, FilterMatcher):  # the segment has deletions: read the postings themselves
        m = m.child
        m.reset()
    if isinstance(m, W3LeafMatcher):
        while m.is_active():
            m._read_ids()
            if weights:
                m._read_weights()
            yield m._ids, (m._weights if weights else ())
            m._next_block()
        return
    ids, found = [], []
    while m.is_active():
        ids.append(m.id())
        if weights:
            found.append(m.weight())
        m.next()
    yield ids, found


def length_bytes(reader, fieldname: str) -> bytes:
    """One segment's length byte of `fieldname` per document (Whoosh's lossy length, decoded by
    byte_to_length; 0 where the document has none)."""
    perdoc = reader._perdoc
    column = f"_{fieldname}_len"
    count = reader.doc_count_all()
    if not perdoc.has_column(column):
        return bytes(count)
    creader = perdoc.column_reader(column, LENGTHS_COLUMN)
    raw = bytes(creader._dbfile.get(creader._basepos, creader._count))
    return raw + bytes(count - len(raw))


def groups(reader, fieldname: str, text: str, lengths: bytes) -> dict[tuple[float, int], array]:
    """One segment's postings of the term grouped by what its BM25F score depends on: (weight,
    length byte) -> the document numbers (ascending, deleted ones included) with that pair. A
    common term has a few hundred groups, so a search scores groups, not documents."""
    out: dict[tuple[float, int], array] = {}
    for ids, weights in blocks(reader, fieldname, text):
        for docnum, weight in zip(ids, weights, strict=True):
            key = (weight, lengths[docnum])
            found = out.get(key)
            if found is None:
                found = out[key] = array("i")
            found.append(docnum)
    return out


def numeric_column(reader, name: str) -> array:
    """One segment's values of a numeric column (COLUMN(NumericColumn)) per document, as an
    array of 8-byte integers: the column's bytes read at once (big-endian, as Whoosh writes
    them), the default after its last written value. Iterating Whoosh's column reader instead
    unpacks one value per call: ~0.5 s of CPU for three columns at 100,000 documents, paid by
    the first search after every merge."""
    count = reader.doc_count_all()
    creader = reader.column_reader(name, translate=False)
    if type(creader) is not NumericColumn.Reader:  # an empty column, another codec: one by one
        return array("q", creader)
    values = array(creader._typecode)
    values.frombytes(creader._dbfile.get(creader._basepos, creader._count * creader._fixedlen))
    if sys.byteorder == "little":
        values.byteswap()
    out = array("q", values)
    out.extend([creader._default] * (count - len(out)))
    return out


def top(s, fieldname: str, text: str, candidates: frozenset, *, k: int, groups_of) -> list[Hit]:
    """The best `k` of `candidates` (top-level document numbers) that contain the term, as
    (document number, BM25F score), in the order of Whoosh's TopCollector: score descending,
    then document number ascending. `groups_of(leaf searcher)` gives a segment's `groups`
    (cached by the caller). Raises TypeError for a weighting other than BM25F (the caller
    falls back to Whoosh's search)."""
    weighting = s.weighting
    if type(weighting) is not BM25F:
        raise TypeError("only BM25F is computed here")
    idf = s.idf(fieldname, text)
    avgfl = s.avg_field_length(fieldname) or 1
    b = weighting._field_B.get(fieldname, weighting.B)
    k1 = weighting.K1
    by_score: dict[float, list[tuple[int, array]]] = {}
    for sub, offset in s.leaf_searchers():
        for (weight, lbyte), docnums in groups_of(sub).items():
            score = bm25(idf, weight, byte_to_length(lbyte), avgfl, b, k1)
            by_score.setdefault(score, []).append((offset, docnums))
    out: list[Hit] = []
    for score in sorted(by_score, reverse=True):
        found: set[int] = set()
        for offset, docnums in by_score[score]:
            found.update(
                candidates.intersection(map(offset.__add__, docnums) if offset else docnums)
            )
        out += [(docnum, score) for docnum in sorted(found)]
        if len(out) >= k:
            break
    return out[:k]
