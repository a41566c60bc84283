"""One English word, two meanings: message contexts keep their translations apart."""

from __future__ import annotations

from flask_babel import force_locale, pgettext

from llp_gov import i18n


def test_the_catalog_template_keeps_a_message_context():
    pot = i18n.template(
        {"fiscal year\x04Open": ["templates/ledger/index.html:15"], "Open": ["x.py:1"]}
    )
    assert pot.get("Open", context="fiscal year") is not None
    assert pot.get("Open") is not None


def test_extraction_finds_the_contexts_of_the_pages():
    found = {key for messages in i18n.extract_all().values() for key in messages}
    assert {"fiscal year\x04Open", "money\x04Received", "notification\x04Received"} <= found


def test_received_and_open_read_differently_by_context(app):
    with app.test_request_context(), force_locale("ja"):
        assert pgettext("money", "Received") == "払込額"
        assert pgettext("notification", "Received") == "受信日時"
        assert pgettext("fiscal year", "Open") == "未締め"
        assert pgettext("action", "Open") == "開く"
    with app.test_request_context(), force_locale("ko"):
        assert pgettext("money", "Received") == "납입액"
        assert pgettext("notification", "Received") == "수신 일시"


def test_the_contributions_table_says_paid_in(client, world, login_as):
    login_as(world.user("accountant"))
    client.post("/locale/ja", data={"next": "/"})
    html = client.get(f"/o/{world.org.slug}/ledger/contributions").get_data(as_text=True)
    assert "払込額" in html
    assert "受信日時" not in html


def test_ledger_codes_read_as_words(client, world, login_as):
    """Account types and income categories in the reader's language, never `asset`."""
    login_as(world.user("accountant"))
    client.post("/locale/ko", data={"next": "/"})
    html = client.get(f"/o/{world.org.slug}/ledger/accounts").get_data(as_text=True)
    assert "<td>자산</td>" in html
    assert "<td>사업소득</td>" in html
    assert "<td>asset</td>" not in html
    assert "<td>business</td>" not in html
