"""The partnership agreement (組合契約書) and its eight Act 4(3) items."""

from __future__ import annotations

import datetime as dt

import pytest

from llp_gov.contracts.agreement import generate_partnership_agreement
from llp_gov.contracts.printing import render_contract_pdf
from llp_gov.errors import ValidationError
from llp_gov.ledger.services import record_contribution
from tests.pdf.checks import (
    assert_only_packaged_fonts,
    assert_qpdf_ok,
    no_weasyprint_warnings,
    text_of,
)


def _contribute(world, partners, amount=1_000_000):
    for p in partners:
        record_contribution(
            actor=world.user("accountant"),
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=amount,
            received_amount=amount,
            received_on=dt.date(2025, 4, 1),
        )


def test_agreement_states_the_eight_items(world):
    _contribute(world, world.partners)
    contract = generate_partnership_agreement(actor=world.user("chairman"), organisation=world.org)
    assert contract.contract_type == "partnership" and len(contract.parties) == 12
    with no_weasyprint_warnings():
        pdf = render_contract_pdf(contract, world.org)
    text = text_of(pdf)
    for expected in (
        "有限責任事業組合契約書",
        "目的",
        "情報システムの共同受託",
        world.org.name,
        "事務所の所在地",
        "福岡県北九州市小倉北区1-1",
        world.partners[0].name,
        world.partners[0].address.replace(" ", ""),
        "令和7年4月1日",
        "令和17年3月31日",
        "出資の目的及びその価額",
        "金百万円",
        "毎年4月1日から翌年3月末日まで",
    ):
        assert expected in text, expected
    assert_only_packaged_fonts(pdf)
    assert_qpdf_ok(pdf)


def test_missing_items_are_listed_and_nothing_is_drafted(world):
    from llp_gov.contracts.models import Contract
    from llp_gov.extensions import db

    _contribute(world, world.partners[:10])
    world.org.office_address = None
    world.org.end_date = None
    world.partners[0].address = None
    with pytest.raises(ValidationError) as excinfo:
        generate_partnership_agreement(actor=world.user("member"), organisation=world.org)
    fields = excinfo.value.fields
    assert set(fields) == {"office", "duration", "partners", "contributions"}
    assert world.partners[0].name in fields["partners"]
    assert (
        world.partners[10].name in fields["contributions"]
        and world.partners[11].name in fields["contributions"]
    )
    assert world.partners[0].name not in fields["contributions"]
    assert db.session.query(Contract).count() == 0
