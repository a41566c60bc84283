import datetime as dt

from tests.access import EVERYONE, Rule

ACCOUNTANT = {"accountant"}
EXPORTERS = {"accountant", "chairman"}


def entry(world):
    from llp_gov.ledger import services

    e = services.post_entry(
        actor=world.user("accountant"),
        organisation=world.org,
        entry_date=dt.date(2025, 6, 1),
        description="Commission",
        lines=[
            {"account": "112", "debit": 100, "credit": 0},
            {"account": "410", "debit": 0, "credit": 100},
        ],
    )
    return {"entry_id": e.id}


def closed_year(world):
    from llp_gov.ledger import services

    services.close_fiscal_year(actor=world.user("accountant"), organisation=world.org, year=2024)
    return {"year": 2024, "partner_id": world.partners[0].id}


def income_year(world):
    """FY2025 closed with one partner's contribution: that partner has a statement."""
    from llp_gov.ledger import services

    services.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[0],
        kind="money",
        agreed_amount=1_000_000,
        received_amount=1_000_000,
        received_on=dt.date(2025, 4, 1),
    )
    services.close_fiscal_year(actor=world.user("accountant"), organisation=world.org, year=2025)
    return {"year": 2025, "partner_id": world.partners[0].id}


def pledge(world):
    from llp_gov.ledger import services

    c = services.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[0],
        kind="money",
        agreed_amount=1_000_000,
        received_amount=400_000,
        received_on=dt.date(2025, 4, 1),
    )
    return {"contribution_id": c.id}


RULES = {
    ("GET", "ledger.index"): Rule("/o/{slug}/ledger/", EVERYONE),
    ("GET", "ledger.journal"): Rule("/o/{slug}/ledger/journal", EVERYONE),
    ("GET", "ledger.new_entry"): Rule("/o/{slug}/ledger/journal/new", ACCOUNTANT),
    ("POST", "ledger.new_entry"): Rule("/o/{slug}/ledger/journal/new", ACCOUNTANT),
    ("GET", "ledger.entry"): Rule("/o/{slug}/ledger/journal/{entry_id}", EVERYONE, params=entry),
    ("POST", "ledger.reverse"): Rule(
        "/o/{slug}/ledger/journal/{entry_id}/reverse", ACCOUNTANT, params=entry
    ),
    ("GET", "ledger.accounts"): Rule("/o/{slug}/ledger/accounts", EVERYONE),
    ("GET", "ledger.contributions"): Rule("/o/{slug}/ledger/contributions", EVERYONE),
    ("POST", "ledger.contributions"): Rule("/o/{slug}/ledger/contributions", ACCOUNTANT),
    ("GET", "ledger.report"): Rule("/o/{slug}/ledger/reports/trial-balance", EVERYONE),
    ("POST", "ledger.close_year"): Rule("/o/{slug}/ledger/fiscal-years/2030/close", {"accountant"}),
    ("GET", "ledger.close_year"): Rule("/o/{slug}/ledger/fiscal-years/2024/close", {"accountant"}),
    ("POST", "ledger.reopen_year"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/reopen", {"chairman"}, params=closed_year
    ),
    ("GET", "ledger.year"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}", EVERYONE, params=closed_year
    ),
    ("GET", "ledger.contribution"): Rule(
        "/o/{slug}/ledger/contributions/{contribution_id}", EVERYONE, params=pledge
    ),
    ("POST", "ledger.contribution"): Rule(
        "/o/{slug}/ledger/contributions/{contribution_id}", ACCOUNTANT, params=pledge
    ),
    ("GET", "ledger.distributions"): Rule("/o/{slug}/ledger/distributions", EVERYONE),
    ("POST", "ledger.distributions"): Rule("/o/{slug}/ledger/distributions", ACCOUNTANT),
    ("GET", "ledger.ratio"): Rule("/o/{slug}/ledger/ratio", EVERYONE),
    ("POST", "ledger.ratio"): Rule("/o/{slug}/ledger/ratio", {"chairman"}),
    ("GET", "ledger.export"): Rule("/o/{slug}/ledger/export", EXPORTERS),
    ("GET", "ledger.statement"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/statements/{partner_id}.csv",
        EVERYONE,
        params=closed_year,
    ),
    ("GET", "ledger.financial_statements"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/financial-statements", EVERYONE, params=closed_year
    ),
    ("GET", "ledger.financial_statements_file"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/financial-statements.xlsx",
        EVERYONE,
        params=closed_year,
    ),
    ("POST", "ledger.statements_prepared"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/statements-prepared/financial_statements",
        ACCOUNTANT,
        params=closed_year,
    ),
    ("GET", "ledger.partner_income"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/partner-income", EVERYONE, params=closed_year
    ),
    ("GET", "ledger.partner_income_pdf"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/partner-income/{partner_id}.pdf",
        EVERYONE,
        params=income_year,
    ),
    ("GET", "ledger.partner_income_file"): Rule(
        "/o/{slug}/ledger/fiscal-years/{year}/partner-income.xlsx",
        EXPORTERS,
        params=closed_year,
    ),
    # API
    ("GET", "ledger_api.Accounts"): Rule("/api/v1/orgs/{slug}/accounts", EVERYONE, api=True),
    ("POST", "ledger_api.Accounts"): Rule("/api/v1/orgs/{slug}/accounts", ACCOUNTANT, api=True),
    ("GET", "ledger_api.Journal"): Rule("/api/v1/orgs/{slug}/journal", EVERYONE, api=True),
    ("POST", "ledger_api.Journal"): Rule("/api/v1/orgs/{slug}/journal", ACCOUNTANT, api=True),
    ("GET", "ledger_api.JournalItem"): Rule(
        "/api/v1/orgs/{slug}/journal/{entry_id}", EVERYONE, api=True, params=entry
    ),
    ("POST", "ledger_api.Reversal"): Rule(
        "/api/v1/orgs/{slug}/journal/{entry_id}/reversal", ACCOUNTANT, api=True, params=entry
    ),
    ("GET", "ledger_api.Contributions"): Rule(
        "/api/v1/orgs/{slug}/contributions", EVERYONE, api=True
    ),
    ("POST", "ledger_api.Contributions"): Rule(
        "/api/v1/orgs/{slug}/contributions", ACCOUNTANT, api=True
    ),
    ("GET", "ledger_api.Reports"): Rule(
        "/api/v1/orgs/{slug}/reports/balance-sheet?by_partner=1", EVERYONE, api=True
    ),
    ("GET", "ledger_api.Export"): Rule(
        "/api/v1/orgs/{slug}/ledger/export?format=xlsx", EXPORTERS, api=True
    ),
    ("POST", "ledger_api.CloseYear"): Rule(
        "/api/v1/orgs/{slug}/fiscal-years/2031/close", ACCOUNTANT, api=True
    ),
    ("POST", "ledger_api.ContributionPayments"): Rule(
        "/api/v1/orgs/{slug}/contributions/{contribution_id}/payments",
        ACCOUNTANT,
        api=True,
        params=pledge,
    ),
    ("POST", "ledger_api.ShareRefunds"): Rule(
        "/api/v1/orgs/{slug}/share-refunds", ACCOUNTANT, api=True
    ),
    ("POST", "ledger_api.ReopenYear"): Rule(
        "/api/v1/orgs/{slug}/fiscal-years/{year}/reopen",
        {"chairman"},
        api=True,
        params=closed_year,
    ),
    ("POST", "ledger_api.Distributions"): Rule(
        "/api/v1/orgs/{slug}/distributions", ACCOUNTANT, api=True
    ),
}
