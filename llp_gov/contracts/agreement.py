"""The partnership agreement (組合契約書), generated from the register and the books.

It must state the eight items of LLP Act 4(3); orgs.compliance.agreement_items is the one list
of them. When any is missing the agreement is refused with the list of what is missing.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.contracts.models import Contract
from llp_gov.errors import ValidationError

ITEM_HEADINGS = {
    "business": {"ja": "目的", "en": "Business", "ko": "목적"},
    "name": {"ja": "名称", "en": "Name", "ko": "명칭"},
    "office": {"ja": "事務所の所在地", "en": "Office", "ko": "사무소 소재지"},
    "partners": {
        "ja": "組合員の氏名又は名称及び住所",
        "en": "Partners",
        "ko": "조합원의 성명 또는 명칭 및 주소",
    },
    "effective_date": {"ja": "効力発生日", "en": "Effective date", "ko": "효력발생일"},
    "duration": {"ja": "存続期間", "en": "Duration", "ko": "존속기간"},
    "contributions": {
        "ja": "出資の目的及びその価額",
        "en": "Contributions",
        "ko": "출자의 목적 및 가액",
    },
    "fiscal_year": {"ja": "事業年度", "en": "Fiscal year", "ko": "사업연도"},
}
KIND_TEXT = {
    "money": {"ja": "金銭", "en": "money", "ko": "금전"},
    "property": {"ja": "金銭以外の財産", "en": "property", "ko": "금전 이외의 재산"},
    "mixed": {
        "ja": "金銭及び金銭以外の財産",
        "en": "money and property",
        "ko": "금전 및 금전 이외의 재산",
    },
}


def _active_partners(organisation):
    from llp_gov.db import db
    from llp_gov.partners.models import Partner

    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status == "active")
            .order_by(Partner.position, Partner.id)
        )
    )


def agreement_details(organisation) -> dict:
    """The Act 4(3) items as data; raises ValidationError naming every missing item."""
    from llp_gov.ledger.services import contributions_by_partner
    from llp_gov.orgs.compliance import agreement_items

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
                "address": p.address,
                "contribution_kind": contributions[p.id]["kind"],
                "contribution_value": contributions[p.id]["agreed"],
            }
            for p in partners
        ],
    }


def generate_partnership_agreement(
    *, actor, organisation, language: str = "ja", representative_title: str | None = None
) -> Contract:
    """Draft the 組合契約書 with every active partner as a party; refuses when an item is missing."""
    from llp_gov.contracts import services

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


def agreement_articles(c: Contract, lang: str) -> list[tuple[str, str]]:
    from llp_gov.contracts import wording

    d = c.details
    date = lambda iso: wording.format_date(dt.date.fromisoformat(iso), lang, c.date_style)  # noqa: E731
    h = {key: texts[lang] for key, texts in ITEM_HEADINGS.items()}
    month = d["fiscal_year_start_month"]
    end_month = (month - 2) % 12 + 1
    partner_lines = []
    contribution_lines = []
    for p in d["partners"]:
        money = wording.format_money(p["contribution_value"], "JPY", lang)
        kind = KIND_TEXT.get(p["contribution_kind"], KIND_TEXT["money"])[lang]
        partner_lines.append(f"{p['name']}　{p['address']}")
        if lang == "ja":
            contribution_lines.append(
                f"{p['name']}　{kind}　{money}（{wording.kanji_amount(p['contribution_value'])}）"
            )
        else:
            contribution_lines.append(f"{p['name']}: {kind}, {money}")
    if lang == "ja":
        return [
            (h["business"], f"本組合は、次の事業を営むことを目的とする。\n{d['business']}"),
            (h["name"], f"本組合は、{d['name']}と称する。"),
            (h["office"], f"本組合の事務所は、{d['office_address']}に置く。"),
            (
                h["partners"],
                "組合員の氏名又は名称及び住所は、次のとおりとする。\n" + "\n".join(partner_lines),
            ),
            (h["effective_date"], f"本契約は、{date(d['effective_date'])}にその効力を生ずる。"),
            (
                h["duration"],
                f"本組合の存続期間は、{date(d['effective_date'])}から{date(d['end_date'])}までとする。",
            ),
            (
                h["contributions"],
                "各組合員の出資の目的及びその価額は、次のとおりとする。\n"
                + "\n".join(contribution_lines),
            ),
            (
                h["fiscal_year"],
                f"本組合の事業年度は、毎年{month}月1日から{'翌年' if month != 1 else ''}{end_month}月末日までとする。",
            ),
        ]
    if lang == "ko":
        return [
            (h["business"], f"본 조합은 다음 사업을 영위함을 목적으로 한다.\n{d['business']}"),
            (h["name"], f"본 조합은 {d['name']}이라 칭한다."),
            (h["office"], f"본 조합의 사무소는 {d['office_address']}에 둔다."),
            (h["partners"], "\n".join(partner_lines)),
            (h["effective_date"], f"본 계약은 {date(d['effective_date'])}에 효력이 발생한다."),
            (h["duration"], f"{date(d['effective_date'])}부터 {date(d['end_date'])}까지."),
            (h["contributions"], "\n".join(contribution_lines)),
            (h["fiscal_year"], f"매년 {month}월 1일부터 {end_month}월 말일까지."),
        ]
    return [
        (h["business"], f"The partnership carries on the following business:\n{d['business']}"),
        (
            h["name"],
            f"The partnership is named {d['name']}"
            + (f" ({d['name_en']})." if d.get("name_en") else "."),
        ),
        (h["office"], f"The office of the partnership is at {d['office_address']}."),
        (h["partners"], "\n".join(partner_lines)),
        (h["effective_date"], f"This agreement takes effect on {date(d['effective_date'])}."),
        (h["duration"], f"From {date(d['effective_date'])} until {date(d['end_date'])}."),
        (h["contributions"], "\n".join(contribution_lines)),
        (h["fiscal_year"], f"Each fiscal year starts on the first day of month {month}."),
    ]
