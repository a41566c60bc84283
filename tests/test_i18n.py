"""Languages: every message translated into ja, en and ko; the locale chosen per request."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from llp_gov import i18n
from llp_gov.extensions import db


def test_every_message_has_a_translation_in_every_catalog():
    gaps = {locale: ids for locale, ids in i18n.missing().items() if ids}
    assert not gaps, (
        "untranslated messages (run python -m llp_gov.i18n extract, then translate):\n"
        + "\n".join(f"{locale}: {msgid!r}" for locale, ids in gaps.items() for msgid in ids)
    )


def test_missing_reports_an_untranslated_message(monkeypatch):
    """The check above can fail: a msgid found in the code but in no catalog is reported."""
    real = i18n.extract_all

    def with_new_message():
        found = real()
        found.setdefault("core", {})["A message nobody translated yet"] = ["x.py:1"]
        return found

    monkeypatch.setattr(i18n, "extract_all", with_new_message)
    gaps = i18n.missing()
    for locale in ("ja", "en", "ko"):
        assert "A message nobody translated yet" in gaps[locale]


def test_no_japanese_or_korean_message_is_left_as_the_english_msgid():
    """A msgstr copied from its English msgid is not empty, so the check above passes while the
    page shows English ("Sort", "Show", "All" on the Korean documents page)."""
    copies = {locale: entries for locale, entries in i18n.copied_english().items() if entries}
    assert not copies, "left in English (translate them):\n" + "\n".join(
        f"{locale}: {entry!r}" for locale, entries in copies.items() for entry in entries
    )


def test_copied_english_reports_english_words_but_not_codes_or_placeholders(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="ko")
    catalog.add("Sort", "Sort")
    catalog.add("Act 13", "Act 13")
    catalog.add(("%(count)s file", "%(count)s files"), ("%(count)s files",))
    catalog.add("PDF", "PDF")
    catalog.add("CSV", "CSV")
    catalog.add("SHA-256", "SHA-256")
    catalog.add("%(name)s", "%(name)s")
    catalog.add("%(name)s <info@example.com>", "%(name)s <info@example.com>")
    catalog.add("https://laws.e-gov.go.jp/", "https://laws.e-gov.go.jp/")
    catalog.add("Show", "보기")
    path = tmp_path / "ko" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setattr(i18n, "catalog_dirs", lambda: {"demo": tmp_path})

    assert i18n.copied_english() == {
        "ja": [],
        "ko": ["demo: %(count)s file", "demo: Act 13", "demo: Sort"],
    }
    monkeypatch.setattr(i18n, "missing", lambda: {locale: [] for locale in i18n.LOCALES})
    assert i18n.main(["check"]) == 1


def test_no_english_message_reads_as_a_code_key():
    """A msgid written as a key ("partner-status:active") is copied into the English catalog as
    the msgstr and shown as such to English readers: contexts go through pgettext instead."""
    key = re.compile(r"^[a-z]+(?:[-_][a-z]+)*:[a-z_]+$")
    root = Path(i18n.__file__).parent
    found = []
    for po in sorted(root.glob("**/translations/en/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale="en")
        found += [
            f"{po.relative_to(root)}: {m.id}"
            for m in catalog
            if m.id and isinstance(m.string, str) and key.match(m.string)
        ]
    assert not found, found


def test_the_partner_register_names_statuses_in_words(client, world, login_as):
    user = world.user("chairman")
    user.locale = "en"
    db.session.commit()
    login_as(user)
    page = client.get(f"/o/{world.org.slug}/partners/").get_data(as_text=True)
    assert "partner-status:" not in page and "Active" in page


def test_the_sign_in_page_is_japanese_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "ログイン" in html
    assert "パスワード" in html


def test_accept_language_chooses_english_or_korean(client):
    html = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in html and "Sign in" in html and "Password" in html
    html = client.get("/login", headers={"Accept-Language": "ko-KR,ko;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="ko">' in html and "로그인" in html and "비밀번호" in html


def test_an_unsupported_language_falls_back_to_japanese(client):
    html = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="ja">' in html and "ログイン" in html


def test_the_users_preference_beats_accept_language(client, world, login_as):
    user = world.user("chairman")
    user.locale = "ko"
    db.session.commit()
    login_as(user)
    url = f"/o/{world.org.slug}/partners/"
    html = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ko">' in html and "조합원" in html

    user.locale = "en"
    db.session.commit()
    html = client.get(url, headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Partners" in html


def test_no_preference_follows_accept_language_then_japanese(client, world, login_as):
    user = world.user("member")
    user.locale = None
    db.session.commit()
    login_as(user)
    url = f"/o/{world.org.slug}/"
    assert "Dashboard" in client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "ダッシュボード" in client.get(url).get_data(as_text=True)


def test_the_language_buttons_switch_and_remember_the_language(client, world, login_as):
    user = world.user("member")
    user.locale = None
    db.session.commit()
    login_as(user)
    resp = client.post("/locale/ko", data={"next": f"/o/{world.org.slug}/"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/o/{world.org.slug}/")
    db.session.refresh(user)
    assert user.locale == "ko"
    assert "대시보드" in client.get(f"/o/{world.org.slug}/").get_data(as_text=True)


def test_signed_out_visitors_switch_language_in_their_session(client):
    assert client.post("/locale/en", data={"next": "/login"}).status_code == 302
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    # An external "next" is ignored (no open redirect).
    resp = client.post("/locale/ko", data={"next": "https://evil.example/"})
    assert "evil" not in resp.headers["Location"]


def test_form_errors_are_translated(client, world, login_as):
    user = world.user("chairman")
    user.locale = "ja"
    db.session.commit()
    login_as(user)
    html = client.post(
        f"/o/{world.org.slug}/partners/new",
        data={
            "kind": "corporate",
            "name": "株式会社テスト",
            "country": "JP",
            "corporate_number": "1234567890123",
            "executing_person": "山田",
        },
    ).get_data(as_text=True)
    assert "有効な13桁の法人番号ではありません" in html


def test_korean_text_renders(client, world, login_as):
    user = world.other_users["chairman"]
    user.locale = "ko"
    world.other_org.name_ko = world.other_org.name
    db.session.commit()
    login_as(user)
    html = client.get(f"/o/{world.other_org.slug}/").get_data(as_text=True)
    assert '<html lang="ko">' in html and "서울 테스트 조합" in html and "이사장" in html


def test_a_merge_keeps_translations_adds_new_msgids_and_marks_removed_ones_obsolete():
    from babel.messages.catalog import Catalog

    ja = Catalog(locale="ja")
    ja.add("Kept", "残す")
    ja.add("Removed from the code", "削除済み")
    pot = i18n.template({"Kept": ["llp_gov/x.py:1"], "New": ["llp_gov/x.py:2"]})
    merged = i18n.merge(ja, pot, "ja")
    assert merged.get("Kept").string == "残す"
    assert not merged.get("New").string and not merged.get("New").fuzzy
    assert merged.get("Removed from the code") is None
    assert "Removed from the code" in merged.obsolete
    en = i18n.merge(Catalog(locale="en"), pot, "en")
    assert en.get("New").string == "New"


def test_no_msgid_is_translated_differently_in_two_catalogs():
    """Flask-Babel merges every domain's catalog into one: a msgid translated two ways shows one
    of them everywhere (projects' "Active" read 在籍, the partners' word). One meaning, one
    translation; two meanings, two contexts (pgettext)."""
    clashes = {locale: entries for locale, entries in i18n.collisions().items() if entries}
    assert not clashes, "translated differently in two catalogs:\n" + "\n".join(
        f"{locale}: {entry}" for locale, entries in clashes.items() for entry in entries
    )


def test_collisions_compare_msgid_and_context_across_catalogs(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogs = {
        "projects": [
            ("Active", "実施中", None),
            ("Open", "受付中", "fiscal year"),
            ("Kept", "同じ", None),
        ],
        "partners": [("Active", "在籍", None), ("Open", "開く", None), ("Kept", "同じ", None)],
    }
    for owner, messages in catalogs.items():
        catalog = Catalog(locale="ja")
        for msgid, msgstr, context in messages:
            catalog.add(msgid, msgstr, context=context)
        path = tmp_path / owner / "ja" / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as fh:
            write_po(fh, catalog)
    monkeypatch.setattr(
        i18n, "catalog_dirs", lambda: {owner: tmp_path / owner for owner in catalogs}
    )

    assert i18n.collisions() == {
        "ja": ["Active: partners=在籍 | projects=実施中"],
        "en": [],
        "ko": [],
    }
    monkeypatch.setattr(i18n, "missing", lambda: {locale: [] for locale in i18n.LOCALES})
    monkeypatch.setattr(i18n, "copied_english", lambda: {"ja": [], "ko": []})
    assert i18n.main(["check"]) == 1


def test_each_status_reads_in_its_own_words(app):
    """The new-user trial: an active project read 在籍/재적 (the partner register's word)
    because the catalogs were merged; each status word now has its context."""
    from flask_babel import force_locale

    from llp_gov.contracts.labels import STATUS_LABELS as CONTRACT
    from llp_gov.projects.workflow import STATUS_LABELS as PROJECT
    from llp_gov.resolutions.views import PARTNER_STATUS

    with app.test_request_context():
        with force_locale("ja"):
            assert (str(PROJECT["active"]), str(CONTRACT["active"])) == ("実施中", "有効")
            assert str(PARTNER_STATUS["active"]) == "在籍"
            assert (str(PROJECT["draft"]), str(CONTRACT["draft"])) == ("下書き", "草案")
        with force_locale("ko"):
            assert (str(PROJECT["active"]), str(CONTRACT["active"])) == ("진행 중", "유효")
            assert str(PARTNER_STATUS["active"]) == "재적"


def test_plural_messages_reach_the_catalogs_with_both_forms(monkeypatch):
    """ngettext finds a message only by its plural entry: extract kept the singular alone, so
    "1 documents found." was written as English on every page that counts."""
    key = f"%(num)d file{i18n.PLURAL_SEP}%(num)d files"
    pot = i18n.template({key: ["templates/x.html:1"]})
    assert pot.get("%(num)d file").id == ("%(num)d file", "%(num)d files")
    en = i18n.merge(i18n.Catalog(locale="en"), pot, "en")
    assert en.get("%(num)d file").string == ("%(num)d file", "%(num)d files")

    real = i18n.extract_all

    def with_plural():
        found = real()
        found.setdefault("core", {})[key] = ["x.py:1"]
        return found

    monkeypatch.setattr(i18n, "extract_all", with_plural)
    assert key in i18n.missing()["ja"]


def test_counts_agree_with_their_number(app):
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ ngettext('%(num)d document found.', '%(num)d documents found.', n) }}"
    with app.test_request_context():
        with force_locale("en"):
            assert render_template_string(page, n=1) == "1 document found."
            assert render_template_string(page, n=3) == "3 documents found."
        with force_locale("ja"):
            assert render_template_string(page, n=1) == "1 件見つかりました。"
        with force_locale("ko"):
            assert render_template_string(page, n=3) == "3건을 찾았습니다."


def test_statute_references_are_written_one_way():
    """Korean pages wrote "(법 11조)" beside "(법 제24조)": every reference is written as
    formatting.statute writes it (법 제12조 제1항, 시행규칙 제37조; ja 法12条1項)."""
    from llp_gov.formatting import statute

    assert (statute("Act 12(1)", "ko"), statute("Act 12(1)", "ja")) == (
        "법 제12조 제1항",
        "法12条1項",
    )
    bare_ko = re.compile(r"(?<![제\d])\d+(?:조(?![합원])|항(?!목))|(?<!시행)규칙 제")
    numbered_ja = re.compile(r"(?:法|規則)第\d+条")
    root = Path(i18n.__file__).parent
    found = []
    for locale, pattern in (("ko", bare_ko), ("ja", numbered_ja)):
        for po in sorted(root.glob(f"**/translations/{locale}/LC_MESSAGES/messages.po")):
            with po.open("rb") as fh:
                for m in read_po(fh, locale=locale):
                    strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
                    found += [
                        f"{po.relative_to(root)}: {s}" for s in strings if s and pattern.search(s)
                    ]
    assert not found, "\n".join(found)


def test_a_documents_text_languages_are_named_in_the_readers_language(client, world, login_as):
    """The document page wrote the detected languages as codes, "(ko,en)"."""
    from llp_gov.documents import services as documents

    doc = documents.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title="계약서",
        doc_type="other",
        data="본 계약서는 서울상사와 체결한다".encode(),
        filename="k.txt",
    )
    doc.versions[0].languages = "ko,en"
    user = world.user("member")
    db.session.commit()
    login_as(user)
    for locale, names in (
        ("ja", "(韓国語、英語)"),
        ("ko", "(한국어, 영어)"),
        ("en", "(Korean, English)"),
    ):
        user.locale = locale
        db.session.commit()
        page = client.get(f"/o/{world.org.slug}/documents/{doc.id}").get_data(as_text=True)
        assert names in page and "(ko,en)" not in page, locale


def test_contract_reminders_and_renewal_terms_count_in_the_singular_too(app):
    from flask import render_template_string
    from flask_babel import force_locale

    from llp_gov.contracts import reminders

    params = {"number": "C-1", "title": "保守", "date": "2026-12-08", "deadline": "notice"}
    with app.test_request_context():
        with force_locale("en"):
            subject, body = reminders._message({**params, "days": 1})
            assert subject == "Notice deadline in 1 day: C-1" and "(1 day from today)" in body
            subject, _body = reminders._message({**params, "days": 30, "deadline": "end"})
            assert subject == "Contract ends in 30 days: C-1"
            term = "{{ ngettext('%(num)s month', '%(num)s months', n) }}"
            assert render_template_string(term, n=1) == "1 month"
        with force_locale("ja"):
            assert reminders._message({**params, "days": 1})[0] == "通知期限まであと1日: C-1"
