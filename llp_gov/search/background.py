"""The search index's background work as jobs of llp_gov.jobs (Huey; issue 13 item 2, issue 14).

* `search.drain` (a job, one per transaction that announced changes, see outbox.enqueue):
  drains the outbox; a busy lock or a failed write raises, so the job is retried with backoff
  and the rows stay queued.
* `drain_leftovers` (every minute, from llp_gov.jobs.periodic): drains what is left, e.g. rows
  written with SEARCH_DRAIN_AFTER_COMMIT off or after a job ran out of retries.
* `merge_if_needed` (every 10 minutes, from llp_gov.jobs.periodic): merges the segments in the
  background (llp_gov.search.merge) when there are too many or too many deletions.
"""

from __future__ import annotations

import fcntl
import logging

from llp_gov.jobs.queue import job
from llp_gov.search import index, merge, outbox

log = logging.getLogger(__name__)


@job(outbox.DRAIN_JOB, retries=8, base_delay=2.0)
def drain_job() -> int:
    """Drain the outbox (the job's body); raises index.IndexBusy or the write's error."""
    return outbox.drain()


def drain_leftovers() -> int:
    """Drain the outbox when rows wait; return how many were drained (0 when the lock is busy:
    the next minute tries again)."""
    if not outbox.pending_count():
        return 0
    try:
        return outbox.drain()
    except index.IndexBusy:
        log.info("search outbox: the index is busy, leaving the rows for the next minute")
        return 0


def merge_if_needed(*, force: bool = False) -> merge.MergeReport | None:
    """Run merge.merge_segments unless another process is merging (a non-blocking lock file
    beside the index); returns its report, or None when another merge runs."""
    lock_path = index.index_dir().parent / (index.index_dir().name + ".merge-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        report = merge.merge_segments(force=force)
        if not report.skipped:
            log.info(
                "search index merged: %s -> %s segments, %s documents, lock held %.3f s",
                report.segments_before,
                report.segments_after,
                report.merged_docs,
                report.lock_seconds,
            )
        return report
