"""Demo contracts: a bilingual commission contract with the city (approved) and an MOU with the
Seoul league (in review), made through the services so they are validated, audited and archived."""

from __future__ import annotations

import datetime as dt

from llp_gov.contracts import lifecycle, services
from llp_gov.counterparties import services as counterparties


def _counterparty(ctx, name: str, **names):
    chairman = ctx["users"]["chairman"]
    cp = counterparties.match_or_create(actor=chairman, organisation=ctx["klic"], name=name)
    missing = {k: v for k, v in names.items() if not getattr(cp, k)}
    if missing:
        counterparties.update_counterparty(
            actor=chairman, organisation=ctx["klic"], counterparty=cp, **missing
        )
    return cp


def load(ctx) -> None:
    klic, users = ctx["klic"], ctx["users"]
    member, chairman = users["member"], users["chairman"]
    city = _counterparty(
        ctx,
        "北九州市",
        name_en="City of Kitakyushu",
        name_ko="기타큐슈시",
        address="福岡県北九州市小倉北区城内1番1号",
    )
    seoul = _counterparty(
        ctx,
        "ソウル国際IT協力組合",
        name_en=ctx["sicam"].name_en or "Seoul International IT League",
        name_ko=ctx["sicam"].name_ko or ctx["sicam"].name,
        address=ctx["sicam"].office_address,
        country="KR",
    )
    commission = services.create_contract(
        actor=member,
        organisation=klic,
        title="観光DX推進業務 / Tourism DX services",
        contract_type="commission",
        language="ja+en",
        amount_excl_tax=44_181_819,
        tax_treatment="taxable_10",
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2027, 11, 30),
        signing_date=dt.date(2026, 11, 23),
        court="福岡地方裁判所小倉支部",
        parties=[
            {
                "kind": "counterparty",
                "counterparty_id": city.id,
                "representative_title": "市長",
                "representative_name": "武内 和久",
            },
            {
                "kind": "organisation",
                "representative_title": "理事長",
                "representative_name": chairman.name,
            },
        ],
        clauses=[
            {
                "title": {"ja": "委託業務", "en": "Services"},
                "body": {
                    "ja": "甲は乙に対し、観光案内システムの開発及び運用業務を委託し、乙はこれを受託する。",
                    "en": "Party A commissions Party B to develop and operate the tourist information "
                    "system, and Party B accepts.",
                },
            }
        ],
        milestones=[
            {
                "due_date": dt.date(2027, 3, 31),
                "amount": 22_090_910,
                "description": "第1期 / Phase 1",
            },
            {
                "due_date": dt.date(2027, 11, 30),
                "amount": 22_090_909,
                "description": "第2期 / Phase 2",
            },
        ],
    )
    lifecycle.submit_for_review(actor=member, organisation=klic, contract=commission)
    # The demo signs what it approves: a self-signed trial key per organisation (flask signing
    # init does the same), kept in the instance folder; a real certificate replaces it. The trial
    # time-stamp authority is made too when the keys were kept from an earlier demo.
    from llp_gov.signing import keys, trial_tsa  # noqa: PLC0415 (demo only)

    for org in (klic, ctx["sicam"]):
        if not keys.has_key(org):
            keys.init_trial_key(org)
    trial_tsa.ensure()
    lifecycle.approve(actor=chairman, organisation=klic, contract=commission)
    mou = services.create_contract(
        actor=member,
        organisation=klic,
        title="IT人材交流に関する覚書 / IT 인재 교류에 관한 양해각서",
        contract_type="mou",
        language="ja+ko",
        tax_treatment="out_of_scope",
        date_style="western",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2029, 12, 31),
        parties=[
            {
                "kind": "organisation",
                "representative_title": "理事長",
                "representative_name": chairman.name,
            },
            {
                "kind": "counterparty",
                "counterparty_id": seoul.id,
                "representative_title": "이사장",
                "representative_name": users["sicam_chairman"].name,
            },
        ],
        clauses=[
            {
                "title": {"ja": "目的", "ko": "목적"},
                "body": {
                    "ja": "両組合は、IT人材の相互派遣及び共同研修について協力する。",
                    "ko": "양 조합은 IT 인재의 상호 파견 및 공동 연수에 관하여 협력한다.",
                },
            }
        ],
    )
    lifecycle.submit_for_review(actor=member, organisation=klic, contract=mou)
