"""Extraction leaves a new message untranslated in Japanese and Korean (never English)."""

from __future__ import annotations

from babel.messages.pofile import read_po

from llp_gov import i18n


def test_a_new_message_is_untranslated_in_every_language_but_english(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "catalog_dirs", lambda: {"core": tmp_path})
    monkeypatch.setattr(i18n, "ROOT", tmp_path)
    monkeypatch.setattr(i18n, "extract_all", lambda: {"core": {"A brand new message": ["x.py:1"]}})
    i18n.extract("core")
    strings = {}
    for locale in i18n.LOCALES:
        with (tmp_path / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            strings[locale] = read_po(fh, locale=locale).get("A brand new message").string
    assert strings == {"en": "A brand new message", "ja": "", "ko": ""}
