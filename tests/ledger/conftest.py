import datetime as dt

import pytest

from llp_gov.extensions import db
from llp_gov.ledger import services as ledger

D = dt.date


@pytest.fixture
def books(world):
    """The world's twelve partners each paid ¥1,000,000 in money on 2025-04-01 (FY2025)."""
    acc = world.user("accountant")
    for p in world.partners:
        ledger.record_contribution(
            actor=acc,
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=1_000_000,
            received_amount=1_000_000,
            received_on=D(2025, 4, 1),
        )
    db.session.commit()
    return world


def post(world, on, description, *lines, actor=None):
    return ledger.post_entry(
        actor=actor or world.user("accountant"),
        organisation=world.org,
        entry_date=on,
        description=description,
        lines=[{"account": a, "debit": d, "credit": c} for a, d, c in lines],
    )


@pytest.fixture(autouse=True)
def english(app):
    """Service-level assertions read the English messages (the test users' locale is English)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield
