"""The clauses of the partnership agreement (組合契約書) that the system enforces, in Japanese,
English and Korean: the voting rules of each matter with their statutory floors (LLP Act 12, 5,
24, 27, 33, 34(2), 37; Ordinance Art. 5), the chairman's delegation (Act 12(1) proviso), how
execution is shared (Act 13), the profit and loss ratio (Ord. 36) and withdrawal and expulsion
(Act 25, 27, 3(2), 37). Used by contracts.agreement_text.
"""

from __future__ import annotations

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


def enforced_articles(d: dict, lang: str) -> list[tuple[str, str]]:
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
        f"{partner_name(p, lang)}{t['rule_sep']}{p.get('execution_role') or t['no_role']}"
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


def partner_name(p: dict, lang: str) -> str:
    """The partner's name in the agreement's language where the register has one."""
    return (p.get(f"name_{lang}") if lang in ("en", "ko") else None) or p["name"]
