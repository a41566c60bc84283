"""`flask storage check|clean` and `flask backup create|restore DIR`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup

from llp_gov.operations import backup, filestore

storage_cli = AppGroup("storage", help="The document file store.")


@storage_cli.command("check")
def check():
    """List stored files no row refers to and references without a file; exit 1 on any."""
    report = filestore.check()
    for path in report.orphans:
        click.echo(f"ORPHAN file without a version: {path}", err=True)
    for column, sha in report.missing:
        click.echo(f"MISSING file for {column} = {sha}", err=True)
    if not report.clean:
        raise SystemExit(1)
    click.echo(f"file store consistent: {report.files} files, every one referenced and present")


@storage_cli.command("clean")
@click.option(
    "--older-than",
    "minutes",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Only files last written this many minutes ago or earlier.",
)
def clean(minutes: int):
    """Delete stored files no row refers to that no running request uses (what a killed or
    crashed request left behind), then report like `storage check`."""
    removed = filestore.remove_orphans(older_than=dt.timedelta(minutes=minutes))
    for sha in removed:
        click.echo(f"removed orphan {sha}")
    click.echo(f"{len(removed)} orphan file(s) removed")


backup_cli = AppGroup("backup", help="Backup and restore of the database and the file store.")


@backup_cli.command("create")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def create(directory: Path):
    """Write a consistent database dump, the stored files and a manifest with hashes."""
    try:
        manifest = backup.create(directory)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(manifest["counts"].values())
    click.echo(f"backup written to {directory}: {rows} rows, {len(manifest['files'])} files")


@backup_cli.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore(directory: Path):
    """Restore DIRECTORY into the configured empty database and file store."""
    try:
        result = backup.restore(directory)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(result["counts"].values())
    click.echo(f"restored {rows} rows and {result['files']} files; search index rebuilt")
