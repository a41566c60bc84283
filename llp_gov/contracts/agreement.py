"""The partnership agreement (組合契約書), generated from the register and the books.

It must state the eight items of LLP Act 4(3); orgs.compliance.agreement_items is the one list
of them. When any is missing the agreement is refused with the list of what is missing.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.contracts import services, wording
from llp_gov.contracts.models import Contract
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger.ratios import agreement_for
from llp_gov.ledger.services import contributions_by_partner
from llp_gov.orgs.compliance import agreement_items
from llp_gov.partners.models import Partner
from llp_gov.resolutions import rules

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


RULE_TEXT = {
    "unanimous": {
        "ja": "総組合員の同意",
        "en": "the consent of all partners",
        "ko": "조합원 전원의 동의",
    },
    "three_quarters": {
        "ja": "総組合員の四分の三以上の同意",
        "en": "the consent of at least three quarters of all partners",
        "ko": "조합원 전원의 4분의 3 이상의 동의",
    },
    "two_thirds": {
        "ja": "総組合員の三分の二以上の同意",
        "en": "the consent of at least two thirds of all partners",
        "ko": "조합원 전원의 3분의 2 이상의 동의",
    },
    "majority": {
        "ja": "総組合員の過半数の同意",
        "en": "the consent of more than half of all partners",
        "ko": "조합원 전원의 과반수의 동의",
    },
}
MATTER_TEXT = {
    "business": {
        "ja": "業務執行の決定（法第十二条第一項）",
        "en": "Decisions on the conduct of the business (Act Art. 12(1))",
        "ko": "업무집행의 결정(법 제12조 제1항)",
    },
    "important_property": {
        "ja": "重要な財産の処分及び譲受け（法第十二条第一項第一号、施行規則第五条）",
        "en": "Disposal and acquisition of important property (Act Art. 12(1)(i), Ordinance Art. 5)",
        "ko": "중요한 재산의 처분 및 양수(법 제12조 제1항 제1호, 시행규칙 제5조)",
    },
    "large_borrowing": {
        "ja": "多額の借財（法第十二条第一項第二号、施行規則第五条）",
        "en": "Large borrowing (Act Art. 12(1)(ii), Ordinance Art. 5)",
        "ko": "다액의 차입(법 제12조 제1항 제2호, 시행규칙 제5조)",
    },
    "amendment": {
        "ja": "組合契約の変更（法第五条）",
        "en": "Amendment of this Agreement (Act Art. 5)",
        "ko": "조합계약의 변경(법 제5조)",
    },
    "admission": {
        "ja": "組合員の加入（法第二十四条）",
        "en": "Admission of a partner (Act Art. 24)",
        "ko": "조합원의 가입(법 제24조)",
    },
    "expulsion": {
        "ja": "組合員の除名（法第二十七条。当該組合員を除く総組合員を基準とする）",
        "en": "Expulsion of a partner (Act Art. 27; counted on all partners other than the one concerned)",
        "ko": "조합원의 제명(법 제27조. 해당 조합원을 제외한 조합원 전원을 기준으로 한다)",
    },
    "profit_loss_ratio": {
        "ja": "損益分配の割合（法第三十三条、施行規則第三十六条）",
        "en": "The profit and loss ratio (Act Art. 33, Ordinance Art. 36)",
        "ko": "손익분배의 비율(법 제33조, 시행규칙 제36조)",
    },
    "return_of_capital": {
        "ja": "剰余金を超える分配（法第三十四条第二項）",
        "en": "Distribution above the surplus (Act Art. 34(2))",
        "ko": "잉여금을 초과하는 분배(법 제34조 제2항)",
    },
    "dissolution": {
        "ja": "解散（法第三十七条）",
        "en": "Dissolution (Act Art. 37)",
        "ko": "해산(법 제37조)",
    },
}
# The clauses the system enforces (issue 10 item 13), in the agreement's three languages. The
# wording is data, not gettext: it follows the contract's language, not the reader's locale.
ENFORCED = {
    "ja": {
        "decisions": "業務執行の決定",
        "decisions_intro": (
            "次の事項は、各号に定める同意により決定する。議決は総組合員の数を基準とし、各組合員は"
            "一個の議決権を有し、棄権及び不投票は同意とみなさない。"
        ),
        "floor": "（契約で定め得る下限：{floor}）",
        "no_relax": "（緩和不可）",
        "rule_sep": "：",
        "delegation": "理事長への委任",
        "delegation_text": (
            "組合員は、法第十二条第一項ただし書に基づき、個別案件の承認を理事長に委任する。"
            "委任の範囲：{clause}　ただし、重要な財産の処分及び譲受け並びに多額の借財その他前条"
            "に定める事項は、委任の範囲に含まない。"
        ),
        "execution": "業務執行の分担",
        "execution_text": (
            "各組合員は、本組合の業務を執行する権利を有し義務を負う（法第十三条第一項）。組合員は、"
            "次のとおり業務の執行を分担し、その一部のみを他の組合員に委任することができる（法第十三"
            "条第二項）。"
        ),
        "no_role": "（未定）",
        "ratio": "損益分配の割合",
        "ratio_agreed": (
            "組合員の損益分配の割合は、総組合員の同意により、出資の価額と異なる次の割合とする"
            "（法第三十三条、施行規則第三十六条）。適用開始日：{starts_on}\n{shares}\n"
            "理由：{reason}\n開始日における出資の割合：{contributions}"
        ),
        "ratio_default": (
            "組合員の損益分配の割合は、会計帳簿に記載された各組合員の出資の価額に応じる（法第三十三条）。"
        ),
        "list_sep": "、",
        "leaving": "脱退及び除名",
        "leaving_text": (
            "組合員は、やむを得ない場合を除き、脱退することができない（法第二十五条）。組合員の除名"
            "は、正当な事由がある場合に限り、当該組合員以外の総組合員の一致によってすることができ、"
            "除名した組合員にその旨を通知しなければ、これをもって当該組合員に対抗することができない"
            "（法第二十七条）。脱退又は除名により組合員が一人となり、又は居住者若しくは内国法人で"
            "ある組合員がいなくなったときは、二週間以内にこれを解消しない限り、本組合は解散する"
            "（法第三条第二項、第三十七条）。脱退した組合員の持分は、その出資金勘定を限度として払い"
            "戻す。"
        ),
    },
    "en": {
        "decisions": "Decisions of the partners",
        "decisions_intro": (
            "The following matters are decided by the consent stated for each. Consent is counted "
            "on the number of all partners, each partner having one vote; an abstention or a "
            "missing vote is not consent."
        ),
        "floor": " (the agreement may not set less than {floor})",
        "no_relax": " (may not be relaxed)",
        "rule_sep": ": ",
        "delegation": "Delegation to the chairman",
        "delegation_text": (
            "Under the proviso to Article 12(1) of the Act, the partners delegate the approval of "
            "individual projects to the chairman. Scope of the delegation: {clause} The disposal "
            "and acquisition of important property, large borrowing and the other matters of the "
            "preceding article are not delegated."
        ),
        "execution": "Sharing the execution of the business",
        "execution_text": (
            "Each partner has the right and the duty to execute the business of the partnership "
            "(Act Art. 13(1)). The partners share the execution of the business as follows, and "
            "a partner may delegate only part of it to another partner (Act Art. 13(2))."
        ),
        "no_role": "(not yet decided)",
        "ratio": "Profit and loss ratio",
        "ratio_agreed": (
            "With the consent of all partners, profits and losses are allocated in the following "
            "ratio, which differs from the value of the contributions (Act Art. 33, Ordinance "
            "Art. 36). Applies from: {starts_on}\n{shares}\nReason: {reason}\n"
            "Contribution ratio on that date: {contributions}"
        ),
        "ratio_default": (
            "Profits and losses are allocated in proportion to each partner's contribution as "
            "recorded in the books (Act Art. 33)."
        ),
        "list_sep": ", ",
        "leaving": "Withdrawal and expulsion",
        "leaving_text": (
            "A partner may withdraw only for an unavoidable reason (Act Art. 25). A partner may "
            "be expelled only for just cause, by the unanimous decision of all other partners, "
            "and the expulsion cannot be asserted against that partner unless it is notified of "
            "it (Act Art. 27). If a withdrawal or expulsion leaves only one partner, or no "
            "partner resident or incorporated in Japan, the partnership is dissolved unless this "
            "is cured within two weeks (Act Art. 3(2), 37). A withdrawing partner's share is "
            "refunded up to the balance of its capital account."
        ),
    },
    "ko": {
        "decisions": "업무집행의 결정",
        "decisions_intro": (
            "다음 사항은 각 호에 정한 동의로 결정한다. 의결은 조합원 전원의 수를 기준으로 하고, "
            "각 조합원은 1개의 의결권을 가지며, 기권 및 불투표는 동의로 보지 아니한다."
        ),
        "floor": "(계약으로 정할 수 있는 하한: {floor})",
        "no_relax": "(완화 불가)",
        "rule_sep": ": ",
        "delegation": "이사장에 대한 위임",
        "delegation_text": (
            "조합원은 법 제12조 제1항 단서에 따라 개별 안건의 승인을 이사장에게 위임한다. "
            "위임의 범위: {clause} 다만, 중요한 재산의 처분 및 양수, 다액의 차입 그 밖에 전조에 "
            "정한 사항은 위임의 범위에 포함하지 아니한다."
        ),
        "execution": "업무집행의 분담",
        "execution_text": (
            "각 조합원은 본 조합의 업무를 집행할 권리를 가지며 의무를 진다(법 제13조 제1항). "
            "조합원은 다음과 같이 업무의 집행을 분담하며, 그 일부만을 다른 조합원에게 위임할 수 "
            "있다(법 제13조 제2항)."
        ),
        "no_role": "(미정)",
        "ratio": "손익분배의 비율",
        "ratio_agreed": (
            "조합원의 손익분배 비율은 조합원 전원의 동의에 따라 출자가액과 다른 다음의 비율로 "
            "한다(법 제33조, 시행규칙 제36조). 적용 개시일: {starts_on}\n{shares}\n"
            "이유: {reason}\n개시일의 출자 비율: {contributions}"
        ),
        "ratio_default": (
            "조합원의 손익분배 비율은 회계장부에 기재된 각 조합원의 출자가액에 따른다(법 제33조)."
        ),
        "list_sep": ", ",
        "leaving": "탈퇴 및 제명",
        "leaving_text": (
            "조합원은 부득이한 경우를 제외하고는 탈퇴할 수 없다(법 제25조). 조합원의 제명은 "
            "정당한 사유가 있는 경우에 한하여 해당 조합원 이외의 조합원 전원의 일치로 할 수 "
            "있으며, 제명한 조합원에게 그 뜻을 통지하지 아니하면 이로써 해당 조합원에게 대항할 "
            "수 없다(법 제27조). 탈퇴 또는 제명으로 조합원이 1인이 되거나 거주자 또는 내국법인인 "
            "조합원이 없게 된 때에는 2주 이내에 이를 해소하지 아니하는 한 본 조합은 해산한다"
            "(법 제3조 제2항, 제37조). 탈퇴한 조합원의 지분은 그 출자금 계정을 한도로 환급한다."
        ),
    },
}


def _enforced_articles(d: dict, lang: str) -> list[tuple[str, str]]:
    """The clauses the system enforces, in the agreement's words (issue 10 item 13): the
    voting rules with their statutory floors (Act 12, 5, 24, 27, 33, 34(2), 37; Ord. 5), the
    chairman's delegation (Act 12(1) proviso), how execution is shared (Act 13), the profit and
    loss ratio with its Ord. 36 particulars, and withdrawal and expulsion (Act 25, 27, 3(2), 37).
    `lang`: "ja", "en" or "ko"."""
    t = ENFORCED[lang]
    out = []
    rules = d.get("rules") or {}
    lines = []
    for key, labels in MATTER_TEXT.items():
        if key not in rules:
            continue
        rule = RULE_TEXT[rules[key]["rule"]][lang]
        floor = rules[key].get("floor")
        floor_text = t["floor"].format(floor=RULE_TEXT[floor][lang]) if floor else t["no_relax"]
        lines.append(f"{labels[lang]}{t['rule_sep']}{rule}{floor_text}")
    out.append((t["decisions"], t["decisions_intro"] + "\n" + "\n".join(lines)))
    if d.get("chairman_approves_projects"):
        clause = d.get("delegation_clause") or ""
        out.append((t["delegation"], t["delegation_text"].format(clause=clause)))
    roles = [
        f"{_partner_name(p, lang)}{t['rule_sep']}{p.get('execution_role') or t['no_role']}"
        for p in d.get("partners") or []
    ]
    out.append((t["execution"], t["execution_text"] + "\n" + "\n".join(roles)))
    ratio = d.get("ratio")
    if ratio:
        shares = "\n".join(f"{name}{t['rule_sep']}{n}/{den}" for name, n, den in ratio["shares"])
        text = t["ratio_agreed"].format(
            starts_on=ratio["starts_on"],
            shares=shares,
            reason=ratio["reason"],
            contributions=t["list_sep"].join(ratio.get("contribution_ratios", {}).values()),
        )
    else:
        text = t["ratio_default"]
    out.append((t["ratio"], text))
    out.append((t["leaving"], t["leaving_text"]))
    return out


# A corporate partner's executing person (職務執行者, registered under Act 57).
EXECUTING = {
    "ja": "（職務執行者　{name}）",
    "en": " (person executing duties: {name})",
    "ko": "(직무집행자 {name})",
}


def _partner_name(p: dict, lang: str) -> str:
    """The partner's name in the agreement's language where the register has one."""
    return (p.get(f"name_{lang}") if lang in ("en", "ko") else None) or p["name"]


def _executing(p: dict, lang: str) -> str:
    if p.get("kind") == "corporate" and p.get("executing_person"):
        return EXECUTING[lang].format(name=p["executing_person"])
    return ""


def agreement_articles(c: Contract, lang: str) -> list[tuple[str, str]]:
    """The partnership agreement's articles (組合契約書, LLP Act 4(3) items and the enforced
    clauses) as (heading, text) pairs in `lang` ("ja", "en" or "ko"), from the contract's details
    (fiscal year, contributions in yen, dates in the contract's date style)."""
    d = c.details
    date = lambda iso: wording.format_date(dt.date.fromisoformat(iso), lang, c.date_style)  # noqa: E731
    h = {key: texts[lang] for key, texts in ITEM_HEADINGS.items()}
    month = d["fiscal_year_start_month"]
    end_month = (month - 2) % 12 + 1
    partner_lines = []
    contribution_lines = []
    for p in d["partners"]:
        p = p | {"name": _partner_name(p, lang)}
        money = wording.format_money(p["contribution_value"], "JPY", lang)
        kind = KIND_TEXT.get(p["contribution_kind"], KIND_TEXT["money"])[lang]
        sep = "　" if lang == "ja" else ", "
        partner_lines.append(f"{p['name']}{sep}{p['address']}{_executing(p, lang)}")
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
            *_enforced_articles(d, "ja"),
        ]
    if lang == "ko":
        return [
            (h["business"], f"본 조합은 다음 사업을 영위함을 목적으로 한다.\n{d['business']}"),
            (h["name"], f"본 조합은 {d['name']}이라 칭한다."),
            (h["office"], f"본 조합의 사무소는 {d['office_address']}에 둔다."),
            (
                h["partners"],
                "조합원의 성명 또는 명칭 및 주소는 다음과 같다.\n" + "\n".join(partner_lines),
            ),
            (
                h["effective_date"],
                "본 계약은 모든 조합원이 그 출자에 관한 납입 또는 급부의 전부를 이행한 날에 효력이 "
                f"발생한다(법 제3조 제1항). 그날은 {date(d['effective_date'])}로 한다.",
            ),
            (
                h["duration"],
                f"본 조합의 존속기간은 {date(d['effective_date'])}부터 {date(d['end_date'])}까지로 한다.",
            ),
            (
                h["contributions"],
                "각 조합원의 출자의 목적 및 그 가액은 다음과 같다.\n"
                + "\n".join(contribution_lines),
            ),
            (
                h["fiscal_year"],
                f"본 조합의 사업연도는 매년 {month}월 1일부터 "
                f"{'다음 해 ' if month != 1 else ''}{end_month}월 말일까지로 한다.",
            ),
            *_enforced_articles(d, "ko"),
        ]
    return [
        (h["business"], f"The partnership carries on the following business:\n{d['business']}"),
        (
            h["name"],
            f"The partnership is named {d['name']}"
            + (f" ({d['name_en']})." if d.get("name_en") else "."),
        ),
        (h["office"], f"The office of the partnership is at {d['office_address']}."),
        (
            h["partners"],
            "The name and address of each partner are as follows.\n" + "\n".join(partner_lines),
        ),
        (
            h["effective_date"],
            "This Agreement takes effect on the day on which every partner has paid or delivered "
            "the whole of its contribution (Act Art. 3(1)); that day is "
            f"{date(d['effective_date'])}.",
        ),
        (
            h["duration"],
            f"The partnership lasts from {date(d['effective_date'])} until {date(d['end_date'])}.",
        ),
        (
            h["contributions"],
            "The object and value of each partner's contribution are as follows.\n"
            + "\n".join(contribution_lines),
        ),
        (
            h["fiscal_year"],
            f"Each fiscal year runs from the first day of month {month} to the last day of month "
            f"{end_month}{' of the following year' if month != 1 else ''}.",
        ),
        *_enforced_articles(d, "en"),
    ]
