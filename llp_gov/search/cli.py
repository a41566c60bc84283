"""`flask search reindex|check|drain|worker`."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

cli = AppGroup("search", help="The full-text search index.")


@cli.command("reindex")
def reindex():
    """Rebuild the index from the database (with a progress bar)."""
    from llp_gov.search import index

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
    from llp_gov.search import check as checker

    report = checker.run()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@cli.command("drain")
def drain():
    """Index what the outbox holds, once."""
    from llp_gov.search import outbox

    click.echo(f"Drained {outbox.drain()} outbox rows.")


@cli.command("worker")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Drain once and stop (for tests and cron).")
def worker(interval: float, once: bool):
    """Drain the outbox continuously: the production index writer."""
    from llp_gov.search import outbox

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
