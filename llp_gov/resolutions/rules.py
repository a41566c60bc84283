"""The LLP Act's voting rules: each matter's statutory default and how far the agreement may
relax it (DOMAIN.md, Decisions). The one place these rules live.

A rule counts all partners entitled to vote, one vote each; an abstention or a missing vote is
not consent. The organisation's settings hold the agreement's rule per matter under
`resolution_rules` ({matter: rule}); a rule below the statutory floor is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from llp_gov.errors import ValidationError
from llp_gov.ledger.distributions import distributable_amount
from llp_gov.ledger.services import net_assets as ledger_net_assets

SETTINGS_KEY = "resolution_rules"
# Ord. 5(1): the agreement's relaxed rule for important property and large borrowing applies
# only when both hold: the amount is below the LLP's net assets (capped at ¥2bn), and the loss
# the transaction may cause is below net assets − total contributions. The possible loss is the
# whole amount unless the resolution states a smaller figure (conservative). Outside: unanimity.
ORD5_CAP_YEN = 2_000_000_000

# Strictest first.
RULES = ("unanimous", "three_quarters", "two_thirds", "majority")
RULE_LABELS = {
    "unanimous": _l("All partners"),
    "three_quarters": _l("Three quarters of all partners"),
    "two_thirds": _l("Two thirds of all partners"),
    "majority": _l("More than half of all partners"),
}


@dataclass(frozen=True)
class Matter:
    key: str
    label: object
    statute: str
    floor: str | None = None  # the laxest rule the agreement may set; None: not relaxable
    ord5_band: bool = False  # the relaxed rule applies only inside the Ord. 5 band
    subject_partner: str | None = None  # "pending" (admission) or "active" (expulsion)
    subject_votes: bool = True
    has_amount: bool = False  # the resolution states an amount in yen

    @property
    def needs_amount(self) -> bool:
        return self.ord5_band or self.has_amount


MATTERS: dict[str, Matter] = {
    m.key: m
    for m in (
        Matter("business", _l("Business decision"), "Act 12(1)", floor="majority"),
        Matter(
            "important_property",
            _l("Disposal or acquisition of important property"),
            "Act 12(2), Ord. 5",
            floor="two_thirds",
            ord5_band=True,
        ),
        Matter(
            "large_borrowing",
            _l("Large borrowing"),
            "Act 12(2), Ord. 5",
            floor="two_thirds",
            ord5_band=True,
        ),
        # Act 5: only some items may be relaxed, never business, name, duration or partners;
        # which ones is unconfirmed (check), so every amendment stays unanimous.
        Matter("amendment", _l("Amendment of the partnership agreement"), "Act 5"),
        Matter("admission", _l("Admission of a partner"), "Act 24", subject_partner="pending"),
        Matter(
            "expulsion",
            _l("Expulsion of a partner"),
            "Act 27",
            floor="majority",
            subject_partner="active",
            subject_votes=False,
        ),
        Matter("profit_loss_ratio", _l("Profit and loss ratio"), "Act 33, Ord. 36"),
        Matter(
            "return_of_capital",
            _l("Return of capital (distribution above surplus)"),
            "Act 34(2)",
            has_amount=True,  # the capital it may return, in yen
        ),
        Matter("dissolution", _l("Dissolution"), "Act 37"),
    )
}


def rank(rule: str) -> int:
    """0 for unanimity; larger is laxer."""
    return RULES.index(rule)


def required_votes(rule: str, base: int) -> int:
    """Votes in favour needed out of `base` entitled partners."""
    if rule == "unanimous":
        return base
    if rule == "three_quarters":
        return -(-3 * base // 4)
    if rule == "two_thirds":
        return -(-2 * base // 3)
    if rule == "majority":
        return base // 2 + 1
    raise ValueError(rule)


def configured_rules(organisation) -> dict[str, str]:
    """Each matter's rule under the agreement (the statutory default where it says nothing)."""
    stored = organisation.setting(SETTINGS_KEY) or {}
    return {key: stored.get(key, "unanimous") for key in MATTERS}


def validate_rules(rules: dict[str, str]) -> dict[str, str]:
    """Refuse unknown matters or rules and any rule laxer than the Act allows."""
    errors: dict[str, str] = {}
    for key, rule in rules.items():
        matter = MATTERS.get(key)
        if matter is None:
            errors[key] = _("Unknown matter.")
        elif rule not in RULES:
            errors[key] = _("Unknown rule.")
        elif matter.floor is None and rule != "unanimous":
            errors[key] = _("The LLP Act requires the consent of all partners for this matter.")
        elif matter.floor is not None and rank(rule) > rank(matter.floor):
            errors[key] = _(
                "The LLP Act allows no rule below “%(floor)s” for this matter.",
                floor=RULE_LABELS[matter.floor],
            )
    if errors:
        raise ValidationError(**errors)
    return rules


# The agreement's other terms on decision-making, kept in the organisation's settings.
TERMS = (
    "chairman_approves_projects",
    "delegation_clause",
    "important_property_threshold",
    "large_borrowing_threshold",
)


def validate_terms(terms: dict) -> dict:
    """The chairman's delegation (Act 12(1): record the clause) and the yen thresholds (Act 12(2))."""
    errors: dict[str, str] = {}
    unknown = set(terms) - set(TERMS)
    for key in unknown:
        errors[key] = _("Unknown field.")
    clause = (terms.get("delegation_clause") or "").strip() or None
    if len(clause or "") > 2000:
        errors["delegation_clause"] = _("At most %(n)d characters.", n=2000)
    elif terms.get("chairman_approves_projects") and not clause:
        errors["delegation_clause"] = _(
            "Quote the clause of the agreement that delegates project approval to the chairman."
        )
    for key in ("important_property_threshold", "large_borrowing_threshold"):
        value = terms.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value <= 0
        ):
            errors[key] = _("Give the threshold as a whole number of yen above zero.")
    if errors:
        raise ValidationError(**errors)
    return terms | ({"delegation_clause": clause} if "delegation_clause" in terms else {})


def net_assets(organisation, on: dt.date) -> int:
    """Net assets from the books on a date (the ledger's figure)."""
    return ledger_net_assets(organisation, on)


def contributions(organisation, on: dt.date) -> int:
    """Total contributions in the books on a date, net of capital returned (the ledger's)."""
    return distributable_amount(organisation, on)[2]


def in_ord5_band(
    organisation, amount: int | None, on: dt.date, *, possible_loss: int | None = None
) -> bool:
    """Ord. 5(1), both conditions: amount < min(net assets, ¥2bn) and the possible loss (the
    amount unless a smaller figure is given) < net assets − contributions."""
    assets = net_assets(organisation, on)
    if assets is None or amount is None:
        return False
    loss = amount if possible_loss is None else possible_loss
    return amount < min(assets, ORD5_CAP_YEN) and loss < assets - contributions(organisation, on)


def rule_for(organisation, matter_key: str, *, amount: int | None, on: dt.date) -> tuple[str, str]:
    """The rule that applies to a new resolution, and why (recorded with it)."""
    matter = MATTERS[matter_key]
    rule = configured_rules(organisation)[matter_key]
    if rule == "unanimous":
        return rule, "statute_or_agreement"
    if matter.ord5_band and not in_ord5_band(organisation, amount, on):
        return "unanimous", "outside_ord5_band"
    return rule, "agreement"
