"""Per-account monthly balances: kept when an entry posts, equal to summing the journal, rebuilt
and checked by `flask ledger balances`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from llp_gov.extensions import db
from llp_gov.ledger import balances
from llp_gov.ledger import services as ledger
from llp_gov.ledger.balances import MonthlyBalance
from llp_gov.ledger.models import Account, JournalEntry, JournalLine

D = dt.date


def _post(world, on, amount, debit="112", credit="410"):
    ledger.ensure_chart(world.org)  # the chart is seeded by a write, not by listing it
    db.session.flush()
    accounts = {
        a.code: a
        for a in ledger.list_accounts(actor=world.user("accountant"), organisation=world.org)
    }
    return ledger.post_entry(
        actor=world.user("accountant"),
        organisation=world.org,
        entry_date=on,
        description="test",
        lines=[
            {"account": accounts[debit], "debit": amount, "credit": 0},
            {"account": accounts[credit], "debit": 0, "credit": amount},
        ],
    )


def _direct(org, date_from=None, date_to=None):
    """What books.balances returned before the table: a GROUP BY over every line."""
    stmt = (
        select(JournalLine.account_id, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalLine.organisation_id == org.id)
        .group_by(JournalLine.account_id)
    )
    if date_from:
        stmt = stmt.where(JournalEntry.entry_date >= date_from)
    if date_to:
        stmt = stmt.where(JournalEntry.entry_date <= date_to)
    return {a: (int(d), int(c)) for a, d, c in db.session.execute(stmt)}


def _setup(world):
    ledger.ensure_chart(world.org)
    for on, amount in [
        (D(2025, 1, 31), 1000),
        (D(2025, 2, 1), 2000),
        (D(2025, 2, 14), 4000),
        (D(2025, 2, 28), 8000),
        (D(2025, 3, 15), 16000),
        (D(2025, 4, 1), 32000),
    ]:
        _post(world, on, amount)
    db.session.commit()


def test_posting_adds_to_the_month_of_the_entry(app, world):
    _setup(world)
    cash = db.session.scalar(
        select(Account.id).where(Account.organisation_id == world.org.id, Account.code == "112")
    )
    rows = {
        r.month: (r.debit, r.credit)
        for r in db.session.scalars(select(MonthlyBalance).where(MonthlyBalance.account_id == cash))
    }
    assert rows == {
        D(2025, 1, 1): (1000, 0),
        D(2025, 2, 1): (14000, 0),
        D(2025, 3, 1): (16000, 0),
        D(2025, 4, 1): (32000, 0),
    }
    assert balances.check(world.org) == []


def test_sums_equal_the_journal_for_whole_and_partial_months(app, world):
    _setup(world)
    ranges = [
        (None, None),
        (None, D(2025, 2, 28)),
        (None, D(2025, 2, 13)),
        (D(2025, 2, 1), D(2025, 2, 28)),
        (D(2025, 2, 2), D(2025, 2, 27)),
        (D(2025, 1, 31), D(2025, 3, 15)),
        (D(2025, 2, 14), None),
        (D(2025, 2, 14), D(2025, 2, 14)),
        (D(2025, 3, 16), D(2025, 3, 31)),
    ]
    for lo, hi in ranges:
        got = {
            k: v
            for k, v in balances.sums(world.org, date_from=lo, date_to=hi).items()
            if v != (0, 0)
        }
        assert got == _direct(world.org, lo, hi), (lo, hi)
    dates = [D(2025, 1, 31), D(2025, 2, 13), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30)]
    at = balances.cumulative(world.org, dates)
    for on in dates:
        got = {k: v for k, v in at[on].items() if v != (0, 0)}
        assert got == _direct(world.org, None, on), on


def test_a_reversal_keeps_the_balances_equal_to_the_journal(app, world):
    _setup(world)
    entry = db.session.scalars(select(JournalEntry).order_by(JournalEntry.id)).first()
    ledger.reverse_entry(
        actor=world.user("accountant"), organisation=world.org, entry=entry, reason="typo"
    )
    db.session.commit()
    assert balances.check(world.org) == []


def test_check_finds_a_drift_and_rebuild_repairs_it(app, world, runner):
    _setup(world)
    row = db.session.scalars(select(MonthlyBalance)).first()
    row.debit += 1
    db.session.commit()
    result = runner.invoke(args=["ledger", "balances", "check", "--org", world.org.slug])
    assert result.exit_code == 1
    assert "stored" in result.output
    result = runner.invoke(args=["ledger", "balances", "rebuild", "--org", world.org.slug])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["ledger", "balances", "check", "--org", world.org.slug])
    assert result.exit_code == 0, result.output
    assert "agree" in result.output
