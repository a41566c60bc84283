"""Organisations and memberships."""


def init_app(app):
    from llp_gov import access
    from llp_gov.orgs.services import get_by_slug
    from llp_gov.orgs.views import init_nav

    # The request flow (web, api) loads the organisation of a URL through this hook.
    access.register(org_by_slug=get_by_slug)
    init_nav()
