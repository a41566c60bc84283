"""Joint projects and their approval."""


def money(amount, currency: str = "JPY") -> str:
    """An amount in major units with its currency, in the reader's locale."""
    from flask_babel import format_currency

    return "" if amount is None else format_currency(amount, currency)


def init_app(app):
    from llp_gov.projects import workflow
    from llp_gov.projects.views import init_nav
    from llp_gov.resolutions import signals

    # A closed resolution on a project moves the project (resolutions does not import projects).
    signals.resolution_closed.connect(workflow.on_resolution_closed)

    app.jinja_env.filters.setdefault("money", money)
    init_nav()
