"""`flask ledger export`: the accountant's exports from the command line (streamed to a file)."""

import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import select

from llp_gov.auth.models import User
from llp_gov.errors import DomainError
from llp_gov.extensions import db
from llp_gov.ledger import statements
from llp_gov.orgs.services import get_by_slug

cli = AppGroup("ledger", help="The books.")


@cli.command("export")
@click.option("--org", "slug", required=True, help="Organisation slug.")
@click.option(
    "--user", "email", required=True, help="E-mail of the accountant or chairman exporting."
)
@click.option("--format", "fmt", type=click.Choice(["csv", "csv-sjis", "xlsx"]), default="csv")
@click.option(
    "--report",
    default="journal",
    help="journal, contributions, trial-balance, balance-sheet, profit-and-loss",
)
@click.option("--fiscal-year", type=int)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--partner", type=int)
@click.option("--by-partner", is_flag=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True)
def export(slug, email, fmt, report, fiscal_year, date_from, date_to, partner, by_partner, output):
    """Write an export to OUTPUT; exits non-zero with the reason when it is refused."""

    user = db.session.scalar(select(User).where(User.email == email))
    try:
        org = get_by_slug(slug)
        _name, _mime, body = statements.export_ledger(
            actor=user,
            organisation=org,
            fmt=fmt,
            report=report,
            fiscal_year=fiscal_year,
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
            partner_id=partner,
            by_partner=by_partner,
        )
        size = 0
        with open(output, "wb") as fh:
            for chunk in body:
                fh.write(chunk)
                size += len(chunk)
    except DomainError as exc:
        raise click.ClickException(str(exc) or exc.code) from exc
    click.echo(f"{output}: {size:,} bytes ({dt.datetime.now():%Y-%m-%d %H:%M})")


def _add_balances() -> None:
    from llp_gov.ledger.balances_cli import balances_cli  # noqa: PLC0415 (kept beside its model)

    cli.add_command(balances_cli)


_add_balances()
