"""Partner resolutions under the LLP Act's voting rules."""


def init_app(app):
    # The pages load only when an app is built (importing the package for its models must not).
    from llp_gov.resolutions.views import init_nav  # noqa: PLC0415 (see above)

    init_nav()
