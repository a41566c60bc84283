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
    from llp_gov.ledger.capital import agreement_for
    from llp_gov.resolutions import rules

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


RULE_JA = {
    "unanimous": "総組合員の同意",
    "three_quarters": "総組合員の四分の三以上の同意",
    "two_thirds": "総組合員の三分の二以上の同意",
    "majority": "総組合員の過半数の同意",
}
MATTER_JA = {
    "business": "業務執行の決定（法第十二条第一項）",
    "important_property": "重要な財産の処分及び譲受け（法第十二条第一項第一号、施行規則第五条）",
    "large_borrowing": "多額の借財（法第十二条第一項第二号、施行規則第五条）",
    "amendment": "組合契約の変更（法第五条）",
    "admission": "組合員の加入（法第二十四条）",
    "expulsion": "組合員の除名（法第二十七条。当該組合員を除く総組合員を基準とする）",
    "profit_loss_ratio": "損益分配の割合（法第三十三条、施行規則第三十六条）",
    "return_of_capital": "剰余金を超える分配（法第三十四条第二項）",
    "dissolution": "解散（法第三十七条）",
}


def _enforced_articles_ja(d: dict) -> list[tuple[str, str]]:
    """The clauses the system enforces, in the agreement's words (Japanese)."""
    out = []
    rules = d.get("rules") or {}
    lines = []
    for key, label in MATTER_JA.items():
        if key not in rules:
            continue
        rule = RULE_JA[rules[key]["rule"]]
        floor = rules[key].get("floor")
        floor_text = f"（契約で定め得る下限：{RULE_JA[floor]}）" if floor else "（緩和不可）"
        lines.append(f"{label}：{rule}{floor_text}")
    out.append(
        (
            "業務執行の決定",
            "次の事項は、各号に定める同意により決定する。議決は総組合員の数を基準とし、各組合員は"
            "一個の議決権を有し、棄権及び不投票は同意とみなさない。\n" + "\n".join(lines),
        )
    )
    if d.get("chairman_approves_projects"):
        clause = d.get("delegation_clause") or ""
        out.append(
            (
                "理事長への委任",
                "組合員は、法第十二条第一項ただし書に基づき、個別案件の承認を理事長に委任する。"
                f"委任の範囲：{clause}　ただし、重要な財産の処分及び譲受け並びに多額の借財その他前条"
                "に定める事項は、委任の範囲に含まない。",
            )
        )
    roles = [
        f"{p['name']}：{p.get('execution_role') or '（未定）'}" for p in d.get("partners") or []
    ]
    out.append(
        (
            "業務執行の分担",
            "各組合員は、本組合の業務を執行する権利を有し義務を負う（法第十三条第一項）。組合員は、"
            "次のとおり業務の執行を分担し、その一部のみを他の組合員に委任することができる（法第十三"
            "条第二項）。\n" + "\n".join(roles),
        )
    )
    ratio = d.get("ratio")
    if ratio:
        shares = "\n".join(f"{name}：{n}/{den}" for name, n, den in ratio["shares"])
        contrib = "、".join(ratio.get("contribution_ratios", {}).values())
        text = (
            "組合員の損益分配の割合は、総組合員の同意により、出資の価額と異なる次の割合とする"
            f"（法第三十三条、施行規則第三十六条）。適用開始日：{ratio['starts_on']}\n{shares}\n"
            f"理由：{ratio['reason']}\n開始日における出資の割合：{contrib}"
        )
    else:
        text = "組合員の損益分配の割合は、会計帳簿に記載された各組合員の出資の価額に応じる（法第三十三条）。"
    out.append(("損益分配の割合", text))
    out.append(
        (
            "脱退及び除名",
            "組合員は、やむを得ない場合を除き、脱退することができない（法第二十五条）。組合員の除名"
            "は、正当な事由がある場合に限り、当該組合員以外の総組合員の一致によってすることができ、"
            "除名した組合員にその旨を通知しなければ、これをもって当該組合員に対抗することができない"
            "（法第二十七条）。脱退又は除名により組合員が一人となり、又は居住者若しくは内国法人で"
            "ある組合員がいなくなったときは、二週間以内にこれを解消しない限り、本組合は解散する"
            "（法第三条第二項、第三十七条）。脱退した組合員の持分は、その出資金勘定を限度として払い"
            "戻す。",
        )
    )
    return out


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
            (
                h["effective_date"],
                "本契約は、全ての組合員がその出資に係る払込み又は給付の全部を履行した日にその効力を"
                f"生ずる（法第三条第一項）。その日は{date(d['effective_date'])}とする。",
            ),
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
            *_enforced_articles_ja(d),
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
