"""The standard articles each contract type adds after the drafted clauses, in each language."""

from __future__ import annotations

from llp_gov.contracts import wording
from llp_gov.contracts.agreement_text import agreement_articles
from llp_gov.contracts.models import Contract

TYPE_TITLES = {
    "commission": {
        "ja": "業務委託契約書",
        "en": "Service Commission Agreement",
        "ko": "업무위탁계약서",
    },
    "joint_business": {
        "ja": "共同事業契約書",
        "en": "Joint Business Agreement",
        "ko": "공동사업계약서",
    },
    "nda": {"ja": "秘密保持契約書", "en": "Non-Disclosure Agreement", "ko": "비밀유지계약서"},
    "mou": {"ja": "覚書", "en": "Memorandum of Understanding", "ko": "양해각서"},
    "partnership": {
        "ja": "有限責任事業組合契約書",
        "en": "Limited Liability Partnership Agreement",
        "ko": "유한책임사업조합계약서",
    },
}

TAX_TEXT = {
    "taxable_10": {"ja": "消費税等（10%）", "en": "consumption tax (10%)", "ko": "소비세 등(10%)"},
    "reduced_8": {
        "ja": "消費税等（軽減税率8%）",
        "en": "consumption tax (reduced rate 8%)",
        "ko": "소비세 등(경감세율 8%)",
    },
    "export_exempt": {"ja": "輸出免税", "en": "export exemption (zero-rated)", "ko": "수출 면세"},
    "non_taxable": {"ja": "非課税", "en": "not taxable", "ko": "비과세"},
    "out_of_scope": {
        "ja": "不課税（消費税の対象外）",
        "en": "outside the scope of consumption tax",
        "ko": "과세 대상 외",
    },
}

HEADINGS = {
    "article": {"ja": "第{n}条", "en": "Article {n}", "ko": "제{n}조"},
    "amount": {"ja": "契約金額", "en": "Contract amount", "ko": "계약금액"},
    "payment": {"ja": "支払", "en": "Payment", "ko": "지급"},
    "term": {"ja": "契約期間", "en": "Term", "ko": "계약기간"},
    "confidentiality": {"ja": "秘密保持", "en": "Confidentiality", "ko": "비밀유지"},
    "law": {
        "ja": "準拠法及び合意管轄",
        "en": "Governing law and jurisdiction",
        "ko": "준거법 및 관할",
    },
    "consultation": {"ja": "協議", "en": "Consultation", "ko": "협의"},
}


def _amount_article(c: Contract, lang: str) -> str:
    money = lambda v: wording.format_money(v, c.currency, lang)  # noqa: E731
    tax = TAX_TEXT[c.tax_treatment][lang]
    if c.tax_treatment in ("taxable_10", "reduced_8"):
        if lang == "ja":
            return (
                f"本契約の対価は{money(c.amount_incl_tax)}（税抜金額{money(c.amount_excl_tax)}、"
                f"{tax}{money(c.tax_amount)}）とする。消費税等の1円未満の端数は切り捨てる。"
            )
        if lang == "ko":
            return (
                f"본 계약의 대가는 {money(c.amount_incl_tax)}(세전 {money(c.amount_excl_tax)}, "
                f"{tax} {money(c.tax_amount)})으로 한다. 소비세의 1엔 미만 단수는 절사한다."
            )
        return (
            f"The consideration is {money(c.amount_incl_tax)} ({money(c.amount_excl_tax)} excluding {tax} of "
            f"{money(c.tax_amount)}). Fractions of a yen of tax are rounded down."
        )
    if lang == "ja":
        return f"本契約の対価は{money(c.amount_incl_tax)}とする（{tax}）。"
    if lang == "ko":
        return f"본 계약의 대가는 {money(c.amount_incl_tax)}으로 한다({tax})."
    return f"The consideration is {money(c.amount_incl_tax)} ({tax})."


