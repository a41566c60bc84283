"""The contracts domain: records, lifecycle, PDFs (through llp_gov.pdf) and the partnership agreement."""


def init_app(app) -> None:
    from llp_gov.contracts.views import init_nav

    init_nav()
