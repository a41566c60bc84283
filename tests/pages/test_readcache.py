"""A page asks each question once (llp_gov/readcache.py), and never gets a stale answer: the
cached balances follow an entry posted in the same session, a pending change bypasses the
cache, and a caller changing its answer does not change the next caller's."""

from __future__ import annotations

import datetime as dt

from llp_gov.extensions import db
from llp_gov.ledger import balances
from llp_gov.ledger.models import Account
from tests.pages.test_balances import _post
from tests.pages.test_query_counts import counting

D = dt.date


def _cash(world, on):
    cash = db.session.scalar(
        db.select(Account.id).where(Account.organisation_id == world.org.id, Account.code == "112")
    )
    d, c = balances.sums(world.org, date_to=on).get(cash, (0, 0))
    return d - c


def test_the_same_question_twice_runs_its_queries_once(app, world):
    _post(world, D(2025, 5, 10), 1000)
    db.session.commit()
    with counting() as first:
        balances.sums(world.org, date_to=D(2025, 6, 15))
    with counting() as second:
        balances.sums(world.org, date_to=D(2025, 6, 15))
    assert first and not second
    with counting() as other_date:
        balances.sums(world.org, date_to=D(2025, 6, 16))
    assert other_date  # a different question is asked of the database


def test_an_entry_posted_in_the_same_session_is_seen(app, world):
    _post(world, D(2025, 5, 10), 1000)
    db.session.commit()
    assert _cash(world, D(2025, 6, 15)) == 1000
    _post(world, D(2025, 5, 11), 500)  # flushes: the cached answer is dropped
    assert _cash(world, D(2025, 6, 15)) == 1500
    db.session.rollback()
    assert _cash(world, D(2025, 6, 15)) == 1000


def test_a_pending_change_bypasses_the_cache(app, world):
    _post(world, D(2025, 5, 10), 1000)
    db.session.commit()
    balances.account_types(world.org)
    account = db.session.scalar(db.select(Account).where(Account.organisation_id == world.org.id))
    account.type = "expense"  # changed, not flushed: a query autoflushes it first
    assert balances.account_types(world.org)[account.id] == "expense"
    db.session.rollback()


def test_changing_an_answer_does_not_change_the_next_one(app, world):
    _post(world, D(2025, 5, 10), 1000)
    db.session.commit()
    answer = balances.sums(world.org, date_to=D(2025, 6, 15))
    answer.clear()
    assert balances.sums(world.org, date_to=D(2025, 6, 15))
