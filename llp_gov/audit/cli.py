import json
from pathlib import Path

import click
from flask.cli import AppGroup

from llp_gov.audit import anchoring, services
from llp_gov.audit.verify import anchor_document

cli = AppGroup("audit", help="The audit trail.")


@cli.command("verify")
@click.option(
    "--anchor",
    "anchor_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An anchor file written by `flask audit anchor`: report chains rewound behind it.",
)
def verify(anchor_file: Path | None):
    """Verify every hash chain; exit non-zero naming the first broken link of each chain."""
    anchor = json.loads(anchor_file.read_text()) if anchor_file else None
    breaks = services.verify(anchor=anchor)
    stamped = None
    if anchor is not None:
        stamp_breaks, stamped = anchoring.check(anchor)
        breaks += stamp_breaks
    if breaks:
        for b in breaks:
            click.echo(
                f"BROKEN chain={b.chain} seq={b.seq} event={b.event_id}: {b.reason}", err=True
            )
        raise SystemExit(1)
    if stamped is not None:
        click.echo(f"anchor time-stamped at {stamped.time} by {stamped.authority} (RFC 3161)")
    click.echo("audit trail verified: every chain is intact")


@cli.command("anchor")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def anchor(file: Path):
    """Write every chain's head (sequence number, hash, time) to FILE for the chairman to keep
    outside the system; `flask audit verify --anchor FILE` later detects a rewound chain. With
    LLP_GOV_TSA_URL the file carries the authority's RFC 3161 time stamp (llp_gov.audit.anchoring);
    when the authority fails the file is written without it and the command exits 1."""
    document = anchor_document()
    failure = None
    try:
        stamped = anchoring.stamp(document)
    except Exception as exc:  # noqa: BLE001  an unreachable or refusing authority is reported
        stamped, failure = None, exc
    file.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    click.echo(f"{len(document['chains'])} chain heads anchored in {file}")
    if stamped is not None:
        click.echo(f"time-stamped at {stamped['time']} by {stamped['authority']} (RFC 3161)")
    elif failure is not None:
        click.echo(f"NOT time-stamped: the time-stamp authority failed: {failure}", err=True)
        raise SystemExit(1)
    else:
        click.echo("not time-stamped: no time-stamp authority configured (LLP_GOV_TSA_URL)")
