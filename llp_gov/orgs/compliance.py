"""The LLP Act checks that can be computed from the register (the organisation page's panel).

Other domains add their checks through `register_check` (the ledger adds contributions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import format_date, get_locale, ngettext
from flask_babel import lazy_gettext as _l

from llp_gov.orgs.models import Organisation
from llp_gov.orgs.partner_source import partners_of


def _day(value: str | dt.date) -> str:
    """A date kept in the organisation's settings (YYYY-MM-DD) in the reader's locale."""
    return format_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))


@dataclass
class Check:
    key: str
    label: str
    statute: str
    status: str  # ok, failed, pending
    details: list[str] = field(default_factory=list)


_extra_checks: list[Callable[[Organisation], list[Check]]] = []
# Set by the ledger: (org, partners) -> True when every partner's contribution is stated.
_contributions_provider: Callable | None = None


def set_contributions_provider(fn: Callable) -> None:
    global _contributions_provider
    _contributions_provider = fn


def register_check(fn: Callable[[Organisation], list[Check]]) -> None:
    if fn not in _extra_checks:
        _extra_checks.append(fn)


def agreement_items(org: Organisation, partners) -> list[tuple[str, str, bool | None]]:
    """The eight items an LLP agreement must state (Act 4(3)): (key, label, present?).

    Contributions are None (pending) until the ledger supplies them."""
    return [
        ("business", str(_l("Business")), bool(org.business_purpose)),
        ("name", str(_l("Name")), bool(org.name)),
        ("office", str(_l("Office address")), bool(org.office_address)),
        (
            "partners",
            str(_l("Each partner's name and address")),
            bool(partners) and all(p.name and p.address for p in partners),
        ),
        ("effective_date", str(_l("Effective date")), org.effective_date is not None),
        ("duration", str(_l("Duration")), org.end_date is not None),
        (
            "contributions",
            str(_l("Each partner's contribution")),
            _contributions_provider(org, partners) if _contributions_provider else None,
        ),
        ("fiscal_year", str(_l("Fiscal year")), bool(org.fiscal_year_start_month)),
    ]


def compute(org: Organisation) -> list[Check]:
    """Return the compliance checks for a Japanese LLP; other legal forms get none."""
    if not org.is_jp_llp:
        return []
    partners = partners_of(org, ("active",))
    checks = [
        Check(
            "min_partners",
            str(_l("At least 2 partners")),
            str(_l("Act 3(2), 37")),
            "ok" if len(partners) >= 2 else "failed",
            [ngettext("%(num)d active partner", "%(num)d active partners", len(partners))],
        ),
        Check(
            "domestic_partner",
            str(_l("At least one partner resident or incorporated in Japan")),
            str(_l("Act 3(2)")),
            "ok" if any(p.is_domestic for p in partners) else "failed",
        ),
        Check(
            "name_rule",
            str(_l("The name contains 「有限責任事業組合」")),
            str(_l("Act 9")),
            "ok" if "有限責任事業組合" in org.name else "failed",
        ),
    ]
    without_role = [
        p.display_name(str(get_locale())) for p in partners if not (p.execution_role or "").strip()
    ]
    checks.append(
        Check(
            "business_execution",
            str(_l("Every partner takes part in executing the business")),
            str(_l("Act 13")),
            "failed" if without_role else "ok",
            [str(_l("No role recorded: %(names)s", names=", ".join(without_role)))]
            if without_role
            else [],
        )
    )
    items = agreement_items(org, partners)
    missing = [label for _key, label, ok in items if ok is False]
    pending = [label for _key, label, ok in items if ok is None]
    status = "failed" if missing else ("pending" if pending else "ok")
    details = [str(_l("Missing: %(items)s", items=", ".join(missing)))] if missing else []
    if pending:
        details.append(str(_l("Pending: %(items)s", items=", ".join(pending))))
    checks.append(
        Check(
            "agreement_items",
            str(_l("The agreement states the eight required items")),
            str(_l("Act 4(3)")),
            status,
            details,
        )
    )
    cure = (org.settings or {}).get("composition_cure")
    if cure:
        fine = len(partners) >= 2 and any(p.is_domestic for p in partners)
        details = [
            str(
                _l(
                    "Since %(since)s: cure by %(deadline)s (two weeks), or the LLP dissolves.",
                    since=_day(cure["since"]),
                    deadline=_day(cure["deadline"]),
                )
            )
        ]
        if cure.get("dissolution"):
            details.append(str(_l("Recorded: the LLP enters dissolution.")))
        if cure.get("cured_on"):
            details.append(str(_l("Cured on %(date)s.", date=_day(cure["cured_on"]))))
        late = cure.get("in_time") is False
        if late:
            details.append(str(_l("Cured after the two-week deadline (Act 37).")))
        checks.append(
            Check(
                "composition_cure",
                str(_l("Two partners and a domestic partner restored in time")),
                str(_l("Act 3(2), 37")),
                "ok" if fine and not late else "failed",
                details,
            )
        )
    for fn in _extra_checks:
        checks.extend(fn(org))
    return checks
