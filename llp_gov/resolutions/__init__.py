"""Partner resolutions under the LLP Act's voting rules."""


def init_app(app):
    from llp_gov.resolutions.views import init_nav

    init_nav()
