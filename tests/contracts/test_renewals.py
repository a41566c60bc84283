"""Renewals: notice deadlines (month ends, leap years), reminders on the right days, iCalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from llp_gov.contracts import lifecycle, reminders, renewals, services
from llp_gov.errors import Conflict, ValidationError
from llp_gov.extensions import db
from llp_gov.notifications.models import Notification
from tests.contracts.helpers import city_and_league, commission_data, signed_copy_pdf


@pytest.mark.parametrize(
    ("end", "months", "days", "deadline"),
    [
        (dt.date(2027, 5, 31), 3, 0, dt.date(2027, 2, 28)),  # no 31 February: its last day
        (dt.date(2028, 5, 31), 3, 0, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2027, 3, 31), 1, 0, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 30), 6, 0, dt.date(2027, 5, 30)),
        (dt.date(2027, 1, 15), 0, 30, dt.date(2026, 12, 16)),
        (dt.date(2027, 4, 30), 2, 10, dt.date(2027, 2, 18)),
    ],
)
def test_notice_deadline(end, months, days, deadline):
    contract = SimpleNamespace(
        end_date=end, notice_period_months=months or None, notice_period_days=days or None
    )
    assert renewals.notice_deadline(contract) == deadline


@pytest.mark.parametrize(
    ("end", "term", "renewed"),
    [
        (dt.date(2027, 2, 28), 12, dt.date(2028, 2, 29)),  # month end stays month end
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2027, 1, 15), 1, dt.date(2027, 2, 15)),
        (dt.date(2027, 1, 30), 1, dt.date(2027, 2, 28)),
    ],
)
def test_renewed_end(end, term, renewed):
    assert renewals.renewed_end(end, term) == renewed


def test_due_reminder_picks_the_current_lead_time():
    deadline = dt.date(2027, 2, 28)
    assert renewals.due_reminder(deadline, deadline - dt.timedelta(days=61)) is None
    assert renewals.due_reminder(deadline, deadline - dt.timedelta(days=60)) == 60
    assert renewals.due_reminder(deadline, deadline - dt.timedelta(days=45)) == 60
    assert renewals.due_reminder(deadline, deadline - dt.timedelta(days=30)) == 30
    assert renewals.due_reminder(deadline, deadline - dt.timedelta(days=7)) == 7
    assert renewals.due_reminder(deadline, deadline) == 7
    assert renewals.due_reminder(deadline, deadline + dt.timedelta(days=1)) is None


def active_contract(world, **overrides):
    city, _ = city_and_league(world)
    member, chairman = world.user("member"), world.user("chairman")
    data = commission_data(world, city) | overrides
    contract = services.create_contract(actor=member, organisation=world.org, **data)
    lifecycle.submit_for_review(actor=member, organisation=world.org, contract=contract)
    lifecycle.approve(actor=chairman, organisation=world.org, contract=contract)
    lifecycle.record_signed(
        actor=member,
        organisation=world.org,
        contract=contract,
        data=signed_copy_pdf(),
        filename="signed.pdf",
        signing_date=dt.date(2026, 11, 23),
    )
    lifecycle.activate(actor=member, organisation=world.org, contract=contract)
    return contract


@pytest.fixture
def renewing(world):
    """Make an active contract (the member's commission; `dates`: its start_date/end_date) with
    renewal terms (`terms`: auto_renew, renewal_term_months, notice_period_*) set by the member
    through renewals.set_renewal."""

    def make(dates: dict, **terms):
        contract = active_contract(world, **dates)
        renewals.set_renewal(
            actor=world.user("member"), organisation=world.org, contract=contract, **terms
        )
        return contract

    return make


def test_reminders_fire_60_30_7_days_before_notice_and_end(app, world, renewing):
    renewing(
        dict(start_date=dt.date(2026, 12, 1), end_date=dt.date(2028, 5, 31)),
        auto_renew=True,
        renewal_term_months=12,
        notice_period_months=3,
    )
    db.session.commit()
    fired = {}
    day = dt.date(2027, 12, 1)
    while day <= dt.date(2028, 5, 31):  # a daily job with a frozen clock
        count = reminders.send_due_reminders(day)
        db.session.commit()
        if count:
            fired[day] = count
        day += dt.timedelta(days=1)
    notice, end = dt.date(2028, 2, 29), dt.date(2028, 5, 31)
    expected = {notice - dt.timedelta(days=n) for n in (60, 30, 7)}
    expected |= {end - dt.timedelta(days=n) for n in (60, 30, 7)}
    assert set(fired) == expected
    assert set(fired.values()) == {2}  # the owner (member) and the chairman
    users = {world.user("member").id, world.user("chairman").id}
    notes = db.session.scalars(select(Notification)).all()
    assert {n.user_id for n in notes} == users and len(notes) == 12
    outbox = list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    assert len(outbox) == 12
    # Run again the same day: nothing twice.
    assert reminders.send_due_reminders(end - dt.timedelta(days=7)) == 0


def test_auto_renewal_extends_the_end_date_after_it_passes(world, renewing):
    contract = renewing(
        dict(start_date=dt.date(2026, 12, 1), end_date=dt.date(2027, 2, 28)),
        auto_renew=True,
        renewal_term_months=12,
        notice_period_months=1,
    )
    assert renewals.renew_due(dt.date(2027, 2, 28)) == []  # its last day: still running
    assert renewals.renew_due(dt.date(2027, 3, 1)) == [contract]
    assert contract.end_date == dt.date(2028, 2, 29)
    assert renewals.notice_deadline(contract) == dt.date(2028, 1, 29)


def test_set_renewal_validates_and_refuses_ended_contracts(world):
    contract = active_contract(world, end_date=dt.date(2027, 11, 30))
    member = world.user("member")
    with pytest.raises(ValidationError) as exc:
        renewals.set_renewal(
            actor=member,
            organisation=world.org,
            contract=contract,
            auto_renew=True,
            notice_period_months="x",
        )
    assert set(exc.value.fields) == {"renewal_term_months", "notice_period_months"}
    assert contract.auto_renew is False
    lifecycle.terminate(
        actor=world.user("chairman"), organisation=world.org, contract=contract, reason="r"
    )
    with pytest.raises(Conflict):
        renewals.set_renewal(
            actor=member, organisation=world.org, contract=contract, auto_renew=False
        )


def test_upcoming_lists_deadlines_within_90_days(world, renewing):
    renewing(dict(end_date=dt.date(2027, 5, 31)), auto_renew=False, notice_period_months=3)
    found = renewals.upcoming(
        actor=world.user("accountant"), organisation=world.org, today=dt.date(2027, 1, 1)
    )
    assert [(d.kind, d.date) for d in found] == [("notice", dt.date(2027, 2, 28))]
    found = renewals.upcoming(
        actor=world.user("accountant"), organisation=world.org, today=dt.date(2027, 3, 15)
    )
    assert [(d.kind, d.date) for d in found] == [("end", dt.date(2027, 5, 31))]


def test_calendar_feed_by_token_and_revocation(client, world, login_as, renewing):
    renewing(dict(end_date=dt.date(2099, 5, 31)), auto_renew=False, notice_period_months=3)
    login_as(world.user("accountant"))
    base = f"/o/{world.org.slug}/contracts/calendar"
    page = client.post(base, follow_redirects=True).get_data(as_text=True)
    token = page.split(f"{base}/")[1].split(".ics")[0]
    client.get("/logout")
    resp = client.get(f"{base}/{token}.ics")
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    cal = Calendar.from_ical(resp.data)
    assert cal  # parsed
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    login_as(world.user("accountant"))
    client.post(f"{base}/revoke")
    assert client.get(f"{base}/{token}.ics").status_code == 404
    assert client.get(f"{base}/not-a-token.ics").status_code == 404


def test_renewal_api_sets_terms_and_lists_deadlines(client, world, token_for):
    contract = active_contract(world, end_date=dt.date(2027, 5, 31))
    db.session.commit()
    headers = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/contracts/{contract.id}/renewal"
    bad = client.put(url, headers=headers, json={"auto_renew": True, "notice_period_days": 400})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"renewal_term_months", "notice_period_days"}
    ok = client.put(
        url,
        headers=headers,
        json={"auto_renew": True, "renewal_term_months": 12, "notice_period_months": 3},
    )
    assert ok.status_code == 200, ok.json
    assert ok.json["notice_deadline"] == "2027-02-28" and ok.json["auto_renew"] is True
    listed = client.get(
        f"/api/v1/orgs/{world.org.slug}/contracts/deadlines",
        headers=token_for(world.user("observer")),
    )
    assert listed.status_code == 200
    assert all(d["contract_id"] == contract.id for d in listed.json)


def test_dashboard_lists_deadlines_in_the_next_90_days(client, world, login_as, renewing):
    from llp_gov.legaltime import today_in

    end = today_in(world.org) + dt.timedelta(days=80)
    contract = renewing(
        dict(start_date=None, end_date=end), auto_renew=False, notice_period_days=30
    )
    db.session.commit()
    login_as(world.user("observer"))
    page = client.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    assert 'id="contract-deadlines"' in page and page.count(contract.number) >= 2
