"""Organisations and memberships."""


def init_app(app):
    from llp_gov.orgs.views import init_nav

    init_nav()
