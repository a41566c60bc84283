"""Recall and precision in Japanese, Korean and English; filters; permissions."""

import datetime as dt

import pytest

from llp_gov.documents import search_service as services
from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search.query import Filters

DOCS = [
    (
        "組合契約書",
        "contract",
        "本契約は有限責任事業組合契約に関する法律に基づき、甲と乙は次のとおり合意する。",
        dt.date(2025, 4, 1),
        1_000_000,
    ),
    (
        "서울 용역 계약",
        "contract",
        "갑과 을은 다음과 같이 계약서를 작성한다. 서울특별시 소재 조합원.",
        dt.date(2025, 5, 10),
        5_500_000,
    ),
    (
        "Service invoices",
        "invoice",
        "These invoices cover consulting services delivered to KLIC in May.",
        dt.date(2025, 6, 30),
        220_000,
    ),
    (
        "議事録",
        "minutes",
        "理事長が議長となり、ＫＬＩＣの事業計画を承認した。ｿｳﾙ支店の設置も報告。",
        dt.date(2025, 3, 15),
        None,
    ),
]


@pytest.fixture
def corpus(app, world):
    ids = []
    for title, doc_type, body, date, amount in DOCS:
        doc = documents.create_document(
            actor=world.user("chairman"),
            organisation=world.org,
            title=title,
            doc_type=doc_type,
            data=body.encode(),
            filename=f"{title}.txt",
            transaction_date=date,
            amount=amount,
            counterparty_name="株式会社ソウル商事" if doc_type in ("contract", "invoice") else None,
        )
        ids.append(doc.id)
    db.session.commit()  # the after-commit hook drains the outbox into the index
    return ids


def find(world, q="", role="member", org=None, **kw):
    results, rows = services.search_documents(
        actor=world.user(role) if isinstance(role, str) else role,
        organisation=org or world.org,
        filters=Filters(q=q, **kw),
    )
    return results.total, [r.document.title for r in rows]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("事業組合", "組合契約書"),  # inside 有限責任事業組合
        ("契約", "組合契約書"),  # 2 characters
        ("甲", "組合契約書"),  # 1 character
        ("乙", "組合契約書"),
        ("KLIC", "議事録"),  # full-width ＫＬＩＣ in the document
        ("ソウル", "議事録"),  # half-width ｿｳﾙ in the document
        ("ｿｳﾙ", "議事録"),
        ("계약서", "서울 용역 계약"),  # 계약서를 in the document
        ("갑", "서울 용역 계약"),
        ("을", "서울 용역 계약"),
        ("invoice", "Service invoices"),  # invoices in the document
        ("consult", "Service invoices"),
    ],
)
def test_recall(corpus, world, q, expected):
    total, titles = find(world, q)
    assert expected in titles, (q, titles)


@pytest.mark.parametrize(
    "q", ["組合意", "組合事業", "合意する契約", "계약서를을", "invoice receipts", "理事会"]
)
def test_precision_a_phrase_in_no_document_finds_nothing(corpus, world, q):
    # 組合意: both 組合 and 合意 are in the first document, but not the word 組合意.
    assert find(world, q) == (0, [])


def test_japanese_word_does_not_find_korean_or_english(corpus, world):
    total, titles = find(world, "事業組合")
    assert titles == ["組合契約書"] and total == 1


def test_filters_without_words_combine(corpus, world):
    total, titles = find(world, date_from=dt.date(2025, 4, 1), date_to=dt.date(2025, 5, 31))
    assert sorted(titles) == sorted(["組合契約書", "서울 용역 계약"])
    total, titles = find(world, amount_min=200_000, amount_max=1_000_000)
    assert sorted(titles) == sorted(["組合契約書", "Service invoices"])
    total, titles = find(world, doc_type="contract", amount_min=2_000_000)
    assert titles == ["서울 용역 계약"]
    cp = documents.get_document(
        actor=world.user("member"), organisation=world.org, document_id=corpus[0]
    ).counterparty_id
    total, titles = find(world, counterparty_id=cp, date_from=dt.date(2025, 6, 1))
    assert titles == ["Service invoices"]


def test_sort_by_amount_and_date(corpus, world):
    results, rows = services.search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(), sort="amount"
    )
    assert [r.document.title for r in rows][:3] == [
        "서울 용역 계약",
        "組合契約書",
        "Service invoices",
    ]
    results, rows = services.search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(), sort="date"
    )
    assert [r.document.title for r in rows][0] == "Service invoices"


def test_pagination(corpus, world):
    results, rows = services.search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(), per_page=3, page=2
    )
    assert results.total == 4 and results.pages == 2 and len(rows) == 1


def test_snippet_highlights_the_word(corpus, world):
    results, rows = services.search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q="事業組合")
    )
    assert "<mark>事業組合</mark>" in str(rows[0].snippet)


