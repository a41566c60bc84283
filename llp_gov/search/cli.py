"""`flask search reindex|check|drain|merge|worker`."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

from llp_gov.search import background, index, outbox
from llp_gov.search import check as checker

cli = AppGroup("search", help="The full-text search index.")


@cli.command("reindex")
def reindex():
    """Rebuild the index from the database (with a progress bar); it ends optimised."""
    with click.progressbar(length=0, label="Indexing", file=sys.stderr) as bar:
        state = {"done": 0}

        def progress(done, total):
            bar.length = total
            bar.update(done - state["done"])
            state["done"] = done

        count = index.rebuild(progress=progress)
    click.echo(f"Indexed {count} documents.")


@cli.command("check")
def check():
    """Report documents missing from the index, stale in it, or indexed but gone."""
    report = checker.run()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@cli.command("drain")
def drain():
    """Index what the outbox holds, once (the job worker does this by itself)."""
    click.echo(f"Drained {outbox.drain()} outbox rows.")


@cli.command("merge")
@click.option("--force", is_flag=True, help="Merge even when the index does not need it.")
def merge(force: bool):
    """Merge the index's segments into one (the job worker does this every 10 minutes when
    needed); the write lock is held only for the final swap."""
    report = background.merge_if_needed(force=force)
    if report is None:
        click.echo("Another process is merging the index.")
    elif report.skipped:
        click.echo(f"Nothing merged: {report.skipped} ({report.segments_before} segments).")
    else:
        click.echo(
            f"Merged {report.segments_before} segments into {report.segments_after}"
            f" ({report.merged_docs} documents); lock held {report.lock_seconds:.3f} s."
        )


@cli.command("worker")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Drain once and stop (for tests and cron).")
def worker(interval: float, once: bool):
    """Drain the outbox in a loop, without the job queue. Not needed beside `flask jobs worker`
    (which drains after every change and every minute): kept for installations without it."""
    while True:
        try:
            n = outbox.drain()
            if n:
                click.echo(f"Drained {n} outbox rows.")
        except Exception as exc:  # noqa: BLE001  keep running; the rows stay queued
            click.echo(f"Drain failed, will retry: {exc}", err=True)
        if once:
            return
        time.sleep(interval)
