"""Joint projects and their approval."""


def money(amount, currency: str = "JPY") -> str:
    """An amount in major units with its currency, in the reader's locale."""
    from flask_babel import format_currency

    return "" if amount is None else format_currency(amount, currency)


def init_app(app):
    from llp_gov.projects.views import init_nav

    app.jinja_env.filters.setdefault("money", money)
    init_nav()
