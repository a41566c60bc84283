"""The ledger's public services (other domains import from here).

The work is split by responsibility: chart (accounts), books (fiscal years, posting, reversals,
balances), capital (contributions, ratio agreements), distributions, closing (allocation, loss
limits, withholding), reports, statements and exports."""

from __future__ import annotations

import datetime as dt

from llp_gov.ledger.books import (  # noqa: F401
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_years,
    get_entry,
    post_entry,
    reverse_entry,
)
from llp_gov.ledger.books import net_assets as _net_assets
from llp_gov.ledger.capital import (  # noqa: F401
    contributions_by_partner,
    is_fully_paid,
    list_contributions,
    record_contribution,
)
from llp_gov.ledger.chart import create_account, ensure_chart, list_accounts  # noqa: F401
from llp_gov.ledger.closing import close_fiscal_year, ratio_for_year, withholding_tax  # noqa: F401
from llp_gov.ledger.distributions import distributable_amount, record_distribution  # noqa: F401
from llp_gov.ledger.listing import list_entries  # noqa: F401
from llp_gov.ledger.ratios import adopt_ratio_agreement, list_agreements  # noqa: F401
from llp_gov.ledger.reports import balance_sheet, profit_and_loss, report, trial_balance  # noqa: F401


def net_assets(organisation, on: dt.date) -> int:
    """Net assets (assets − liabilities) in yen on `on`, from the books."""
    return _net_assets(organisation, on)
