"""The signatures area's daily work is registered with the job queue's daily hooks."""

from __future__ import annotations

import datetime as dt

from llp_gov.jobs import periodic


def test_daily_hooks_registered(app):
    assert {
        "contracts:renewal-reminders",
        "signing:restamp",
    } <= set(periodic._daily)


def test_daily_hooks_run(app, world):
    from llp_gov.contracts import reminders
    from llp_gov.signing import services

    assert reminders.send_due_reminders(dt.date(2026, 12, 1)) == 0
    assert services.restamp_due() == []
