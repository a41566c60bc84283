"""Partner resolutions under the LLP Act's voting rules."""


def init_app(app):
    # The pages load only when an app is built (importing the package for its models must not).
    from llp_gov.resolutions.views import init_nav  # noqa: PLC0415 (see above)

    init_nav()
    # The ledger asks for resolutions and tells of full payments through its signals.
    from llp_gov.resolutions import ledger_answers  # noqa: PLC0415 (see above)

    ledger_answers.connect()
