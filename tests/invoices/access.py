from tests.access import EVERYONE, Rule

ACCOUNTANT = {"accountant"}

RULES = {
    ("GET", "invoices.index"): Rule("/o/{slug}/invoices", EVERYONE),
    ("POST", "invoices.index"): Rule("/o/{slug}/invoices", ACCOUNTANT),
    ("POST", "invoices.registration"): Rule("/o/{slug}/invoices/registrations", ACCOUNTANT),
    ("POST", "invoices.notice"): Rule("/o/{slug}/invoices/notice", ACCOUNTANT),
    ("GET", "invoices_api.Invoices"): Rule("/api/v1/orgs/{slug}/invoices", EVERYONE, api=True),
    ("POST", "invoices_api.Invoices"): Rule("/api/v1/orgs/{slug}/invoices", ACCOUNTANT, api=True),
    ("POST", "invoices_api.Registrations"): Rule(
        "/api/v1/orgs/{slug}/invoice-registrations", ACCOUNTANT, api=True
    ),
    ("PUT", "invoices_api.Notice"): Rule(
        "/api/v1/orgs/{slug}/invoice-notice", ACCOUNTANT, api=True
    ),
}
