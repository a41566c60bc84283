"""`flask jobs worker` (the Huey consumer with the periodic tasks) and friends."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import select

from llp_gov.db import db, utcnow
from llp_gov.jobs import queue
from llp_gov.jobs.models import Job

cli = AppGroup("jobs", help="Background jobs (Huey).")


@cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option("--no-periodic", is_flag=True, help="Do not run the scheduled tasks here.")
def worker(workers: int, no_periodic: bool):
    """Run jobs and the scheduled tasks until stopped (SIGTERM finishes the running jobs)."""
    if queue.huey.immediate:
        raise click.ClickException("LLP_GOV_JOBS_URL is 'immediate': there is nothing to consume")
    requeued = _requeue_stale()
    if requeued:
        click.echo(f"requeued {requeued} job(s) left queued or running by a stopped worker")
    consumer = queue.huey.create_consumer(
        workers=workers, worker_type="thread", periodic=not no_periodic, check_worker_health=True
    )
    consumer.run()


def _requeue_stale() -> int:
    """Jobs still 'queued' or 'running' when a worker starts were lost with the previous one
    (or never handed to the queue): hand them to the queue again. Execution is idempotent per
    row state, so a job already in the queue runs once."""
    stale = utcnow() - dt.timedelta(hours=1)
    rows = db.session.scalars(
        select(Job).where(
            (Job.state == "queued") | ((Job.state == "running") & (Job.updated_at < stale))
        )
    ).all()
    for row in rows:
        row.state = "queued"
    db.session.commit()
    for row in rows:
        queue.submit(row.id)
    return len(rows)


@cli.command("run-pending")
def run_pending():
    """Run what the queue holds now, in this process, and exit."""
    click.echo(f"ran {queue.run_pending()} job(s)")


@cli.command("failed")
def failed():
    """List failed jobs with their error."""
    for row in db.session.scalars(select(Job).where(Job.state == "failed").order_by(Job.id)):
        click.echo(f"{row.id} {row.name} attempts={row.attempts}: {row.error}")
