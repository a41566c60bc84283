"""`flask jobs worker` (the Huey consumer with the periodic tasks) and friends."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from llp_gov.db import db
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
    requeued = queue.requeue_lost()
    if requeued:
        click.echo(f"requeued {len(requeued)} job(s) missing from the queue: {requeued}")
    click.echo(f"{queue.huey.pending_count()} job(s) waiting in the queue")
    consumer = queue.huey.create_consumer(
        workers=workers, worker_type="thread", periodic=not no_periodic, check_worker_health=True
    )
    consumer.run()


@cli.command("run-pending")
def run_pending():
    """Run what the queue holds now, in this process, and exit."""
    click.echo(f"ran {queue.run_pending()} job(s)")


@cli.command("failed")
def failed():
    """List failed jobs with their error."""
    for row in db.session.scalars(select(Job).where(Job.state == "failed").order_by(Job.id)):
        click.echo(f"{row.id} {row.name} attempts={row.attempts}: {row.error}")