def test_other_organisation_and_restricted_documents_never_appear(corpus, world):
    secret = documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title="秘密の契約",
        doc_type="other",
        data="有限責任事業組合の秘密".encode(),
        filename="s.txt",
        restricted_partner_ids=[world.partners[1].id],
    )
    db.session.commit()
    # The member is partners[1]'s staff; the accountant and rep04 are not.
    assert "秘密の契約" in find(world, "事業組合", role="member")[1]
    assert "秘密の契約" in find(world, "事業組合", role="chairman")[1]
    for role in ("accountant", "observer", "rep04"):
        total, titles = find(world, "事業組合", role=role)
        assert titles == ["組合契約書"] and total == 1
        assert find(world, role=role)[0] == 4  # not even in counts
    outsider = world.other_users["chairman"]
    assert find(world, "事業組合", role=outsider, org=world.other_org) == (0, [])
    assert secret.id


def test_withdrawn_documents_stay_searchable(corpus, world):
    doc = documents.get_document(
        actor=world.user("chairman"), organisation=world.org, document_id=corpus[0]
    )
    documents.withdraw_document(
        actor=world.user("chairman"), organisation=world.org, document=doc, reason="重複"
    )
    db.session.commit()
    assert "組合契約書" in find(world, "事業組合")[1]


def test_new_version_text_is_searchable(corpus, world):
    doc = documents.get_document(
        actor=world.user("chairman"), organisation=world.org, document_id=corpus[2]
    )
    documents.add_version(
        actor=world.user("member"),
        organisation=world.org,
        document=doc,
        data=b"Amended: quarterly retainer",
        filename="v2.txt",
    )
    db.session.commit()
    assert find(world, "retainer")[1] == ["Service invoices"]
    assert find(world, "invoices")[1] == ["Service invoices"]  # earlier versions stay searchable


def test_csv_export_has_bom_and_the_result_set(corpus, world):
    body = services.export_csv(
        actor=world.user("member"), organisation=world.org, filters=Filters(q="契約")
    )
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "組合契約書" in text and "Service invoices" not in text


@pytest.mark.parametrize(
    "q, found",
    [
        ("Consultin", True),  # a prefix of "consulting" that is not its stem ("consult")
        ("deliver", True),  # stem "deliv", and the typed word starts "delivered"
        ("INVOICES cov", True),  # the last word as a prefix, the others whole
        ("Servi", True),  # in the title
        ("Con", True),  # three letters are enough
        ("Co", False),  # two are not: whole words only
        ("onsulting", False),  # a prefix, not a part from the middle
        ("consultin invoices", False),  # only the last word is a prefix
    ],
)
def test_the_last_latin_word_matches_as_a_prefix_as_users_type(corpus, world, q, found):
    total, titles = find(world, q)
    assert (titles == ["Service invoices"]) is found, (q, titles)


def test_a_prefix_is_marked_in_the_snippet(corpus, world):
    _results, rows = services.search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q="Consultin")
    )
    assert "<mark>consulting</mark>" in str(rows[0].snippet)


def test_whole_words_rank_before_words_found_by_their_prefix(app, world):
    for title, body in (("前方一致", "an agreementary note"), ("完全一致", "the agreement itself")):
        documents.create_document(
            actor=world.user("chairman"),
            organisation=world.org,
            title=title,
            doc_type="other",
            data=body.encode(),
            filename="a.txt",
        )
        db.session.commit()
    # The whole word typed: the document with that word first, then the longer word's.
    assert find(world, "agreement") == (2, ["完全一致", "前方一致"])
    total, titles = find(world, "Agreemen")
    assert total == 2 and sorted(titles) == ["前方一致", "完全一致"]


def test_amount_and_date_ranges_agree_with_the_database_across_segments(app, world):
    # Each commit drains into its own segment: the ranges are answered per segment and joined.
    rows = []
    for i in range(9):
        amount = None if i == 4 else [0, 1, 999, 1000, 1000, 5_000_000, 12, 7, 10**12][i]
        date = None if i == 6 else dt.date(2024, 1, 1) + dt.timedelta(days=40 * i)
        documents.create_document(
            actor=world.user("chairman"),
            organisation=world.org,
            title=f"範囲{i}",
            doc_type="other",
            data=f"範囲の試験 {i}".encode(),
            filename="a.txt",
            amount=amount,
            transaction_date=date,
        )
        db.session.commit()
        rows.append((f"範囲{i}", amount, date))
    bounds = [None, 0, 1, 12, 999, 1000, 1001, 5_000_000, 10**12]
    days = [
        None,
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 10),
        dt.date(2024, 6, 1),
        dt.date(2025, 1, 1),
    ]
    for low in bounds:
        for high in bounds:
            if low is not None and high is not None and low > high:
                continue
            expected = sorted(
                t
                for t, a, _d in rows
                if (low is None and high is None)
                or (a is not None and (low is None or a >= low) and (high is None or a <= high))
            )
            total, titles = find(world, "範囲", amount_min=low, amount_max=high)
            assert sorted(titles) == expected, (low, high)
    for start in days:
        for end in days:
            if start is not None and end is not None and start > end:
                continue
            expected = sorted(
                t
                for t, _a, d in rows
                if (start is None and end is None)
                or (d is not None and (start is None or d >= start) and (end is None or d <= end))
            )
            total, titles = find(world, "範囲", date_from=start, date_to=end)
            assert sorted(titles) == expected, (start, end)
