"""Hand-written code replaced by the libraries in the tree (issue 9, item 4)."""

from __future__ import annotations

import pytest

from llp_gov.auth import services as auth
from llp_gov.errors import ValidationError


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("  Chair@KLIC.example ", "chair@klic.example"),
        ("Taro@例え.JP", "taro@例え.jp"),
        ("kim.minsu+llp@sicam.example", "kim.minsu+llp@sicam.example"),
    ],
)
def test_an_address_is_stored_normalised(given, stored):
    assert auth.normalise_email(given) == stored


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "no-at-sign",
        "a@b",
        "two@@signs.example",
        "a b@c.example",
        "x@printer.local",
        "a@-x.example",
    ],
)
def test_an_unusable_address_is_refused(bad):
    assert auth.normalise_email(bad) is None


def test_create_user_refuses_a_reserved_domain_and_writes_nothing(app):
    from llp_gov.auth.models import User
    from llp_gov.extensions import db

    with pytest.raises(ValidationError) as exc:
        auth.create_user(actor=None, email="chair@printer.local", name="Chair", password="x" * 12)
    assert "email" in exc.value.fields
    assert db.session.query(User).filter_by(email="chair@printer.local").count() == 0


def test_marshmallow_messages_come_in_the_callers_language(client, world, token_for):
    from llp_gov.extensions import db

    member = world.users["member"]
    member.locale = "ko"
    db.session.commit()
    headers = token_for(member)
    resp = client.get(f"/api/v1/orgs/{world.org.slug}/search?page=two", headers=headers)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"]["page"] == "정수로 입력하십시오."
    # A required field missing and an unknown field, in a JSON body (the chairman may create).
    chairman = world.users["chairman"]
    chairman.locale = "ko"
    db.session.commit()
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/counterparties",
        json={"colour": "red"},
        headers=token_for(chairman),
    )
    assert resp.status_code == 422
    fields = resp.get_json()["error"]["fields"]
    assert fields["name"] == "필수 항목입니다."
    assert fields["colour"] == "알 수 없는 항목입니다."


def test_an_english_contract_date_has_no_leading_zero_and_an_english_month():
    import datetime as dt

    from llp_gov.contracts.wording import format_date

    assert format_date(dt.date(2026, 11, 3), "en") == "3 November 2026"
    assert format_date(dt.date(2027, 1, 23), "en") == "23 January 2027"


def test_the_audit_date_filter_reads_dates_in_the_users_time_zone(client, world, login_as):
    import datetime as dt
    import re

    from llp_gov.audit import services as audit
    from llp_gov.extensions import db

    chairman = world.user("chairman")
    event = audit.record(
        tag="partner:update",
        actor=chairman,
        organisation_id=world.org.id,
        target_type="partners",
        target_id=1,
        diff={"x": [1, 2]},
    )
    event.created_at = dt.datetime(2026, 5, 1, 16, 0, tzinfo=dt.UTC)  # 2 May, 01:00 in Tokyo
    db.session.commit()
    login_as(chairman)

    def tags(day):
        page = client.get(
            f"/o/{world.org.slug}/audit", query_string={"date_from": day, "date_to": day}
        ).get_data(as_text=True)
        return re.findall(r'data-tag="([a-z:_]+)"', page)

    assert chairman.timezone == "Asia/Tokyo"
    assert tags("2026-05-02") == ["partner:update"]
    assert tags("2026-05-01") == []
