"""The reader's locale, zone and translations are looked up once per request (llp_gov.formatting)
and still follow every change Flask-Babel knows of: a forced locale (a notification written in
its recipient's language) and a different user's zone."""

from __future__ import annotations

import datetime as dt

from flask import render_template_string
from flask_babel import force_locale, refresh

from llp_gov.web import local_date, local_datetime

PAGE = "{{ _('Invoices') }} {{ when|localdt('yyyy-MM-dd HH:mm') }}"
NOON_UTC = dt.datetime(2026, 3, 31, 15, 30, tzinfo=dt.UTC)


def test_a_forced_locale_inside_a_request_is_followed_and_undone(app):
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        assert render_template_string(PAGE, when=NOON_UTC) == "請求書 2026-04-01 00:30"
        with force_locale("ko"):
            assert render_template_string(PAGE, when=NOON_UTC) == "청구서 2026-04-01 00:30"
            assert local_date(dt.date(2026, 4, 1), "long") == "2026년 4월 1일"
        assert render_template_string(PAGE, when=NOON_UTC) == "請求書 2026-04-01 00:30"
        assert local_date(dt.date(2026, 4, 1), "long") == "2026年4月1日"


def test_a_changed_zone_is_followed_after_refresh(app):
    """The cache is dropped with Flask-Babel's own values (refresh() after a profile change)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert local_datetime(NOON_UTC, "HH:mm") == "00:30"  # Asia/Tokyo, the default
        app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Seoul"
        assert local_datetime(NOON_UTC, "HH:mm") == "00:30"  # same request: same zone
        refresh()
        assert local_datetime(NOON_UTC, "HH:mm") == "00:30"  # Seoul is UTC+9 as well
        app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/London"
        refresh()
        assert local_datetime(NOON_UTC, "HH:mm") == "16:30"  # BST
        # a naive datetime is UTC, a datetime given to |localdate is the reader's day
        assert local_datetime(NOON_UTC.replace(tzinfo=None), "HH:mm") == "16:30"
        late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 the next day in London
        assert local_date(late, "yyyy-MM-dd") == "2026-04-01"
