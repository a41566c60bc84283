"""Stamp duty by the Stamp Tax Act's schedule, and the wording of electronic execution."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from llp_gov.contracts import printing, services, stamps
from tests.contracts.helpers import city_and_league, commission_data
from tests.pdf.checks import text_of


def _contract(amount, *, execution="paper", item=None, on=dt.date(2026, 11, 23), **kw):
    details = {"execution": execution} | ({"stamp_item": item} if item else {})
    return SimpleNamespace(
        details=details,
        contract_type=kw.get("contract_type", "commission"),
        amount_excl_tax=amount,
        currency="JPY",
        signing_date=on,
        start_date=kw.get("start"),
        end_date=kw.get("end"),
        auto_renew=kw.get("auto_renew", False),
    )


@pytest.mark.parametrize(
    ("amount", "duty"),
    [
        (9_999, 0),
        (10_000, 200),
        (2_000_000, 200),  # reduced rate (Special Measures art. 91): 200 up to 2 million
        (2_000_001, 500),
        (5_000_000, 1_000),
        (10_000_000, 5_000),
        (48_600_000, 10_000),
        (100_000_000, 30_000),
        (100_000_001, 60_000),
        (6_000_000_000, 480_000),
        (None, 200),  # no amount stated
    ],
)
def test_no2_reduced_rates(amount, duty):
    assert stamps.stamp_duty(_contract(amount)).amount == duty


def test_no2_standard_rates_after_the_reduction_ends():
    later = dt.date(2027, 4, 1)
    assert stamps.stamp_duty(_contract(2_000_000, on=later)).amount == 400
    assert stamps.stamp_duty(_contract(48_600_000, on=later)).amount == 20_000


def test_no7_and_non_taxable_and_electronic():
    year = {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31)}
    assert stamps.stamp_duty(_contract(None, item="no7", **year)).amount == 4_000
    short = {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 3, 31)}
    assert stamps.stamp_duty(_contract(None, item="no7", **short)).amount == 0
    assert stamps.stamp_duty(_contract(5_000_000, contract_type="nda")).item is None
    electronic = stamps.stamp_duty(_contract(48_600_000, execution="electronic"))
    assert electronic.electronic and electronic.amount == 0


def test_electronic_execution_changes_the_closing_clause(world, client, login_as):
    city, _ = city_and_league(world)
    member = world.user("member")
    contract = services.create_contract(
        actor=member, organisation=world.org, **commission_data(world, city)
    )
    assert "通を作成" in text_of(printing.render_contract_pdf(contract, world.org))  # paper
    login_as(member)
    url = f"/o/{world.org.slug}/contracts/{contract.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="stamp-duty"' in page and "10,000" in page  # 48.6 million yen, No. 2
    assert client.post(f"{url}/execution", data={"execution": "electronic"}).status_code == 302
    contract = services.get_contract(actor=member, organisation=world.org, contract_id=contract.id)
    text = text_of(printing.render_contract_pdf(contract, world.org))
    assert "本契約書の電磁的記録を" in text and "電子署名を行い" in text  # two columns interleave
    assert "通を作成" not in text
    assert 'id="stamp-duty"' not in client.get(url).get_data(as_text=True)
