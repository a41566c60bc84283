"""The fast paths keep the behaviour: indexing terms, verified totals, pages, pooled searchers."""

import threading

import pytest

from llp_gov.documents import search_service as services
from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search import highlight, query
from llp_gov.search.analysis import analyzer, index_terms
from llp_gov.search.query import Filters


@pytest.mark.parametrize(
    "text",
    [
        "本契約は有限責任事業組合契約に関する法律に基づき、甲と乙は次のとおり合意する。",
        "갑과 을은 다음과 같이 계약서를 작성한다. ＫＬＩＣ ｿｳﾙ支店 Invoices_2025 consulting 12,000円",
        "甲\n乙 x 々〆",
    ],
)
def test_index_terms_are_the_analyzers_terms(text):
    # GramText.index() counts terms without the Token pipeline: it must index exactly what the
    # analyzer (used for queries and by Whoosh's own tools) yields.
    tokens = [t.text for t in analyzer()(text)]
    assert index_terms(text) == {t: tokens.count(t) for t in set(tokens)}


def upload(world, title, body):
    doc = documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=body.encode(),
        filename="a.txt",
    )
    return doc


@pytest.fixture
def many(app, world):
    # Six documents with the word 事業組合; two with its bigrams apart (事業 ... 業組 ... 組合).
    for i in range(6):
        upload(world, f"組合{i}", f"有限責任事業組合の契約 第{i}号")
    for i in range(2):
        upload(world, f"ばらばら{i}", "事業の計画。業組の字。組合の規約。")
    db.session.commit()


def search(world, q, page=1, per_page=20):
    return services.search_documents(
        actor=world.user("member"),
        organisation=world.org,
        filters=Filters(q=q),
        page=page,
        per_page=per_page,
    )


def test_verified_total_is_exact_when_every_candidate_is_checked(many, world):
    results, rows = search(world, "事業組合")
    assert results.total == 6 and not results.estimated
    assert sorted(r.document.title for r in rows) == [f"組合{i}" for i in range(6)]


def test_beyond_the_verified_share_the_total_is_an_estimate_and_pages_hold_only_verified(
    many, world, monkeypatch
):
    monkeypatch.setattr(query, "VERIFY_EXACT", 2)
    monkeypatch.setattr(query, "VERIFY_SAMPLE", 2)
    results, rows = search(world, "事業組合", per_page=2)
    assert results.estimated and 4 <= results.total <= 8
    assert len(rows) == 2 and all(r.document.title.startswith("組合") for r in rows)
    results, rows = search(world, "事業組合", page=3, per_page=2)
    assert len(rows) == 2 and all(r.document.title.startswith("組合") for r in rows)


def test_a_word_whose_bigrams_are_all_present_but_apart_finds_nothing(many, world, monkeypatch):
    # 組の, の計 and 計画 are all in the two scattered documents, the word 組の計画 in none.
    calls = []
    real = services.verify_words
    monkeypatch.setattr(
        services, "verify_words", lambda ids, words: calls.append(ids) or real(ids, words)
    )
    monkeypatch.setattr(query, "VERIFY_EXACT", 1)
    results, rows = search(world, "組の計画")
    assert (results.total, rows, results.estimated) == (0, [], False)
    assert sorted(len(c) for c in calls) == [2]  # both candidates were checked


def test_pages_without_words_follow_the_newest_first(many, world):
    first, rows1 = search(world, "", per_page=5)
    second, rows2 = search(world, "", page=2, per_page=5)
    assert first.total == second.total == 8
    ids = [r.document.id for r in rows1 + rows2]
    assert len(set(ids)) == 8


def test_concurrent_searches_share_pooled_searchers(many, app, world):
    user_id, org_id = world.user("member").id, world.org.id
    errors, totals = [], []

    def run():
        from llp_gov.auth.models import User
        from llp_gov.orgs.models import Organisation

        try:
            with app.app_context():
                actor, org = db.session.get(User, user_id), db.session.get(Organisation, org_id)
                for q in ("事業組合", "契約", "組合", "規約") * 3:
                    results, _rows = services.search_documents(
                        actor=actor, organisation=org, filters=Filters(q=q)
                    )
                    totals.append((q, results.total))
                db.session.remove()
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert dict(totals) == {"事業組合": 6, "契約": 6, "組合": 8, "規約": 2}


def test_api_says_whether_the_total_is_exact(many, client, world, token_for):
    headers = token_for(world.user("member"))
    body = client.get(f"/api/v1/orgs/{world.org.slug}/search?q=事業組合", headers=headers).json
    assert (body["total"], body["estimated"], len(body["results"])) == (6, False, 6)


def test_reindex_written_in_several_segments_ends_optimised_and_finds_everything_once(
    app, world, monkeypatch
):
    from llp_gov.search import check, index

    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    for i in range(5):
        upload(world, f"分割{i}", f"セグメント分割の試験 {i}")
    db.session.commit()
    monkeypatch.setattr(index, "SEGMENT_DOCS", 2)
    app.config["SEARCH_REINDEX_PROCS"] = 1
    commits = []
    real_bulk_add = index._bulk_add

    def counting_bulk_add(ix, progress):
        count = real_bulk_add(ix, progress)
        commits.append(len(ix._segments()))
        return count

    monkeypatch.setattr(index, "_bulk_add", counting_bulk_add)
    assert index.rebuild() == 5
    ix = index.open_index()
    try:
        assert commits == [3]  # written in three segments of at most two documents ...
        assert len(ix._segments()) == 1  # ... and merged into one before the swap
    finally:
        ix.close()
    results, rows = search(world, "分割")
    assert results.total == 5 and sorted(r.document.title for r in rows) == [
        f"分割{i}" for i in range(5)
    ]
    assert check.run().ok


@pytest.mark.parametrize(
    "q", ["invoices", "invoi", "契約", "契約 invoices", "payment 甲", "zymurgy", "계약서 terms"]
)
def test_a_snippet_scanning_only_its_window_is_the_snippet_of_every_match(q, monkeypatch):
    # The word scan stops past the snippet's window (issue 14: 2 KB texts, 20 snippets a page).
    words = "payment terms invoice invoices 契約 甲 계약서 consulting".split()
    texts = [" ".join(words[(i * 7 + k) % len(words)] for k in range(400)) for i in range(5)] + [
        "no match here at all " * 30,
        "zymurgy at the very start " + "filler " * 300,
    ]
    windowed = [highlight.snippet(t, q) for t in texts]
    full = highlight._spans
    monkeypatch.setattr(highlight, "_spans", lambda text, q, width=None: full(text, q))
    assert windowed == [highlight.snippet(t, q) for t in texts]
    assert any("<mark>" in str(s) for s in windowed)
