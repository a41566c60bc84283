"""Failed jobs for the operator: list and retry (superadmins only)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, PermissionDenied
from llp_gov.jobs.models import Job
from llp_gov.jobs.queue import PENDING


def _require_operator(actor) -> None:
    if not getattr(actor, "is_superadmin", False):
        raise PermissionDenied(_("Only an administrator of the installation manages jobs."))


def failed_jobs(*, actor, limit: int = 200) -> list[Job]:
    """Failed jobs, newest first. Raises PermissionDenied unless `actor` is a superadmin."""
    _require_operator(actor)
    return list(
        db.session.scalars(
            select(Job).where(Job.state == "failed").order_by(Job.id.desc()).limit(limit)
        )
    )


def retry(*, actor, job_id: int) -> Job:
    """Queue a failed job again with a fresh set of attempts (handed to the queue after the
    commit); audited as job:retry. Raises PermissionDenied (not a superadmin), NotFound, or
    Conflict when the job is not failed."""
    _require_operator(actor)
    row = db.session.get(Job, job_id, with_for_update=True)
    if row is None:
        raise NotFound()
    if row.state != "failed":
        raise Conflict(
            _("Only a failed job can be retried; this one is %(state)s.", state=row.state)
        )
    previous_error = row.error
    row.state, row.attempts, row.updated_at, row.next_attempt_at = "queued", 0, utcnow(), None
    audit.record(
        tag="job:retry",
        actor=actor,
        organisation_id=row.organisation_id,
        target=row,
        diff={"state": ["failed", "queued"], "error": [previous_error, None]},
    )
    db.session.info.setdefault(PENDING, []).append(row.id)
    return row
