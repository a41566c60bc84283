"""The partnership agreement's wording (組合契約書) in Japanese, English and Korean: the headings
of the eight LLP Act 4(3) items, the clauses the system enforces (voting rules with their
statutory floors, delegation, execution, profit and loss ratio, withdrawal and expulsion) and
the articles built from a generated agreement's details (contracts.agreement).
"""

from __future__ import annotations

import datetime as dt

from llp_gov.contracts import wording
from llp_gov.contracts.agreement_clauses import enforced_articles, partner_name
from llp_gov.contracts.models import Contract

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


# A corporate partner's executing person (職務執行者, registered under Act 57).
EXECUTING = {
    "ja": "（職務執行者　{name}）",
    "en": " (person executing duties: {name})",
    "ko": "(직무집행자 {name})",
}


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
        p = p | {"name": partner_name(p, lang)}
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
            *enforced_articles(d, "ja"),
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
            *enforced_articles(d, "ko"),
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
        *enforced_articles(d, "en"),
    ]
