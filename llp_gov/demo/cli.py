import click
from flask import current_app
from flask.cli import AppGroup

from llp_gov.demo import services
from llp_gov.extensions import db

cli = AppGroup("demo", help="Demo data.")


@cli.command("load")
@click.option("--password", help="Password for every demo user (default: random).")
def load(password):
    """Load the demo organisations when the database is empty, and print the sign-ins."""
    if not current_app.config.get("DEMO_MODE"):
        raise click.ClickException("Demo data exists only in demo mode: set LLP_GOV_DEMO_MODE=1.")
    if not services.is_empty():
        click.echo("The database is not empty: demo data not loaded.")
        path = services.Path(current_app.instance_path) / "demo-sign-ins.txt"
        if path.exists():
            click.echo(path.read_text())
        return
    ctx = services.load(password=password)
    db.session.commit()
    path = services.write_credentials(current_app.instance_path, ctx["password"])
    click.echo(path.read_text())
