"""Contract pages: draft through the form, approve, download."""

from __future__ import annotations

from llp_gov.contracts.models import Contract
from llp_gov.extensions import db
from tests.contracts.helpers import city_and_league
from tests.pdf.checks import text_of


def test_member_drafts_chairman_approves_member_downloads(client, world, login_as):
    city, _ = city_and_league(world)
    db.session.commit()
    login_as(world.user("member"))
    form = {
        "title": "観光案内業務",
        "contract_type": "commission",
        "language": "ja+en",
        "counterparty_id": city.id,
        "counterparty_title": "市長",
        "counterparty_representative": "武内 和久",
        "own_title": "理事長",
        "own_representative": "山田 太郎",
        "amount_excl_tax": "45000000",
        "tax_treatment": "taxable_10",
        "start_date": "2026-12-01",
        "end_date": "2027-11-30",
        "date_style": "wareki",
        "court": "",
        "scope_ja": "観光案内システムの運用",
        "scope_en": "Operation of the tourist information system",
    }
    resp = client.post(f"/o/{world.org.slug}/contracts/new", data=form)
    assert resp.status_code == 302, resp.data.decode()[:2000]
    contract = db.session.query(Contract).one()
    assert contract.amount_incl_tax == 49_500_000
    assert client.post(f"/o/{world.org.slug}/contracts/{contract.id}/submit").status_code == 302
    assert client.post(f"/o/{world.org.slug}/contracts/{contract.id}/approve").status_code == 403
    client.post("/logout")
    login_as(world.user("chairman"))
    assert client.post(f"/o/{world.org.slug}/contracts/{contract.id}/approve").status_code == 302
    assert db.session.get(Contract, contract.id).status == "approved"
    client.post("/logout")
    login_as(world.user("member"))
    page = client.get(f"/o/{world.org.slug}/contracts/{contract.id}")
    assert "観光案内業務" in page.data.decode()
    pdf = client.get(f"/o/{world.org.slug}/contracts/{contract.id}/pdf")
    assert pdf.mimetype == "application/pdf"
    assert "金四千九百五十万円" in text_of(pdf.data)


def test_end_before_start_shows_the_error_and_saves_nothing(client, world, login_as):
    city, _ = city_and_league(world)
    db.session.commit()
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/contracts/new",
        data={
            "title": "x",
            "contract_type": "nda",
            "language": "ja",
            "counterparty_id": city.id,
            "tax_treatment": "out_of_scope",
            "start_date": "2027-01-01",
            "end_date": "2026-01-01",
            "date_style": "wareki",
            "scope_ja": "秘密を守る",
        },
    )
    assert resp.status_code == 200
    assert db.session.query(Contract).count() == 0
