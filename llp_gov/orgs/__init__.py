"""Organisations and memberships."""


def init_app(app):
    from llp_gov.orgs import accounts
    from llp_gov.orgs.views import init_nav

    # The request flow (web, api), the role policy and the audit verification ask orgs through
    # the hooks registered here (llp_gov.access, llp_gov.audit.verify).
    accounts.init_app(app)
    init_nav()
