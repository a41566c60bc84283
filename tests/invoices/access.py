import datetime as dt

from tests.access import EVERYONE, Rule


def invoice(world):
    """An issued invoice of the world's organisation (a row: the rule checks access only)."""
    from llp_gov.extensions import db
    from llp_gov.invoices.models import Invoice
    from tests.factories import CounterpartyFactory

    cp = CounterpartyFactory(organisation_id=world.org.id)
    db.session.flush()
    inv = Invoice(
        organisation_id=world.org.id, number=900 + cp.id, issued_on=dt.date(2025, 6, 30),
        transaction_date=dt.date(2025, 6, 30), counterparty_id=cp.id,
        issuing_partner_id=world.partners[0].id, t_number="T1000000000001",
        subtotal=1000, tax=100, total=1100,
    )  # fmt: skip
    db.session.add(inv)
    db.session.commit()
    return {"invoice": inv.id}


ACCOUNTANT = {"accountant"}

RULES = {
    ("GET", "invoices.index"): Rule("/o/{slug}/invoices", EVERYONE),
    ("POST", "invoices.index"): Rule("/o/{slug}/invoices", ACCOUNTANT),
    ("POST", "invoices.registration"): Rule("/o/{slug}/invoices/registrations", ACCOUNTANT),
    ("POST", "invoices.notice"): Rule("/o/{slug}/invoices/notice", ACCOUNTANT),
    ("GET", "invoices.correction"): Rule(
        "/o/{slug}/invoices/{invoice}/correction", ACCOUNTANT, params=invoice
    ),
    ("POST", "invoices.correction"): Rule(
        "/o/{slug}/invoices/{invoice}/correction", ACCOUNTANT, params=invoice
    ),
    ("POST", "invoices.cancellation"): Rule(
        "/o/{slug}/invoices/{invoice}/cancellation", ACCOUNTANT, params=invoice
    ),
    ("POST", "invoices_api.Correction"): Rule(
        "/api/v1/orgs/{slug}/invoices/{invoice}/correction", ACCOUNTANT, api=True, params=invoice
    ),
    ("POST", "invoices_api.Cancellation"): Rule(
        "/api/v1/orgs/{slug}/invoices/{invoice}/cancellation", ACCOUNTANT, api=True, params=invoice
    ),
    ("GET", "invoices_api.Invoices"): Rule("/api/v1/orgs/{slug}/invoices", EVERYONE, api=True),
    ("POST", "invoices_api.Invoices"): Rule("/api/v1/orgs/{slug}/invoices", ACCOUNTANT, api=True),
    ("POST", "invoices_api.Registrations"): Rule(
        "/api/v1/orgs/{slug}/invoice-registrations", ACCOUNTANT, api=True
    ),
    ("PUT", "invoices_api.Notice"): Rule(
        "/api/v1/orgs/{slug}/invoice-notice", ACCOUNTANT, api=True
    ),
}
