"""Segment merging (issue 14): small merges at commit time, big ones in the background.

Every drain commit adds a segment. Whoosh's default policy (MERGE_SMALL) can decide at any
commit to merge the large segments too, which after a bulk reindex at 100,000 documents held
the write lock for minutes inside an upload. So:

* commits made while serving use `index.commit_policy`: they merge only segments of at most
  SEARCH_SMALL_SEGMENT_DOCS documents, once there are MIN_SMALL_SEGMENTS of them, and never more
  than that many documents at once (bounded work under the lock);
* `merge_segments` merges every segment into one *outside* the write lock: it reads a snapshot
  of the segments into a new segment written in a staging directory beside the index, then
  takes the lock only to move the new segment's file in, carry over the deletions made in the
  meantime, and write the new table of contents (the swap). It runs as the `search.merge` job
  (periodic, when the index has more than SEARCH_MAX_SEGMENTS segments or more than
  MAX_DELETED_SHARE deleted documents); `index.rebuild` ends with an optimised index itself.
"""

from __future__ import annotations

import bisect
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from whoosh import index as windex
from whoosh.codec.base import Segment
from whoosh.reading import SegmentReader
from whoosh.writing import LockError, SegmentWriter

from llp_gov.search import index

MAX_DELETED_SHARE = 0.1


@dataclass
class MergeReport:
    """What `merge_segments` did: segments before and after, documents in the merged segment,
    and how long the write lock was held (seconds, for the swap only)."""

    segments_before: int
    segments_after: int
    merged_docs: int = 0
    lock_seconds: float = 0.0
    skipped: str = ""  # why nothing was merged ("" when merged)


def needs_merge(segments: Sequence) -> bool:
    """True when the index has more than SEARCH_MAX_SEGMENTS segments or more than
    MAX_DELETED_SHARE of its documents are deleted (updated or removed documents)."""
    total = sum(s.doc_count_all() for s in segments)
    deleted = sum(s.deleted_count() for s in segments)
    limit = int(current_app.config.get("SEARCH_MAX_SEGMENTS", 8))
    return len(segments) > limit or (total > 0 and deleted / total > MAX_DELETED_SHARE)


@dataclass
class _Built:
    generation: Path
    staging: Path
    merged: list[Segment]  # the snapshot's segments, in index order
    deleted_then: list[list[int]]  # per merged segment, its deleted document numbers (sorted)
    segment: Segment  # the new segment (files in `staging`)


def _build(ix, generation: Path, segments: list[Segment], limitmb: int) -> _Built:
    """Write the snapshot's live documents into one new segment in a staging directory,
    without the write lock (a drain commit meanwhile neither waits nor deletes our files)."""
    staging = generation.with_name(generation.name + ".merging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    staging_ix = windex.create_in(str(staging), ix.schema, indexname=index.INDEX_NAME)
    writer = SegmentWriter(staging_ix, _lk=False, limitmb=limitmb)
    deleted_then = []
    try:
        for segment in segments:
            deleted_then.append(sorted(segment.deleted_docs()))
            reader = SegmentReader(ix.storage, ix.schema, segment)
            writer.add_reader(reader)
            reader.close()
        # Whoosh has no public "write a segment without committing": these are the steps of
        # SegmentWriter.commit() before it writes a table of contents (whoosh3 3.54.0, pinned).
        new_segment = writer._finalize_segment()
    finally:
        writer._finish()  # removes the writer's temporary files; there is no lock to release
    return _Built(generation, staging, segments, deleted_then, new_segment)


def _new_number(built: _Built, k: int, base: int, docnum: int) -> int:
    """The merged segment's number of document `docnum` of merged segment `k` (which starts
    at `base` there): its rank among the documents that segment had live in the snapshot."""
    return base + docnum - bisect.bisect_left(built.deleted_then[k], docnum)


def _swap(ix, built: _Built, timeout: float) -> float:
    """Under the write lock: move the new segment in, delete in it what was deleted in the old
    segments since the snapshot, and write the table of contents. Returns the lock time."""
    try:
        writer = ix.writer(timeout=timeout, delay=0.05)
    except LockError:
        raise index.IndexBusy() from None
    started = time.monotonic()
    try:
        current = {s.segid: s for s in writer.segments}
        if index.index_dir().resolve() != built.generation or any(
            s.segid not in current for s in built.merged
        ):
            writer.cancel()  # a rebuild or another merge came first: this merge is stale
            return time.monotonic() - started
        new = built.segment
        prefix = f"{index.INDEX_NAME}_{new.segid}"
        for name in os.listdir(built.staging):
            if name.startswith(prefix):
                os.replace(built.staging / name, built.generation / name)
        base = 0
        for k, old in enumerate(built.merged):
            then = set(built.deleted_then[k])
            for docnum in sorted(set(current[old.segid].deleted_docs()) - then):
                new.delete_document(_new_number(built, k, base, docnum))
            base += old.doc_count_all() - len(then)
        merged_ids = {s.segid for s in built.merged}

        def swap_policy(_writer, segments):
            rest = [s for s in segments if s.segid not in merged_ids]
            return [new, *rest]  # the merged documents are older than any segment added since

        writer.commit(mergetype=swap_policy)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return time.monotonic() - started


def merge_segments(*, force: bool = False, limitmb: int = 128) -> MergeReport:
    """Merge every segment of the current index into one, holding the write lock only for the
    swap (see the module docstring). Without `force`, only when `needs_merge`. `limitmb` bounds
    the memory of the posting sort (MB; beyond it Whoosh sorts through temporary files).

    Returns a MergeReport. Raises index.IndexBusy when the lock cannot be had for the swap
    within SEARCH_LOCK_TIMEOUT_SECONDS (the merged segment is thrown away; run it again)."""
    ix = index.open_index()
    generation = index.index_dir().resolve()
    built = None
    try:
        segments = list(ix._segments())
        report = MergeReport(len(segments), len(segments))
        if len(segments) <= 1 and not any(s.has_deletions() for s in segments):
            report.skipped = "already one segment"
            return report
        if not force and not needs_merge(segments):
            report.skipped = "not needed"
            return report
        built = _build(ix, generation, segments, limitmb)
        report.lock_seconds = _swap(ix, built, current_app.config["SEARCH_LOCK_TIMEOUT_SECONDS"])
        report.merged_docs = built.segment.doc_count()
        report.segments_after = len(ix._segments())
        return report
    finally:
        ix.close()
        if built is not None:
            shutil.rmtree(built.staging, ignore_errors=True)
