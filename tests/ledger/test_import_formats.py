"""Yayoi, MoneyForward and freee import files read back by each package's column rules."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import services, statements
from llp_gov.ledger.formats.taxes import deductible_share
from llp_gov.ledger.models import Account
from tests.factories import CounterpartyFactory
from tests.ledger.conftest import D, post

LONG_A = "株式会社北九州テクノロジー"  # 13 characters: Yayoi would cut both to the same 12
LONG_B = "株式会社北九州テクノロジー研究所"


def export(world, fmt, **kw):
    kw.setdefault("date_from", D(2025, 4, 1))
    kw.setdefault("date_to", D(2032, 3, 31))
    return statements.export_ledger(
        actor=world.user("accountant"), organisation=world.org, fmt=fmt, **kw
    )


def read(world, fmt, encoding, **kw):
    name, mime, body = export(world, fmt, **kw)
    return name, mime, list(csv.reader(io.StringIO(b"".join(body).decode(encoding))))


def sjis_bytes(text):
    return len(text.encode("cp932"))


@pytest.fixture
def trading(books):
    """Two partners whose names share their first 12 characters, a commission invoice, and
    purchases from an unregistered and a registered supplier around the transitional dates."""
    books.partners[0].name = LONG_A
    books.partners[1].name = LONG_B
    acc = books.user("accountant")
    unregistered = CounterpartyFactory(organisation_id=books.org.id, name="個人外注 山田")
    registered = CounterpartyFactory(organisation_id=books.org.id, invoice_number="T1234567890123")
    post(books, D(2025, 6, 1), "受託収入 ソウル案件", ("135", 3_300_000, 0), ("410", 0, 3_300_000))
    for on in (D(2026, 9, 30), D(2026, 10, 1), D(2031, 10, 1)):
        services.post_entry(
            actor=acc,
            organisation=books.org,
            entry_date=on,
            description=f"外注費 {on}",
            counterparty_id=unregistered.id,
            lines=[
                {"account": "510", "debit": 110_000, "credit": 0},
                {"account": "112", "debit": 0, "credit": 110_000},
            ],
        )
    services.post_entry(
        actor=acc,
        organisation=books.org,
        entry_date=D(2026, 10, 1),
        description="外注費 登録事業者",
        counterparty_id=registered.id,
        lines=[
            {"account": "510", "debit": 220_000, "credit": 0},
            {"account": "112", "debit": 0, "credit": 220_000},
        ],
    )
    db.session.commit()
    return books


def test_the_deductible_share_steps_down_by_transaction_date():
    assert deductible_share(D(2023, 9, 30)) == 100
    assert deductible_share(D(2023, 10, 1)) == 80
    assert deductible_share(D(2026, 9, 30)) == 80
    assert deductible_share(D(2026, 10, 1)) == 70
    assert deductible_share(D(2028, 9, 30)) == 70
    assert deductible_share(D(2028, 10, 1)) == 50
    assert deductible_share(D(2030, 10, 1)) == 30
    assert deductible_share(D(2031, 9, 30)) == 30
    assert deductible_share(D(2031, 10, 1)) == 0


def test_yayoi_file_follows_yayoi_rules(trading):
    name, mime, rows = read(trading, "yayoi", "cp932")
    assert name == f"{trading.org.slug}-journal-yayoi-2025-04-01_2032-03-31.csv"
    assert "shift_jis" in mime
    assert rows and rows[0][0] != "識別フラグ"  # Yayoi reads no header row
    by_slip = {}
    for row in rows:
        assert len(row) == 25
        assert row[0] in ("2000", "2110", "2100", "2101")
        dt.datetime.strptime(row[3], "%Y/%m/%d")
        for col in (4, 5, 10, 11):  # 勘定科目, 補助科目: 24 bytes
            assert sjis_bytes(row[col]) <= 24, row
        assert sjis_bytes(row[16]) <= 64  # 摘要
        for col in (8, 14):
            assert row[col] == "" or (row[col].isdigit() and len(row[col]) <= 9)
        debit, credit = by_slip.setdefault(row[1], [0, 0]), None
        debit[0] += int(row[8] or 0)
        debit[1] += int(row[14] or 0)
        assert credit is None
    assert all(d == c for d, c in by_slip.values())
    # Each partner's capital is 出資金 with the partner as a distinct 補助科目.
    capital_subs = {r[11] for r in rows if r[10] == "出資金"}
    assert len(capital_subs) == 12
    assert not any(r[10].startswith("出資金 ") or r[4].startswith("出資金 ") for r in rows)
    subs_a = [s for s in capital_subs if "北九州" in s]
    assert len(subs_a) == 2 and subs_a[0] != subs_a[1]
    # Issue 12 item 5: one rule for every partner, short names too: "<account code> <name>",
    # cut to Yayoi's 24 bytes (Shift_JIS) for 補助科目.
    capital_accounts = {
        a.partner_id: a.code
        for a in db.session.scalars(select(Account).where(Account.partner_id.is_not(None)))
        if a.organisation_id == trading.org.id
    }
    for p in trading.partners:
        expected = f"{capital_accounts[p.id]} {p.name}".encode("cp932")[:24]
        sub = next(s for s in capital_subs if s.startswith(capital_accounts[p.id] + " "))
        assert expected.startswith(sub.encode("cp932")) and len(expected) - sjis_bytes(sub) <= 1
    # Tax categories from the account and, for purchases, the supplier and the date.
    revenue = next(r for r in rows if r[10] == "受託収入")
    assert revenue[13] == "課税売上内10%" and revenue[7] == "対象外"
    purchases = {r[3]: r[7] for r in rows if r[4] == "外注費" and "登録" not in r[16]}
    assert purchases == {
        "2026/09/30": "課対仕入込10%区分80%",
        "2026/10/01": "課対仕入込10%区分70%",
        "2031/10/01": "対象外",
    }
    registered = next(r for r in rows if r[16] == "外注費 登録事業者")
    assert registered[7] == "課対仕入内10%適格"


def test_yayoi_refuses_an_amount_over_nine_digits_naming_the_rows(trading):
    entry = post(
        trading, D(2025, 7, 1), "大型受託", ("135", 1_200_000_000, 0), ("410", 0, 1_200_000_000)
    )
    number = entry.number
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        export(trading, "yayoi")
    assert f"entry {number} line 1: ¥1,200,000,000" in exc.value.message
    assert f"entry {number} line 2" in exc.value.message and "9 digits" in exc.value.message
    # The other packages take the amount.
    rows = read(trading, "moneyforward", "utf-8-sig")[2]
    assert any(r[8] == "1200000000" for r in rows)


def test_shift_jis_maps_dashes_and_names_the_characters_it_cannot_encode(trading):
    post(trading, D(2025, 8, 1), "旅費—東京〜大阪 −5", ("520", 30_000, 0), ("112", 0, 30_000))
    db.session.commit()
    rows = read(trading, "yayoi", "cp932")[2]
    assert any(r[16] == "旅費―東京～大阪 －5" for r in rows)
    number = post(
        trading, D(2025, 9, 1), "서울 출장", ("520", 80_000, 0), ("112", 0, 80_000)
    ).number
    db.session.commit()
    with pytest.raises(ValidationError) as exc:
        export(trading, "yayoi")
    message = exc.value.message
    assert f"entry {number} line 1: 「서」 「울」 「출」 「장」" in message
    assert "Hangul" not in message and "—" not in message


def test_moneyforward_file_follows_the_import_columns(trading):
    name, _mime, rows = read(trading, "moneyforward", "utf-8-sig")
    assert name.endswith("-journal-moneyforward-2025-04-01_2032-03-31.csv")
    header, body = rows[0], rows[1:]
    assert header[:2] == ["取引No", "取引日"] and len(header) == 27
    assert header[8] == "借方金額(円)" and header[16] == "貸方金額(円)"
    totals = {}
    for row in body:
        assert len(row) == 27
        dt.datetime.strptime(row[1], "%Y/%m/%d")
        t = totals.setdefault(row[0], [0, 0])
        t[0] += int(row[8] or 0)
        t[1] += int(row[16] or 0)
    assert all(d == c for d, c in totals.values())
    capital = {(r[10], r[11]) for r in body if r[10] == "出資金"}
    assert {sub for _a, sub in capital} >= {LONG_A, LONG_B} and len(capital) == 12
    revenue = next(r for r in body if r[10] == "受託収入")
    assert revenue[14] == "課税売上 10%"
    unregistered = {r[1]: (r[6], r[7]) for r in body if r[5] == "個人外注 山田"}
    assert unregistered == {
        "2026/09/30": ("課税仕入 10%", "80%控除"),
        "2026/10/01": ("課税仕入 10%", "70%控除"),
        "2031/10/01": ("対象外", ""),
    }
    registered = next(r for r in body if r[18] == "外注費 登録事業者")
    assert registered[6:8] == ["課税仕入 10%", "適格"]


def test_freee_file_follows_the_import_columns(trading):
    name, _mime, rows = read(trading, "freee", "utf-8-sig")
    assert name.endswith("-journal-freee-2025-04-01_2032-03-31.csv")
    header, body = rows[0], rows[1:]
    assert header[:3] == ["日付", "伝票番号", "決算整理仕訳"] and len(header) == 22
    col = {h: i for i, h in enumerate(header)}
    totals = {}
    for row in body:
        assert len(row) == 22
        dt.datetime.strptime(row[col["日付"]], "%Y/%m/%d")
        t = totals.setdefault(row[col["伝票番号"]], [0, 0])
        t[0] += int(row[col["借方金額"]] or 0)
        t[1] += int(row[col["貸方金額"]] or 0)
    assert all(d == c for d, c in totals.values())
    parties = {r[col["貸方取引先"]] for r in body if r[col["貸方勘定科目"]] == "出資金"}
    assert {LONG_A, LONG_B} <= parties and len(parties) == 12
    revenue = next(r for r in body if r[col["貸方勘定科目"]] == "受託収入")
    assert revenue[col["貸方税区分"]] == "課税売上10%"
    purchases = {
        r[col["日付"]]: r[col["借方税区分"]]
        for r in body
        if r[col["借方取引先"]] == "個人外注 山田"
    }
    assert purchases == {
        "2026/09/30": "課対仕入(控80) 10%",
        "2026/10/01": "課対仕入(控70) 10%",
        "2031/10/01": "対象外",
    }


@pytest.mark.parametrize(
    ("fmt", "encoding", "column"),
    [("yayoi", "cp932", 16), ("moneyforward", "utf-8-sig", 18), ("freee", "utf-8-sig", 21)],
)
def test_import_files_neutralise_formula_text(trading, fmt, encoding, column):
    post(trading, D(2025, 8, 2), '=HYPERLINK("http://x","y")', ("520", 1_000, 0), ("112", 0, 1_000))
    trading.partners[2].name = "@SUM(A1)"
    db.session.commit()
    rows = read(trading, fmt, encoding)[2]
    assert any(r[column] == '\'=HYPERLINK("http://x","y")' for r in rows)
    flat = [cell for r in rows for cell in r]
    assert "@SUM(A1)" not in flat and not any(c.startswith(("=", "@")) for c in flat)


def test_plain_shift_jis_csv_is_not_a_yayoi_file_and_the_register_is_named_cumulative(trading):
    name, _mime, rows = read(trading, "csv-sjis", "cp932")
    # A Shift_JIS file is for Japanese software: Japanese headers and names whoever exports it
    # (ledger new-user trial: one language per file); still a plain CSV, not Yayoi's layout.
    assert rows[0][0] == "仕訳番号" and name.endswith("-sjis.csv")
    name, _mime, _body = export(trading, "csv", report="contributions", fiscal_year=2026)
    assert "-contributions-register-as-of-" in name and "2026-04-01" not in name
    with pytest.raises(ValidationError):
        export(trading, "yayoi", report="contributions")