def _payment_article(c: Contract, lang: str) -> str:
    lines = []
    for i, m in enumerate(c.milestones, 1):
        date = wording.format_date(m.due_date, lang, c.date_style)
        money = wording.format_money(m.amount, c.currency, lang)
        desc = f" {m.description}" if m.description else ""
        if lang == "ja":
            lines.append(f"（{i}）{date}までに{money}（税抜）{desc}")
        elif lang == "ko":
            lines.append(f"({i}) {date}까지 {money}(세전){desc}")
        else:
            lines.append(f"({i}) {money} (excluding tax) by {date}{desc}")
    intro = {
        "ja": "前条の対価は、次のとおり支払う。",
        "en": "The consideration is paid as follows.",
        "ko": "전조의 대가는 다음과 같이 지급한다.",
    }[lang]
    return "\n".join([intro, *lines])


def _term_article(c: Contract, lang: str) -> str:
    start = wording.format_date(c.start_date, lang, c.date_style)
    end = wording.format_date(c.end_date, lang, c.date_style)
    if lang == "ja":
        return f"本契約の有効期間は、{start}から{end}までとする。"
    if lang == "ko":
        return f"본 계약의 유효기간은 {start}부터 {end}까지로 한다."
    return f"This agreement is in force from {start} until {end}."


def _law_article(c: Contract, lang: str) -> str:
    law = c.governing_law or {"ja": "日本法", "en": "the laws of Japan", "ko": "일본법"}[lang]
    court = c.court or ""
    if lang == "ja":
        text = f"本契約は{law}に準拠する。"
        return text + (
            f"本契約に関する紛争は、{court}を第一審の専属的合意管轄裁判所とする。" if court else ""
        )
    if lang == "ko":
        text = f"본 계약은 {law}에 준거한다."
        return text + (
            f" 본 계약에 관한 분쟁은 {court}을 제1심 전속 관할법원으로 한다." if court else ""
        )
    text = f"This agreement is governed by {law}."
    return text + (
        f" The {court} has exclusive jurisdiction in the first instance." if court else ""
    )


CONFIDENTIALITY = {
    "ja": "各当事者は、本契約に関して知り得た相手方の秘密情報を、相手方の書面による承諾なく第三者に開示し、又は本契約の目的以外に使用してはならない。",
    "en": "Each party keeps the other's confidential information obtained under this agreement secret and uses it only for the purpose of this agreement, unless the other party consents in writing.",
    "ko": "각 당사자는 본 계약과 관련하여 알게 된 상대방의 비밀정보를 상대방의 서면 동의 없이 제3자에게 공개하거나 본 계약의 목적 외로 사용하여서는 아니 된다.",
}
CONSULTATION = {
    "ja": "本契約に定めのない事項又は本契約の解釈に疑義が生じた事項については、当事者間で誠実に協議の上解決する。",
    "en": "Matters not provided for in this agreement, or doubts about its interpretation, are settled by good-faith consultation between the parties.",
    "ko": "본 계약에 정함이 없는 사항 또는 본 계약의 해석에 의문이 생긴 사항은 당사자 간에 성실히 협의하여 해결한다.",
}


def standard_articles(c: Contract, lang: str) -> list[tuple[str, str]]:
    """(heading, body) pairs in `lang` for the type's standard articles."""
    h = {key: texts[lang] for key, texts in HEADINGS.items()}
    out: list[tuple[str, str]] = []
    if c.contract_type == "partnership":
        return agreement_articles(c, lang)
    if c.amount_incl_tax is not None:
        out.append((h["amount"], _amount_article(c, lang)))
    if c.milestones:
        out.append((h["payment"], _payment_article(c, lang)))
    if c.start_date or c.end_date:
        out.append((h["term"], _term_article(c, lang)))
    if c.contract_type in ("nda", "commission", "joint_business"):
        out.append((h["confidentiality"], CONFIDENTIALITY[lang]))
    out.append((h["law"], _law_article(c, lang)))
    out.append((h["consultation"], CONSULTATION[lang]))
    return out


def articles(c: Contract) -> list[dict]:
    """Every article in order, numbered, each as {lang: {"number", "heading", "body"}}."""
    langs = c.languages
    drafted = [
        {lang: (cl["title"].get(lang, ""), cl["body"].get(lang, "")) for lang in langs}
        for cl in c.clauses or []
    ]
    standard = [
        dict(zip(langs, items, strict=True))
        for items in zip(*(standard_articles(c, lang) for lang in langs), strict=True)
    ]
    out = []
    for n, article in enumerate(drafted + standard, 1):
        out.append(
            {
                lang: {
                    "number": HEADINGS["article"][lang].format(n=n),
                    "heading": heading,
                    "body": body,
                }
                for lang, (heading, body) in article.items()
            }
        )
    return out


