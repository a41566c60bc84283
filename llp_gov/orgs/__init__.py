"""Organisations and memberships."""


def init_app(app):
    # The hooks and pages load only when an app is built (importing the package for its models,
    # llp_gov.models, must not pull in auth, audit and the web layer).
    from llp_gov.orgs import accounts  # noqa: PLC0415 (see above)
    from llp_gov.orgs.views import init_nav  # noqa: PLC0415 (see above)

    # The request flow (web, api), the role policy and the audit verification ask orgs through
    # the hooks registered here (llp_gov.access, llp_gov.audit.verify).
    accounts.init_app(app)
    init_nav()
