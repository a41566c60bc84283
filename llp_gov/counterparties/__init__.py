"""The counterparty directory."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the counterparties page to the organisation's navigation."""
    # This package runs whenever its models load (with every model, long before an app exists);
    # its page module, and with it the web layer, loads only when an app is built.
    from llp_gov.counterparties.views import init_nav  # noqa: PLC0415 (views load with the app)

    init_nav()
