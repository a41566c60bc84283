"""`flask storage check`; backup commands live in llp_gov.operations.backup."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from llp_gov.operations import filestore

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
