"""Words for the ledger's stored codes (account types, income categories, contribution kinds,
valuation bases, entry kinds), so pages never show a code such as `money` or `asset`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from llp_gov.ledger.forms import CONTRIBUTION_KINDS, VALUATION_BASES

LABELS: dict[str, dict[str, object]] = {
    "account_type": {
        "asset": _l("Asset"),
        "liability": _l("Liability"),
        "capital": _l("Partners' capital"),
        "revenue": _l("Revenue"),
        "expense": _l("Expense"),
    },
    # The categories of the partners' income statements (Income Tax Act 227-2).
    "income_category": {
        "business": _l("Business income"),
        "real_estate": _l("Real estate income"),
        "interest": _l("Interest income"),
        "dividends": _l("Dividend income"),
        "capital_gains": _l("Capital gains"),
        "other": _l("Other (miscellaneous) income"),
    },
    "contribution_kind": dict(CONTRIBUTION_KINDS),
    "valuation_basis": {k: v for k, v in VALUATION_BASES if k},
    "entry_kind": {
        "ordinary": _l("Ordinary entry"),
        "contribution": _l("Contribution"),
        "distribution": _l("Distribution"),
        "closing": _l("Year-end closing"),
        "reversal": _l("Reversal"),
    },
}


def label(code: str | None, kind: str) -> str:
    """The reader's word for a stored `code` of `kind` (a key of LABELS); the code itself when
    it has none (a value a newer version wrote), "" for None."""
    if code is None or code == "":
        return ""
    return str(LABELS[kind].get(code, code))
