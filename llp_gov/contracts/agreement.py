"""The partnership agreement (組合契約書), generated from the register and the books.

It must state the eight items of LLP Act 4(3); orgs.compliance.agreement_items is the one list
of them. When any is missing the agreement is refused with the list of what is missing.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.contracts import services
from llp_gov.contracts.models import Contract
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger.ratios import agreement_for
from llp_gov.ledger.services import contributions_by_partner
from llp_gov.orgs.compliance import agreement_items
from llp_gov.partners.models import Partner
from llp_gov.resolutions import rules


def _active_partners(organisation):
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status == "active")
            .order_by(Partner.position, Partner.id)
        )
    )


def agreement_details(organisation) -> dict:
    """The Act 4(3) items as data; raises ValidationError naming every missing item."""
    partners = _active_partners(organisation)
    contributions = contributions_by_partner(organisation)
    missing: dict[str, str] = {}
    for key, label, present in agreement_items(organisation, partners):
        if key in ("contributions", "partners"):
            continue
        if not present:
            missing[key] = label
    if "有限責任事業組合" not in (organisation.name or ""):
        missing["name"] = _("The name must contain 有限責任事業組合.")
    if len(partners) < 2:
        missing["partners"] = _("An LLP needs at least two partners.")
    no_address = [p.name for p in partners if not p.address]
    if no_address:
        missing["partners"] = _("Address missing for: %(names)s", names=", ".join(no_address))
    no_contribution = [
        p.name for p in partners if not (contributions.get(p.id) or {}).get("agreed")
    ]
    if no_contribution:
        missing["contributions"] = _(
            "Contribution missing for: %(names)s", names=", ".join(no_contribution)
        )
    if missing:
        raise ValidationError(
            _(
                "The partnership agreement cannot be generated; missing: %(items)s",
                items="; ".join(missing.values()),
            ),
            **missing,
        )
    return {
        "business": organisation.business_purpose,
        "name": organisation.name,
        "name_en": organisation.name_en,
        "office_address": organisation.office_address,
        "effective_date": organisation.effective_date.isoformat(),
        "end_date": organisation.end_date.isoformat(),
        "fiscal_year_start_month": organisation.fiscal_year_start_month,
        "partners": [
            {
                "partner_id": p.id,
                "name": p.name,
                "name_en": p.name_en,
                "name_ko": p.name_ko,
                "kind": p.kind,
                "executing_person": p.executing_person,
                "address": p.address,
                "contribution_kind": contributions[p.id]["kind"],
                "contribution_value": contributions[p.id]["agreed"],
                "execution_role": p.execution_role,
            }
            for p in partners
        ],
        **_enforced_terms(organisation, partners),
    }


def _enforced_terms(organisation, partners) -> dict:
    """The terms the system enforces, printed in the agreement: the chairman's delegation
    (Act 12(1)), each matter's voting rule with its statutory floor, the ratio agreement in
    force (Ord. 36)."""
    configured = rules.configured_rules(organisation)
    ratio = agreement_for(organisation, organisation.effective_date or dt.date.max)
    names = {p.id: p.name for p in partners}
    return {
        "chairman_approves_projects": bool(organisation.setting("chairman_approves_projects")),
        "delegation_clause": organisation.setting("delegation_clause"),
        "rules": {
            key: {"rule": configured[key], "floor": m.floor} for key, m in rules.MATTERS.items()
        },
        "ratio": {
            "starts_on": ratio.starts_on.isoformat(),
            "reason": ratio.reason,
            "shares": [
                [names.get(sh.partner_id, str(sh.partner_id)), sh.numerator, sh.denominator]
                for sh in ratio.shares
            ],
            "contribution_ratios": ratio.contribution_ratios or {},
        }
        if ratio
        else None,
    }


def generate_partnership_agreement(
    *, actor, organisation, language: str = "ja", representative_title: str | None = None
) -> Contract:
    """Draft the 組合契約書 with every active partner as a party; refuses when an item is missing."""
    policy.require(actor, organisation, "contract:draft")
    details = agreement_details(organisation)
    parties = [
        {
            "kind": "partner",
            "partner_id": p["partner_id"],
            "representative_title": representative_title,
        }
        for p in details["partners"]
    ]
    return services.create_contract(
        actor=actor,
        organisation=organisation,
        parties=parties,
        details=details,
        title=f"{organisation.name} 組合契約書",
        contract_type="partnership",
        language=language,
        start_date=organisation.effective_date,
        end_date=organisation.end_date,
        tax_treatment="out_of_scope",
    )
