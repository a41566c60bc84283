"""The ledger's items on the organisation's compliance panel."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from llp_gov.ledger.capital import contributions_by_partner
from llp_gov.orgs import compliance
from llp_gov.partners.services import partners_in


def contributions_stated(org, partners) -> bool:
    """Every active partner has a contribution stated (Act 4(3) item)."""

    stated = contributions_by_partner(org)
    active = [p for p in partners if p.status == "active"]
    return bool(active) and all(stated.get(p.id, {}).get("agreed", 0) > 0 for p in active)


def unpaid_check(org) -> list:
    """Which active partners have not paid their contribution in full (Act 3(1))."""

    stated = contributions_by_partner(org)
    partners = partners_in(org, ["active"])
    unpaid = []
    for p in partners:
        d = stated.get(p.id)
        if not d or not d["fully_paid"]:
            owed = d["outstanding"] if d else None
            unpaid.append(
                str(
                    _l(
                        "%(name)s: %(amount)s outstanding",
                        name=p.display_name(str(get_locale())),
                        amount=f"¥{owed:,}",
                    )
                )
                if owed
                else str(
                    _l("%(name)s: no contribution recorded", name=p.display_name(str(get_locale())))
                )
            )
    return [
        compliance.Check(
            "contributions_paid",
            str(_l("Every partner's contribution is paid in full")),
            "Act 3(1), 11",
            "failed" if unpaid else "ok",
            unpaid,
        )
    ]


def register() -> None:
    compliance.set_contributions_provider(contributions_stated)
    compliance.register_check(unpaid_check)
