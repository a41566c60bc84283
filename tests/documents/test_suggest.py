"""Suggested details at upload: read from the text, offered on the form, never applied silently."""

from __future__ import annotations

import datetime as dt

import pytest

from llp_gov.documents import services, suggest
from llp_gov.extensions import db
from llp_gov.partners.identifiers import corporate_number_check_digit
from tests.factories import CounterpartyFactory

BASE12 = "180301018771"
T_NUMBER = f"T{corporate_number_check_digit(BASE12)}{BASE12}"


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def invoice_text(t_number: str) -> str:
    return (
        "請求書\n発行日 令和8年3月31日\n株式会社サンプル 御中\n"
        f"登録番号 {t_number[0]}{t_number[1:5]}-{t_number[5:9]}-{t_number[9:]}\n"
        "小計 1,000,000円\n消費税 100,000円\nご請求金額 ¥1,100,000\n"
        "お支払期限 2026年4月30日\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("発行日 令和8年3月31日", dt.date(2026, 3, 31)),
        ("契約日：平成元年1月9日", dt.date(1989, 1, 9)),
        ("작성일 2026년 4월 1일", dt.date(2026, 4, 1)),
        ("Date: 2026-05-06", dt.date(2026, 5, 6)),
        ("2026/2/30 と 2026/3/1", dt.date(2026, 3, 1)),
    ],
)
def test_dates_in_the_forms_people_write(text, expected):
    assert suggest.suggest_date(text) == expected


def test_invoice_suggestions_match_the_directory_by_registration_number(app, world):
    cp = CounterpartyFactory(organisation_id=world.org.id, name="髙橋システム株式会社")
    cp.invoice_number = T_NUMBER
    db.session.commit()
    found = suggest.suggest(invoice_text(T_NUMBER), organisation=world.org)
    assert found.transaction_date == dt.date(2026, 3, 31)
    assert found.amount == 1_100_000
    assert found.invoice_number == T_NUMBER
    assert found.counterparty_id == cp.id


def test_a_t_number_with_a_wrong_check_digit_is_not_suggested(app, world):
    wrong = f"T{(corporate_number_check_digit(BASE12) + 1) % 10}{BASE12}"
    assert suggest.suggest(invoice_text(wrong), organisation=world.org).invoice_number is None


def test_suggestions_are_offered_on_the_page_and_form_not_saved(app, world, login_as, client):
    cp = CounterpartyFactory(organisation_id=world.org.id, name="髙橋システム株式会社")
    db.session.commit()
    doc = services.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title="請求書",
        doc_type="other",
        data=(invoice_text(T_NUMBER) + "髙橋システム株式会社\n").encode(),
        filename="inv.txt",
    )
    db.session.commit()
    assert doc.transaction_date is None and doc.amount is None  # nothing applied silently
    member = login_as(world.user("member"))
    page = member.get(f"/o/{world.org.slug}/documents/{doc.id}").get_data(as_text=True)
    assert 'data-suggested="amount"' in page and "髙橋システム株式会社" in page
    form = member.get(f"/o/{world.org.slug}/documents/{doc.id}/edit?suggested=1").get_data(
        as_text=True
    )
    assert 'value="2026-03-31"' in form and 'value="1100000"' in form
    assert f'<option selected value="{cp.id}">' in form or f'value="{cp.id}" selected' in form
    db.session.expire_all()
    assert db.session.get(type(doc), doc.id).amount is None


@pytest.mark.parametrize("doc_type", ["order", "delivery_note", "receipt", "invoice", "contract"])
def test_transaction_records_need_the_bookkeeping_keys(app, world, doc_type):
    from llp_gov.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.create_document(
            actor=world.user("member"),
            organisation=world.org,
            title="取引書類",
            doc_type=doc_type,
            data=f"{doc_type} 本文".encode(),
            filename="a.txt",
        )
    assert {"transaction_date", "amount", "counterparty_id"} <= set(exc.value.fields)


@pytest.mark.parametrize("doc_type", ["quotation", "order", "delivery_note", "receipt"])
def test_every_transaction_record_type_is_searched_by_its_keys(
    app, world, client, token_for, doc_type
):
    doc = services.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title="取引書類",
        doc_type=doc_type,
        data=f"{doc_type} 本文".encode(),
        filename="a.txt",
        transaction_date=dt.date(2026, 4, 10),
        amount=330000,
        counterparty_name="株式会社ソウル商事",
    )
    db.session.commit()
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/search",
        query_string={
            "type": doc_type,
            "date_from": "2026-04-01",
            "date_to": "2026-04-30",
            "amount_min": "300000",
            "amount_max": "400000",
            "counterparty": str(doc.counterparty_id),
        },
        headers=token_for(world.user("member")),
    )
    assert [r["document_id"] for r in resp.json["results"]] == [doc.id]


def test_upload_page_reads_suggestions_from_the_chosen_file_without_storing(app, world, login_as):
    import io

    from sqlalchemy import func, select

    from llp_gov.documents.models import Document

    cp = CounterpartyFactory(organisation_id=world.org.id, name="髙橋システム株式会社")
    cp.invoice_number = T_NUMBER
    db.session.commit()
    client = login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/documents/suggest",
        data={"file": (io.BytesIO(invoice_text(T_NUMBER).encode("utf-8")), "inv.txt")},
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    s = resp.json["suggestions"]
    assert s["transaction_date"] == "2026-03-31" and s["amount"] == 1_100_000
    assert s["counterparty_id"] == cp.id and s["invoice_number"] == T_NUMBER
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    bad = client.post(
        f"/o/{world.org.slug}/documents/suggest",
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and bad.json["error"]["fields"]["file"]
