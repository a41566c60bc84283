"""Ledger pages: the overview with its SVG charts, forms for entries and contributions, closing."""

import re

from llp_gov.extensions import db
from llp_gov.ledger import services
from llp_gov.ledger.models import JournalEntry
from tests.ledger.conftest import D, post


def test_overview_shows_capital_chart_without_inline_style(books, login_as):
    post(books, D(2025, 6, 1), "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    client = login_as(books.user("member"))
    resp = client.get(f"/o/{books.org.slug}/ledger/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert html.count("<svg") == 2 and "<polyline" in html
    assert books.partners[0].display_name("en") in html  # the reader's language
    assert not re.search(r"\sstyle=", html) and "<script>" not in html
    assert "Close fiscal year" not in html  # a member cannot close


def test_accountant_posts_an_entry_and_a_contribution_through_the_forms(world, login_as):
    client = login_as(world.user("accountant"))
    slug = world.org.slug
    resp = client.post(
        f"/o/{slug}/ledger/contributions",
        data={
            "partner_id": world.partners[0].id,
            "kind": "money",
            "agreed_amount": "1000000",
            "received_amount": "1000000",
            "received_on": "2025-04-01",
            "valuation_basis": "",
        },
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    assert services.is_fully_paid(world.org, world.partners[0])
    form = {
        "entry_date": "2025-06-01",
        "description": "受託収入",
        "lines-0-account": "112",
        "lines-0-debit": "110000",
        "lines-1-account": "410",
        "lines-1-credit": "110000",
    }
    resp = client.post(f"/o/{slug}/ledger/journal/new", data=form)
    assert resp.status_code == 302
    unbalanced = dict(form, **{"lines-1-credit": "100000"})
    resp = client.post(f"/o/{slug}/ledger/journal/new", data=unbalanced)
    assert resp.status_code == 200 and "do not balance" in resp.get_data(as_text=True)
    assert db.session.query(JournalEntry).count() == 2
    resp = client.post(f"/o/{slug}/ledger/fiscal-years/2025/close")
    assert resp.status_code == 200  # the confirmation: what will be allocated
    resp = client.post(f"/o/{slug}/ledger/fiscal-years/2025/close", data={"confirm": "1"})
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "110,000" in page or "110000" in page
    statement = client.get(
        f"/o/{slug}/ledger/fiscal-years/2025/statements/{world.partners[0].id}.csv"
    )
    assert statement.status_code == 200 and statement.data.startswith(b"\xef\xbb\xbf")


def test_member_cannot_post_and_outsider_gets_404(books, login_as, client):
    member = login_as(books.user("member"))
    assert member.post(f"/o/{books.org.slug}/ledger/journal/new", data={}).status_code == 403
    assert member.post(f"/o/{books.org.slug}/ledger/contributions", data={}).status_code == 403
    client.post("/logout")
    outsider = login_as(books.other_users["chairman"])
    assert outsider.get(f"/o/{books.org.slug}/ledger/").status_code == 404


def test_shift_jis_error_shows_as_a_page(books, login_as):
    post(books, D(2025, 9, 1), "서울 출장", ("520", 80_000, 0), ("112", 0, 80_000))
    db.session.commit()
    client = login_as(books.user("accountant"))
    resp = client.get(f"/o/{books.org.slug}/ledger/export?format=csv-sjis&fiscal_year=2025")
    assert resp.status_code == 422 and "Shift_JIS" in resp.get_data(as_text=True)


def test_a_posted_entry_has_no_edit_or_delete(books, login_as):
    entry = post(books, D(2025, 6, 1), "Commission", ("112", 500, 0), ("410", 0, 500))
    db.session.commit()
    client = login_as(books.user("accountant"))
    url = f"/o/{books.org.slug}/ledger/journal/{entry.id}"
    assert client.get(url).status_code == 200
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert client.post(url).status_code == 405
    assert client.get(url + "/edit").status_code == 404


def test_dashboard_panel_shows_net_assets_and_unpaid_partners(world, login_as):
    services.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[0],
        kind="money",
        agreed_amount=1_000_000,
        received_amount=1_000_000,
        received_on=D(2025, 4, 1),
    )
    db.session.commit()
    html = login_as(world.user("member")).get(f"/o/{world.org.slug}/").get_data(as_text=True)
    assert 'id="ledger-panel"' in html and "1,000,000" in html
    assert (
        world.partners[1].name in html
        and world.partners[0].name not in html.split("ledger-panel")[1].split("</section>")[0]
    )


def _export_year(html: str) -> str:
    return re.search(r'name="fiscal_year" value="([^"]*)"', html).group(1)


def test_the_export_form_offers_the_latest_year_with_entries(books, login_as):
    client = login_as(books.user("accountant"))
    html = client.get(f"/o/{books.org.slug}/ledger/").get_data(as_text=True)
    # Today falls in a later, empty fiscal year: the form offers FY2025, which has the rows.
    assert services.fiscal_year_of(books.org, D.today()) > 2025
    assert _export_year(html) == "2025" and "no entries yet" not in html


def test_the_export_form_says_when_the_journal_is_empty(world, login_as):
    client = login_as(world.user("accountant"))
    html = client.get(f"/o/{world.org.slug}/ledger/").get_data(as_text=True)
    assert _export_year(html) == "" and "The journal has no entries yet" in html


def test_the_balance_sheet_page_has_sections_subtotals_and_totals(books, login_as):
    post(books, D(2025, 6, 1), "受託収入", ("135", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    client = login_as(books.user("member"))
    url = f"/o/{books.org.slug}/ledger/reports/balance-sheet?to=2025-06-30"
    html = client.get(url).get_data(as_text=True)
    for marker in (
        'data-subtotal="current_assets"',
        'data-subtotal="fixed_assets"',
        'data-subtotal="liabilities"',
        'data-subtotal="net_assets"',
        'data-total="assets"',
        'data-total="liabilities-and-net-assets"',
    ):
        assert marker in html, marker
    # Assets: 12,000,000 cash + 500,000 receivable, equal to liabilities and net assets.
    total = re.search(r'data-total="assets"><th>[^<]*</th><td class="num">([\d,]+)<', html)
    assert total and total.group(1) == "12,500,000"
    column = f'<th class="num">{books.partners[0].display_name("en")}</th>'  # the reader's language
    assert column not in html  # no per-partner columns unless asked
    assert column in client.get(url + "&by_partner=1").get_data(as_text=True)


def test_the_charts_have_labelled_axes_with_units(books, login_as):
    post(books, D(2025, 6, 1), "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    html = login_as(books.user("member")).get(f"/o/{books.org.slug}/ledger/").get_data(as_text=True)
    assert html.count('data-axis="x"') == 2 and html.count('data-axis="y"') == 1
    assert "Capital (yen)" in html and "Month end" in html and ">Yen<" in html
    assert "¥1,000,000" in html  # a tick of the capital bars (each partner ¥1,000,000)
    # Month ticks on the time axis in the reader's locale (issue 14: not 2025-06).
    assert re.search(r">[A-Z][a-z]{2} 20\d\d</text>", html)
    assert not re.search(r">20\d\d-\d\d</text>", html)


def _overview(books, login_as, locale):
    post(books, D(2025, 6, 1), "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    member = books.user("member")
    member.locale = locale
    db.session.commit()
    return login_as(member).get(f"/o/{books.org.slug}/ledger/").get_data(as_text=True)


def test_the_time_axis_writes_months_in_japanese_and_korean(books, login_as):
    assert re.search(r">20\d\d年\d{1,2}月</text>", _overview(books, login_as, "ja"))
    assert re.search(r">20\d\d년 \d{1,2}월</text>", _overview(books, login_as, "ko"))


def test_long_partner_names_are_cut_with_an_ellipsis_in_every_script(books, login_as):
    partner = books.partners[0]
    partner.name_en = "Kitakyushu Advanced Semiconductor Engineering Holdings Co., Ltd."
    partner.name = "北九州先端半導体エンジニアリングホールディングス株式会社"
    db.session.commit()
    for locale, full in (("en", partner.name_en), ("ja", partner.name)):
        html = _overview(books, login_as, locale)
        label = re.search(
            r'<text class="label" x="0" y="15"><title>([^<]*)</title>([^<]*)</text>', html
        )
        assert label is not None, locale
        assert label.group(1) == full  # the whole name on hover
        assert label.group(2).endswith("…") and full.startswith(label.group(2)[:-1])
    # A name that fits is shown whole, without an ellipsis.
    html = _overview(books, login_as, "en")
    short = books.partners[1].display_name("en")
    assert f'y="39">{short}</text>' in html


def test_chart_labels_fit_their_room():
    from llp_gov.ledger.charts import LABEL_ROOM, cut

    assert cut("Short name Ltd.") == "Short name Ltd."
    latin = cut("x" * 40)
    assert latin == "x" * (LABEL_ROOM - 1) + "…"
    cjk = cut("半" * 20)
    assert cjk == "半" * ((LABEL_ROOM - 1) // 2) + "…"
