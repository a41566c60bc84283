"""Property tests (hypothesis): allocation, balances, reversals and per-partner breakdowns."""

import datetime as dt
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llp_gov.extensions import db
from llp_gov.ledger import services
from llp_gov.ledger.allocation import allocate
from llp_gov.ledger.models import JournalEntry, JournalLine

weights_st = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=15).filter(
    lambda w: sum(w) > 0
)


@given(amount=st.integers(min_value=-(10**13), max_value=10**13), weights=weights_st)
def test_allocation_adds_up_exactly_and_follows_the_ratio_within_one_yen(amount, weights):
    keyed = list(enumerate(weights))
    shares = allocate(amount, keyed)
    assert sum(shares.values()) == amount
    total = sum(weights)
    for key, weight in keyed:
        assert abs(Fraction(shares[key]) - Fraction(amount * weight, total)) < 1


@given(amount=st.integers(min_value=0, max_value=10**9), weights=weights_st)
def test_a_loss_is_shared_like_a_profit(amount, weights):
    keyed = list(enumerate(weights))
    assert allocate(-amount, keyed) == {k: -v for k, v in allocate(amount, keyed).items()}


ACCOUNTS = ["111", "112", "135", "210", "410", "490", "510", "520"]
line_amounts = st.lists(
    st.tuples(st.sampled_from(ACCOUNTS), st.integers(min_value=1, max_value=10**8)),
    min_size=1,
    max_size=4,
)
entry_st = st.tuples(line_amounts, line_amounts, st.integers(min_value=0, max_value=364))

SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _balanced(debits, credits):
    """Scale two random sides into a balanced entry (the last credit takes the difference)."""
    total = sum(a for _c, a in debits)
    lines = [{"account": c, "debit": a, "credit": 0} for c, a in debits]
    rest = total
    for i, (code, amount) in enumerate(credits):
        share = rest if i == len(credits) - 1 else min(amount, rest - (len(credits) - 1 - i))
        if share <= 0:
            continue
        lines.append({"account": code, "debit": 0, "credit": share})
        rest -= share
    return lines


@SETTINGS
@given(entries=st.lists(entry_st, min_size=1, max_size=6))
def test_balances_equal_the_entries_and_reversals_restore_them(books, entries):
    try:
        _balances_and_reversals(books, entries)
    finally:
        db.session.rollback()


def _balances_and_reversals(books, entries):
    acc = books.user("accountant")
    start = db.session.query(JournalEntry).count()
    posted = []
    for debits, credits, day in entries:
        lines = _balanced(debits, credits)
        if len({line["account"] for line in lines}) < 1 or len(lines) < 2:
            continue
        posted.append(
            services.post_entry(
                actor=acc,
                organisation=books.org,
                entry_date=dt.date(2025, 4, 1) + dt.timedelta(days=day),
                description="p",
                lines=lines,
            )
        )
    # Every entry balances.
    for entry in posted:
        assert sum(x.debit for x in entry.lines) == sum(x.credit for x in entry.lines) > 0
    # The trial balance equals the sum of the lines, per account and in total.
    tb = services.trial_balance(
        actor=acc, organisation=books.org, date_to=dt.date(2026, 3, 31), by_partner=True
    )
    lines = db.session.query(JournalLine).all()
    assert tb["totals"]["debit"] == sum(x.debit for x in lines) == tb["totals"]["credit"]
    for row in tb["rows"]:
        assert sum(row["partners"].values()) == row["balance"]
    pl = services.profit_and_loss(
        actor=acc,
        organisation=books.org,
        date_from=dt.date(2025, 4, 1),
        date_to=dt.date(2026, 3, 31),
        by_partner=True,
    )
    for row in pl["rows"]:
        assert sum(row["partners"].values()) == row["amount"]
    assert sum(pl["totals"]["partners"].values()) == pl["totals"]["net_income"]
    before = services.net_assets(books.org, dt.date(2025, 3, 31) + dt.timedelta(days=400))
    assert before == 12_000_000 + pl["totals"]["net_income"]
    for entry in posted:
        services.reverse_entry(actor=acc, organisation=books.org, entry=entry)
    assert services.net_assets(books.org, dt.date(2026, 3, 31)) == 12_000_000
    assert db.session.query(JournalEntry).count() == start + 2 * len(posted)


@SETTINGS
@given(
    paid=st.lists(st.integers(min_value=1, max_value=10**7), min_size=12, max_size=12),
    revenue=st.integers(min_value=1, max_value=10**9),
    expense=st.integers(min_value=1, max_value=10**9),
)
def test_closing_allocates_every_line_by_contributions(world, paid, revenue, expense):
    try:
        _closing(world, paid, revenue, expense)
    finally:
        db.session.rollback()


def _closing(world, paid, revenue, expense):
    acc = world.user("accountant")
    for p, amount in zip(world.partners, paid, strict=True):
        services.record_contribution(
            actor=acc,
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=amount,
            received_amount=amount,
            received_on=dt.date(2025, 4, 1),
        )
    services.post_entry(
        actor=acc,
        organisation=world.org,
        entry_date=dt.date(2025, 5, 1),
        description="r",
        lines=[{"account": "135", "debit": revenue}, {"account": "410", "credit": revenue}],
    )
    services.post_entry(
        actor=acc,
        organisation=world.org,
        entry_date=dt.date(2025, 5, 2),
        description="e",
        lines=[{"account": "510", "debit": expense}, {"account": "220", "credit": expense}],
    )
    result = services.close_fiscal_year(actor=acc, organisation=world.org, year=2025)
    total = sum(paid)
    assert sum(p["net_result"] for p in result["partners"]) == revenue - expense
    for p, amount in zip(world.partners, paid, strict=True):
        share = next(r for r in result["partners"] if r["partner_id"] == p.id)["net_result"]
        # Two lines, each within one yen of the exact ratio.
        assert abs(Fraction(share) - Fraction((revenue - expense) * amount, total)) < 2
