import datetime as dt

import click
from flask.cli import AppGroup

from llp_gov.errors import DomainError
from llp_gov.extensions import db
from llp_gov.orgs import services

cli = AppGroup("orgs", help="Organisations (LLPs and other partner groups).")


def _date(value):
    return dt.date.fromisoformat(value) if value else None


@cli.command("create")
@click.argument("slug")
@click.option(
    "--name", required=True, help="Official name (a Japanese LLP's contains 有限責任事業組合)."
)
@click.option(
    "--legal-form", type=click.Choice(["jp_llp", "other"]), default="jp_llp", show_default=True
)
@click.option("--name-en")
@click.option("--name-ko")
@click.option("--office-address")
@click.option("--business-purpose")
@click.option("--effective-date", help="YYYY-MM-DD")
@click.option("--end-date", help="YYYY-MM-DD, the end of the agreement's fixed duration")
@click.option("--fiscal-year-start-month", type=int, default=4, show_default=True)
def create(
    slug,
    name,
    legal_form,
    name_en,
    name_ko,
    office_address,
    business_purpose,
    effective_date,
    end_date,
    fiscal_year_start_month,
):
    """Create an organisation (then add its users with `flask users create --org SLUG`)."""
    try:
        org = services.create_organisation(
            actor=None,
            slug=slug,
            legal_form=legal_form,
            name=name,
            name_en=name_en,
            name_ko=name_ko,
            office_address=office_address,
            business_purpose=business_purpose,
            effective_date=_date(effective_date),
            end_date=_date(end_date),
            fiscal_year_start_month=fiscal_year_start_month,
        )
        db.session.commit()
    except ValueError as exc:
        raise click.ClickException(f"dates are YYYY-MM-DD: {exc}") from exc
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {org.slug}")
