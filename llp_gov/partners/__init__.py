"""The partner register."""


def init_app(app):
    # The services and pages load only when an app is built (importing the package for its
    # models, llp_gov.models, must not pull them in).
    from llp_gov.orgs import partner_source  # noqa: PLC0415 (see above)
    from llp_gov.partners.services import partners_in  # noqa: PLC0415 (see above)
    from llp_gov.partners.views import init_nav  # noqa: PLC0415 (see above)

    # The organisation's checks and pages ask orgs for partners (orgs does not import partners).
    partner_source.register(partners_in)
    init_nav()
