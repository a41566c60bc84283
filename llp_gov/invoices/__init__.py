"""Qualified invoices (適格請求書, Consumption Tax Act 57-4, 57-6): the partners' invoice
registrations, the notice that all partners are registered, and invoices issued by the LLP."""


def init_app(app):
    from llp_gov.invoices.views import init_nav  # noqa: PLC0415 (views import the app's services)

    init_nav()
