"""Findings of the new-user trial of the ledger (issue 14): what a new accountant met."""

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.ledger import books as ledger_books
from llp_gov.ledger.models import JournalEntry
from llp_gov.orgs.services import today_in
from tests.ledger.conftest import post

D = dt.date


def _current_year(world):
    today = today_in(world.org)
    return ledger_books.fiscal_year_of(world.org, today), today


def test_a_year_that_has_not_ended_offers_no_close_button_and_says_from_when(books, login_as):
    year, today = _current_year(books)
    post(books, today, "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    client = login_as(books.user("accountant"))
    html = client.get(f"/o/{books.org.slug}/ledger/").get_data(as_text=True)
    assert f'data-close-year="{year}"' not in html
    _starts, ends_on = ledger_books.fiscal_year_bounds(books.org, year)
    opens = ends_on + dt.timedelta(days=1)
    assert f'data-closable-from="{year}"' in html
    assert f"Can be closed from {opens.strftime('%b')}" in html
    # The ended year FY2025 keeps its button (a GET to the preview).
    assert 'data-close-year="2025"' in html


def test_the_close_page_of_a_year_not_ended_explains_the_409(books, login_as):
    year, _today = _current_year(books)
    client = login_as(books.user("accountant"))
    for response in (
        client.get(f"/o/{books.org.slug}/ledger/fiscal-years/{year}/close"),
        client.post(f"/o/{books.org.slug}/ledger/fiscal-years/{year}/close", data={"confirm": "1"}),
    ):
        html = response.get_data(as_text=True)
        assert response.status_code == 409
        heading = re.search(r"<h1>([^<]*)</h1>", html).group(1)
        assert heading == f"Close fiscal year {year}"  # not a bare "409"
        assert "has not ended yet" in html and 'data-not-closable="' in html


def test_the_button_that_closes_the_year_asks_and_the_overview_only_opens_the_preview(
    books, login_as
):
    client = login_as(books.user("accountant"))
    html = client.get(f"/o/{books.org.slug}/ledger/").get_data(as_text=True)
    link = re.search(r"<a [^>]*data-close-year=\"2025\"[^>]*>", html).group(0)
    assert 'href="/o/' in link and "data-confirm" not in link  # a link to the preview
    page = client.get(f"/o/{books.org.slug}/ledger/fiscal-years/2025/close").get_data(as_text=True)
    button = re.search(r"<button[^>]*data-confirm-close=\"2025\"[^>]*>", page).group(0)
    assert re.search(r"data-confirm(?![-\w])", button)


def test_posting_a_reversal_asks_first(books, login_as):
    entry = post(books, D(2025, 6, 1), "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    client = login_as(books.user("accountant"))
    html = client.get(f"/o/{books.org.slug}/ledger/journal/{entry.id}").get_data(as_text=True)
    form = re.search(r'<form method="post"[^>]*/reverse"[^>]*>', html).group(0)
    assert re.search(r"data-confirm(?![-\w])", form)


def _current(html: str) -> list[str]:
    return re.findall(r'<a class="button" href="([^"]+)" aria-current="page">', html)


def test_detail_pages_lead_back_to_their_list_with_the_sub_menu_item_marked(books, login_as):
    entry = post(books, D(2025, 6, 1), "Commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    client = login_as(books.user("accountant"))
    slug = books.org.slug
    html = client.get(f"/o/{slug}/ledger/journal/{entry.id}").get_data(as_text=True)
    assert re.search(rf'<a href="/o/{slug}/ledger/journal" id="back-link">‹ Journal</a>', html)
    assert _current(html) == [f"/o/{slug}/ledger/journal"]
    contributions = client.get(f"/o/{slug}/ledger/contributions").get_data(as_text=True)
    path = re.search(rf'href="(/o/{slug}/ledger/contributions/\d+)"', contributions).group(1)
    html = client.get(path).get_data(as_text=True)
    assert re.search(rf'<a href="/o/{slug}/ledger/contributions" id="back-link">', html)
    assert _current(html) == [f"/o/{slug}/ledger/contributions"]
    # The amounts are right-aligned by the ledger's style sheet (dd.num in dl.figures).
    assert '<dl class="figures">' in html and '<dd class="num">' in html
    css = (Path(__file__).parents[2] / "llp_gov/static/ledger/ledger.css").read_text("utf-8")
    assert re.search(r"dl\.figures dd\.num \{[^}]*text-align:right", css)


def _pledge_all_but_last(world):
    from llp_gov.ledger import services as ledger  # noqa: PLC0415 (as the books fixture)

    for p in world.partners[:-1]:
        ledger.record_contribution(
            actor=world.user("accountant"),
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=1_000_000,
            received_amount=1_000_000,
            received_on=D(2025, 4, 1),
        )
    db.session.commit()


def _offered(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="partner_id".*?</select>', html, re.S).group(0)
    return re.findall(r'<option[^>]*value="(\d+)"', select)


def test_the_contribution_form_offers_only_partners_it_can_accept(world, login_as):
    assert world.org.effective_date is not None and world.org.effective_date <= today_in(world.org)
    _pledge_all_but_last(world)
    client = login_as(world.user("accountant"))
    html = client.get(f"/o/{world.org.slug}/ledger/contributions").get_data(as_text=True)
    assert _offered(html) == [str(world.partners[-1].id)]  # the one without a pledge yet
    assert "data-no-pledge" not in html


def test_with_every_pledge_in_the_agreement_the_page_says_why_instead_of_a_form(books, login_as):
    client = login_as(books.user("accountant"))
    html = client.get(f"/o/{books.org.slug}/ledger/contributions").get_data(as_text=True)
    assert 'id="contribution-form"' not in html
    assert "data-no-pledge" in html and "LLP Act 4(3)" in html
    # The register's partner names lead to their contribution's page.
    register = html.split("<table>")[1]
    first = books.partners[0].display_name("en")
    link = re.search(
        rf'<a href="(/o/{books.org.slug}/ledger/contributions/\d+)">{first}</a>', register
    )
    assert link and client.get(link.group(1)).status_code == 200


def test_a_reversal_posted_by_an_english_speaking_accountant_reads_in_japanese(books, login_as):
    entry = post(books, D(2025, 6, 1), "受託収入", ("112", 500_000, 0), ("410", 0, 500_000))
    accountant = books.user("accountant")
    assert accountant.locale in (None, "en")  # the test users read English
    db.session.commit()
    client = login_as(accountant)
    response = client.post(
        f"/o/{books.org.slug}/ledger/journal/{entry.id}/reverse",
        data={"on": "2025-06-02", "reason": ""},
    )
    assert response.status_code == 302
    reversal = db.session.scalars(
        select(JournalEntry).where(JournalEntry.reverses_id == entry.id)
    ).one()
    # The books are one record in the organisation's language (ja), whoever posts.
    assert reversal.description == f"仕訳{entry.number}の取消"


def test_the_year_closing_and_a_contribution_are_described_in_japanese(books):
    from llp_gov.ledger import closing  # noqa: PLC0415 (services for this test only)
    from llp_gov.ledger.models import Contribution  # noqa: PLC0415 (as above)

    post(books, D(2025, 6, 1), "受託収入", ("112", 500_000, 0), ("410", 0, 500_000))
    closing.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    texts = db.session.scalars(select(JournalEntry.description)).all()
    assert "2025年度 組合員への損益配分" in texts
    name = db.session.scalars(select(Contribution)).first().partner.name
    assert f"{name}からの出資" in texts  # no space before the particle


def test_the_overview_chart_without_data_says_so_instead_of_a_one_yen_axis(world, login_as):
    member = world.user("member")
    member.locale = "ko"
    db.session.commit()
    html = login_as(member).get(f"/o/{world.org.slug}/ledger/").get_data(as_text=True)
    assert 'data-chart-empty="balances"' in html
    assert 'data-axis="y"' not in html and "¥1<" not in html and "￥1<" not in html


def _closed(books):
    from llp_gov.ledger import services  # noqa: PLC0415 (as the books fixture)

    post(books, D(2025, 6, 1), "受託収入", ("135", 3_300_000, 0), ("410", 0, 3_300_000))
    post(books, D(2025, 7, 1), "外注費", ("510", 1_100_000, 0), ("112", 0, 1_100_000))
    services.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    db.session.commit()


def _cells(row: str) -> list[str]:
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_financial_statements_page_totals_per_partner_words_and_scrolling_box(books, login_as):
    _closed(books)
    client = login_as(books.user("member"))
    html = client.get(f"/o/{books.org.slug}/ledger/fiscal-years/2025/financial-statements")
    html = html.get_data(as_text=True)
    assert "Total current assets" in html and "Total Current assets" not in html
    assert "Total revenue" in html and "Total Revenue" not in html
    assert 'class="table-scroll statements-scroll"' in html and "ledger/ledger.css" in html
    # Total assets and total liabilities and net assets carry each partner's figure too.
    for total in ("assets", "liabilities-and-net-assets"):
        row = re.search(rf'data-total="{total}">(.*?)</tr>', html).group(1)
        cells = _cells(row)
        assert len(cells) == 1 + len(books.partners) and all(cells), total
        amounts = [int(c.replace(",", "")) for c in cells]
        assert sum(amounts[1:]) == amounts[0], total


def test_partner_names_in_the_statements_follow_the_readers_language(books, login_as):
    partner = books.partners[0]
    partner.name_ko = "테스트 주식회사"  # the register's Korean name
    _closed(books)
    reader = books.user("member")
    reader.locale = "ko"
    db.session.commit()
    client = login_as(reader)
    for url in (
        f"/o/{books.org.slug}/ledger/fiscal-years/2025/financial-statements",
        f"/o/{books.org.slug}/ledger/reports/balance-sheet?to=2025-12-31",
    ):
        html = client.get(url).get_data(as_text=True)
        assert f"{partner.display_name('ko')} 출자금" in html, url
        assert f"{partner.name} 출자금" not in html, url


def _export(world, **kw):
    from llp_gov.ledger import statements  # noqa: PLC0415 (the export service, this test only)

    _name, _mime, body = statements.export_ledger(
        actor=world.user("accountant"), organisation=world.org, **kw
    )
    return b"".join(body)


def test_the_shift_jis_contributions_file_is_japanese_rows_and_headers(books):
    import csv  # noqa: PLC0415 (reading the file back)
    import io  # noqa: PLC0415 (as above)

    # An English reader's export (the autouse fixture reads English).
    raw = _export(books, fmt="csv-sjis", report="contributions", locale="en")
    rows = list(csv.reader(io.StringIO(raw.decode("cp932"))))
    assert rows[0][1] == "出資の種類" or not rows[0][1].isascii()  # Japanese headers
    assert {r[1] for r in rows[1:-1]} == {"金銭"}  # was "Money"


def test_journal_files_name_accounts_in_the_language_of_their_headers(books):
    import csv  # noqa: PLC0415 (reading the file back)
    import io  # noqa: PLC0415 (as above)

    from openpyxl import load_workbook  # noqa: PLC0415 (as above)

    post(books, D(2025, 6, 1), "June commission", ("112", 500_000, 0), ("410", 0, 500_000))
    db.session.commit()
    raw = _export(books, fmt="csv", fiscal_year=2025, locale="en")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][7].isascii()  # English headers ...
    names = {r[7] for r in rows[1:-1]}
    assert "Commission revenue" in names and "受託収入" not in names  # ... English names
    book = load_workbook(io.BytesIO(_export(books, fmt="xlsx", fiscal_year=2025, locale="en")))
    cells = {c for row in book.active.iter_rows(values_only=True) for c in row}
    assert "Commission revenue" in cells and "受託収入" not in cells
    # The Shift_JIS file stays Japanese throughout, whoever exports it.
    sjis = list(
        csv.reader(
            io.StringIO(
                _export(books, fmt="csv-sjis", fiscal_year=2025, locale="en").decode("cp932")
            )
        )
    )
    assert "受託収入" in {r[7] for r in sjis[1:-1]} and not sjis[0][7].isascii()


def test_a_partner_with_a_pledge_still_outstanding_is_offered_for_a_receipt(world, login_as):
    from llp_gov.ledger import services as ledger  # noqa: PLC0415 (as the books fixture)

    _pledge_all_but_last(world)
    ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[-1],
        kind="money",
        agreed_amount=1_000_000,
        received_amount=0,
    )
    db.session.commit()
    html = login_as(world.user("accountant")).get(f"/o/{world.org.slug}/ledger/contributions")
    assert _offered(html.get_data(as_text=True)) == [str(world.partners[-1].id)]
