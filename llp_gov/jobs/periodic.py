"""Scheduled work, run by the worker (`flask jobs worker`) instead of cron lines.

* every 5 minutes: close the resolutions whose deadline passed (llp_gov.resolutions.close_due);
* every minute: send pending mail (normally sent right after its commit; this covers retries);
* every minute: drain what the search outbox still holds; every 10 minutes: merge the search
  index's segments when needed (llp_gov.search.background);
* daily at 18:00 UTC: `audit verify` (a broken chain is logged as an error and recorded in the
  system chain as audit:verify), then every hook registered with `register_daily` (e.g. the
  contract reminders of the signatures area). The daily time is UTC, independent of the
  organisations' legal time zone.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from huey import crontab

from llp_gov.db import db
from llp_gov.jobs import queue
from llp_gov.jobs.queue import huey

log = logging.getLogger(__name__)
_daily: dict[str, Callable[[], object]] = {}


def register_daily(name: str, fn: Callable[[], object]) -> None:
    """Run `fn()` once a day in the worker, in an application context, then commit."""
    _daily[name] = fn


def _in_app(fn: Callable[[], object]) -> object:
    with queue.job_app().app_context():
        try:
            result = fn()
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise


def _entry_point(dotted: str) -> Callable[..., object]:
    """A domain's scheduled entry point named "package.module:function": the schedule is
    configuration, so the queue (infrastructure) imports no domain."""
    module, _sep, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def close_due_resolutions() -> object:
    """Close the resolutions whose voting deadline passed (resolutions.services.close_due)."""
    return _entry_point("llp_gov.resolutions.services:close_due")()


def verify_audit_trail() -> int:
    """`audit verify` of every chain: each break logged as an error, the result recorded as
    audit:verify in the system chain; returns the number of breaks."""
    from llp_gov.audit import services as audit  # noqa: PLC0415 (imported when run)

    breaks = audit.verify()
    for b in breaks:
        log.error("audit chain broken: chain=%s seq=%s: %s", b.chain, b.seq, b.reason)
    audit.record(
        tag="audit:verify",
        diff={"breaks": [None, [f"{b.chain}#{b.seq}: {b.reason}" for b in breaks]]},
    )
    return len(breaks)


def send_mail() -> int:
    """Send the pending mail of the outgoing_mail table (one SMTP connection); returns the count."""
    from llp_gov.notifications import mail  # noqa: PLC0415 (notifications imports this package)

    return mail.send_pending()


def run_daily_hooks() -> dict[str, str]:
    """Run every register_daily hook in its own transaction; {name: "ok" | "failed: <error>"}
    (one hook failing does not stop the others)."""
    results = {}
    for name, fn in sorted(_daily.items()):
        try:
            _in_app(fn)
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001  one hook failing must not stop the others
            log.exception("daily hook %s failed", name)
            results[name] = f"failed: {exc}"
    return results


@huey.periodic_task(crontab(minute="*/5"), retries=0)
def periodic_close_due():
    _in_app(close_due_resolutions)


@huey.periodic_task(crontab(minute="*"), retries=0)
def periodic_mail():
    _in_app(send_mail)


@huey.periodic_task(crontab(minute="*"), retries=0)
def periodic_search_drain():
    _in_app(_entry_point("llp_gov.search.background:drain_leftovers"))


@huey.periodic_task(crontab(minute="*/10"), retries=0)
def periodic_search_merge():
    _in_app(_entry_point("llp_gov.search.background:merge_if_needed"))


@huey.periodic_task(crontab(hour="18", minute="0"), retries=0)
def periodic_daily():
    _in_app(verify_audit_trail)
    run_daily_hooks()
