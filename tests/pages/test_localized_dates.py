"""Dates inside translated messages read in the reader's locale (issue 14): ko 2026. 12. 7.,
ja 2026/12/07, en Dec 7, 2026, never the ISO form 2026-12-07 on a Korean page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask_babel import force_locale

from llp_gov.errors import Conflict, ValidationError
from llp_gov.extensions import db
from llp_gov.invoices import services as invoices
from llp_gov.ledger import closing
from llp_gov.orgs import compliance
from llp_gov.orgs.services import today_in
from llp_gov.partners import services as partners

DAY = dt.date(2024, 4, 1)
SPELLED = {"ko": "2024. 4. 1.", "ja": "2024/04/01", "en": "Apr 1, 2024"}


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_registering_an_active_partner_after_the_effective_date_names_the_date(world, locale):
    world.org.effective_date = DAY
    db.session.commit()
    with force_locale(locale), pytest.raises(ValidationError) as exc:
        partners.create_partner(
            actor=None, organisation=world.org, name="株式会社日付", status="active"
        )
    assert SPELLED[locale] in exc.value.message and "2024-04-01" not in exc.value.message


def test_the_composition_cure_dates_read_korean(world):
    world.org.settings = {
        **(world.org.settings or {}),
        "composition_cure": {
            "since": "2024-04-01",
            "deadline": "2024-04-15",
            "cured_on": "2024-04-10",
        },
    }
    db.session.commit()
    with force_locale("ko"):
        details = [d for c in compliance.compute(world.org) for d in c.details]
    text = " ".join(details)
    assert "2024. 4. 1." in text and "2024. 4. 15." in text and "2024. 4. 10." in text
    assert "2024-04" not in text


def test_the_invoice_problems_name_the_day_in_korean(world):
    with force_locale("ko"):
        text = " ".join(invoices.problems(world.org, DAY))
    assert "2024. 4. 1." in text and "2024-04-01" not in text


def test_closing_a_year_that_has_not_ended_names_its_end_in_korean(world):
    user = world.user("accountant")
    year = today_in(world.org).year
    with force_locale("ko"), pytest.raises(Conflict) as exc:
        closing.closing_preview(actor=user, organisation=world.org, year=year)
    # Both the end date and the first day it can be closed, the Korean way.
    assert len(re.findall(r"\d{4}\. \d{1,2}\. \d{1,2}\.", exc.value.message)) == 2
    assert not re.search(r"\d{4}-\d{2}-\d{2}", exc.value.message)