PREAMBLE = {
    "ja": "{parties}は、次のとおり{kind}（以下「本契約」という。）を締結する。",
    "en": '{parties} enter into this {kind} (the "Agreement") as follows.',
    "ko": '{parties}는 다음과 같이 {kind}(이하 "본 계약"이라 한다)을 체결한다.',
}
CLOSING = {
    "ja": "本契約の成立を証するため、本書{n}通を作成し、各当事者記名押印の上、各1通を保有する。",
    "en": "In witness whereof, the parties have executed this Agreement in {n} originals, and each party keeps one.",
    "ko": "본 계약의 성립을 증명하기 위하여 본서 {n}통을 작성하고 각 당사자가 기명날인한 후 각 1통씩 보관한다.",
}


# What one concludes is a 契約 (the 契約書 is the document recording it): the kind without 書.
def _concluded(kind_title: str, lang: str) -> str:
    if lang == "ja" and kind_title.endswith("契約書"):
        return kind_title[:-1]
    if lang == "ko" and kind_title.endswith("계약서"):
        return kind_title[:-1]
    return kind_title


# LLP Act 3(1): the partners each contribute and jointly carry on a for-profit business, each
# liable up to the value of its contribution (Act 15). Cited with the Act's number.
PARTNERSHIP_PREAMBLE = {
    "ja": (
        "次の組合員は、有限責任事業組合契約に関する法律（平成十七年法律第四十号。以下「法」"
        "という。）第三条第一項に基づき、各組合員が出資を行い、共同で営利を目的とする事業を営む"
        "ことを約し、各組合員の責任をその出資の価額を限度とする有限責任事業組合契約（以下「本"
        "契約」という。）を締結する。\n{parties}"
    ),
    "en": (
        "The following partners, under Article 3(1) of the Act on Limited Liability Partnership "
        'Agreements (Act No. 40 of 2005; the "Act"), each contribute and agree to carry on a '
        "business jointly for profit, each partner's liability being limited to the value of its "
        "contribution, and so conclude this limited liability partnership agreement (the "
        '"Agreement").\n{parties}'
    ),
    "ko": (
        '다음 조합원은 유한책임사업조합계약에 관한 법률(2005년 법률 제40호. 이하 "법"이라 '
        "한다) 제3조 제1항에 따라 각 조합원이 출자하여 공동으로 영리를 목적으로 하는 사업을 "
        "영위할 것을 약정하고, 각 조합원의 책임을 그 출자가액을 한도로 하는 유한책임사업조합계약"
        '(이하 "본 계약"이라 한다)을 체결한다.\n{parties}'
    ),
}


def preamble(c: Contract, lang: str) -> str:
    """The opening paragraph naming the parties in `lang` (a partnership agreement lists every
    partner as 組合員 / partner)."""
    if c.contract_type == "partnership":
        names = "\n".join(f"{wording.PARTNER_LABEL[lang]}　{p.name_in(lang)}" for p in c.parties)
        return PARTNERSHIP_PREAMBLE[lang].format(parties=names)
    parts = []
    for p in c.parties:
        ref = wording.party_ref(p.position, lang)
        name = p.name_in(lang)
        if lang == "ja":
            parts.append(f"{name}（以下「{ref}」という。）")
        elif lang == "ko":
            parts.append(f'{name}(이하 "{ref}"이라 한다)')
        else:
            parts.append(f'{name} ("{ref}")')
    joiner = {"ja": "と", "ko": "와 ", "en": " and "}[lang]
    if lang == "en" and len(parts) > 2:
        joined = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        joined = joiner.join(parts)
    kind = _concluded(TYPE_TITLES[c.contract_type][lang], lang)
    return PREAMBLE[lang].format(parties=joined, kind=kind)


def closing(c: Contract, lang: str) -> str:
    """The closing sentence in `lang`: how many originals or, when executed electronically, that
    it is executed by electronic signature (Stamp Tax Act: no revenue stamp then)."""
    return CLOSING[lang].format(n=len(c.parties))
