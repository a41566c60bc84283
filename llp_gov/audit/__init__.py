"""The audit trail."""


def init_app(app):
    from llp_gov.audit.views import init_nav

    init_nav()
