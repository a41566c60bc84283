"""The partner register."""


def init_app(app):
    from llp_gov.partners.views import init_nav

    init_nav()
