"""The counterparty directory."""


def init_app(app):
    from llp_gov.counterparties.views import init_nav

    init_nav()
