"""The LLP Act's thresholds: all entitled partners count, one vote each; abstaining is not consent."""

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.db import utcnow
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.resolutions import rules, services
from llp_gov.resolutions.models import Resolution, ResolutionVote
from tests.resolutions.helpers import open_, rep, set_rule, settings_of, vote

LATER = dt.timedelta(days=8)


def test_unanimity_11_of_12_fails_at_the_deadline(world):
    r = open_(world)
    assert (r.rule, r.base, r.required) == ("unanimous", 12, 12)
    vote(world, r, range(11))
    assert r.status == "open"  # the twelfth partner may still consent
    result = services.close_due(now=utcnow() + LATER)
    db.session.commit()
    assert result["closed"] == 1
    assert r.status == "rejected" and r.close_reason == "deadline"


def test_unanimity_12_of_12_passes_and_closes_at_once(world):
    r = open_(world)
    vote(world, r, range(12))
    assert r.status == "adopted" and r.close_reason == "decided"
    assert r.closed_at is not None


def test_unanimity_one_against_closes_early_as_rejected(world):
    r = open_(world)
    vote(world, r, [0, 1])
    vote(world, r, [2], "against")
    assert r.status == "rejected" and r.close_reason == "decided"


def test_two_thirds_8_of_12_passes(world):
    set_rule(world, "business", "two_thirds")
    r = open_(world)
    assert r.required == 8
    vote(world, r, range(7))
    assert r.status == "open"
    vote(world, r, [7])
    assert r.status == "adopted"


def test_two_thirds_7_of_12_fails(world):
    set_rule(world, "business", "two_thirds")
    r = open_(world)
    vote(world, r, range(7))
    services.close_due(now=utcnow() + LATER)
    assert r.status == "rejected"


def test_abstentions_are_not_consent(world):
    set_rule(world, "business", "two_thirds")
    r = open_(world)
    vote(world, r, range(7))
    vote(world, r, range(7, 11), "abstain")
    assert r.status == "open"  # one vote outstanding could still make 8
    vote(world, r, [11], "abstain")
    # 7 for and 5 abstentions: 7 of 12 is below two thirds although nobody voted against.
    assert r.status == "rejected" and r.close_reason == "decided"


def test_majority_counts_all_partners_not_votes_cast(world):
    set_rule(world, "business", "majority")
    r = open_(world)
    assert r.required == 7
    vote(world, r, range(6))
    vote(world, r, [6], "against")
    services.close_due(now=utcnow() + LATER)
    # 6 for, 1 against, 5 missing: a majority of the votes cast, but not of the 12 partners.
    assert r.status == "rejected"


def test_vote_can_be_changed_until_closing(world):
    set_rule(world, "business", "majority")  # under unanimity an abstention would decide at once
    r = open_(world)
    services.cast_vote(actor=rep(world, 1), organisation=world.org, resolution=r, vote="abstain")
    services.cast_vote(actor=rep(world, 1), organisation=world.org, resolution=r, vote="for")
    db.session.commit()
    row = next(v for v in r.votes if v.partner_id == world.partners[1].id)
    assert row.vote == "for" and row.cast_by_id == world.user("member").id
    diffs = db.session.scalars(
        select(AuditEvent.diff).where(AuditEvent.tag == "resolution:vote")
    ).all()
    assert [d["vote"] for d in diffs] == [[None, "abstain"], ["abstain", "for"]]


def test_reading_after_the_deadline_shows_the_outcome_without_writing(world):
    r = open_(world)
    vote(world, r, range(12 - 1))
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    state = services.current_state(r, now=utcnow() + LATER)
    assert (state.status, state.recorded) == ("rejected", False)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert db.session.get(Resolution, r.id).status == "open"


def test_close_due_leaves_resolutions_before_their_deadline(world, runner):
    r = open_(world)
    result = runner.invoke(args=["resolutions", "close-due"])
    assert result.exit_code == 0, result.output
    assert "closed 0" in result.output
    assert r.status == "open"


def test_close_due_command_records_closings(world, runner, monkeypatch):
    r = open_(world)
    vote(world, r, range(12 - 1))
    r.deadline = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["resolutions", "close-due"])
    assert result.exit_code == 0, result.output
    assert "closed 1" in result.output
    db.session.expire_all()
    assert db.session.get(Resolution, r.id).status == "rejected"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "resolution:close")).one()


def test_vote_after_closing_is_refused_and_changes_nothing(world):
    r = open_(world)
    vote(world, r, range(12))
    assert r.status == "adopted"
    with pytest.raises(Conflict):
        services.cast_vote(
            actor=rep(world, 0), organisation=world.org, resolution=r, vote="against"
        )
    db.session.rollback()
    assert all(v.vote == "for" for v in db.session.get(Resolution, r.id).votes)


def test_vote_after_the_deadline_before_close_due_is_refused(world):
    r = open_(world)
    with pytest.raises(Conflict):
        services.cast_vote(
            actor=rep(world, 0),
            organisation=world.org,
            resolution=r,
            vote="for",
            now=utcnow() + LATER,
        )


def test_vote_by_someone_who_represents_no_partner_is_refused(world):
    r = open_(world)
    for user in (world.user("admin"),):
        with force_locale("en"), pytest.raises(PermissionDenied) as exc:
            services.cast_vote(actor=user, organisation=world.org, resolution=r, vote="for")
        assert "represent" in exc.value.message
    with pytest.raises(PermissionDenied):
        services.cast_vote(
            actor=world.user("observer"), organisation=world.org, resolution=r, vote="for"
        )
    db.session.rollback()
    assert all(v.vote is None for v in r.votes)


def test_bad_vote_value_is_refused(world):
    r = open_(world)
    with pytest.raises(ValidationError) as exc:
        services.cast_vote(actor=rep(world, 0), organisation=world.org, resolution=r, vote="yes")
    assert "vote" in exc.value.fields


def test_deadline_in_the_past_is_refused_and_nothing_is_written(world):
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(ValidationError) as exc:
        open_(world, days=-1)
    assert "deadline" in exc.value.fields
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Resolution)) == 0
    assert db.session.scalar(select(func.count()).select_from(ResolutionVote)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_only_the_chairman_opens(world):
    for role in ("member", "accountant", "admin", "observer"):
        with pytest.raises(PermissionDenied):
            services.open_resolution(
                actor=world.user(role),
                organisation=world.org,
                matter="business",
                title="x",
                deadline=utcnow() + dt.timedelta(days=1),
            )


def test_voters_are_the_partners_active_at_opening(world):
    from llp_gov.partners.services import record_withdrawal

    record_withdrawal(
        actor=world.user("admin"),
        organisation=world.org,
        partner=world.partners[11],
        on=dt.date(2026, 11, 1),
        reason="事業撤退",
    )
    r = open_(world)
    assert r.base == 11 and r.required == 11
    with pytest.raises(PermissionDenied):
        services.cast_vote(actor=rep(world, 11), organisation=world.org, resolution=r, vote="for")


# --- the agreement's rules and the Act's floors ----------------------------------------------


@pytest.mark.parametrize(
    "matter, rule",
    [
        ("important_property", "majority"),
        ("large_borrowing", "majority"),
        ("admission", "two_thirds"),
        ("admission", "majority"),
        ("profit_loss_ratio", "three_quarters"),
        ("dissolution", "majority"),
        ("return_of_capital", "two_thirds"),
        ("amendment", "two_thirds"),
        ("business", "one_partner"),
        ("no_such_matter", "unanimous"),
    ],
)
def test_rules_below_the_floor_are_refused(world, matter, rule):
    before = settings_of(world)
    with pytest.raises(ValidationError) as exc:
        set_rule(world, matter, rule)
    assert matter in exc.value.fields
    db.session.rollback()
    assert settings_of(world) == before


@pytest.mark.parametrize(
    "matter, rule",
    [
        ("business", "majority"),
        ("important_property", "two_thirds"),
        ("large_borrowing", "three_quarters"),
        ("expulsion", "majority"),
        ("admission", "unanimous"),
    ],
)
def test_rules_the_act_allows_are_recorded(world, matter, rule):
    set_rule(world, matter, rule)
    assert settings_of(world)[rules.SETTINGS_KEY][matter] == rule
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "org:settings")).first()
        is not None
    )


def test_required_votes():
    assert [rules.required_votes("two_thirds", n) for n in (11, 12, 3)] == [8, 8, 2]
    assert [rules.required_votes("majority", n) for n in (11, 12)] == [6, 7]
    assert rules.required_votes("three_quarters", 12) == 9
    assert rules.required_votes("unanimous", 11) == 11


# --- Ord. 5 band -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "net_assets, amount, expected_rule, basis",
    [
        (100_000_000, 50_000_000, "two_thirds", "agreement"),
        (100_000_000, 100_000_000, "unanimous", "outside_ord5_band"),
        (100_000_000, 150_000_000, "unanimous", "outside_ord5_band"),
        (5_000_000_000, 1_900_000_000, "two_thirds", "agreement"),
        (5_000_000_000, 2_500_000_000, "unanimous", "outside_ord5_band"),  # the ¥2bn cap
        (0, 1_000, "unanimous", "outside_ord5_band"),
    ],
)
def test_ord5_band_decides_which_rule_applies(
    world, monkeypatch, net_assets, amount, expected_rule, basis
):
    set_rule(world, "important_property", "two_thirds")
    monkeypatch.setattr(rules, "net_assets", lambda org, on: net_assets)
    r = open_(world, matter="important_property", amount=amount)
    assert (r.rule, r.rule_basis) == (expected_rule, basis)
    assert r.required == (8 if expected_rule == "two_thirds" else 12)


def test_ord5_band_uses_the_books(world):
    """With nothing in the books, net assets are zero: any amount is outside the band."""
    set_rule(world, "large_borrowing", "two_thirds")
    r = open_(world, matter="large_borrowing", amount=1)
    assert r.rule == "unanimous"


def test_property_matter_needs_an_amount(world):
    with pytest.raises(ValidationError) as exc:
        open_(world, matter="important_property")
    assert "amount" in exc.value.fields


def test_delegation_needs_the_clause_and_thresholds_are_positive_yen(world):
    before = settings_of(world)
    with pytest.raises(ValidationError) as exc:
        services.set_rules(
            actor=world.user("chairman"),
            organisation=world.org,
            rules_by_matter={},
            terms={
                "chairman_approves_projects": True,
                "delegation_clause": " ",
                "large_borrowing_threshold": -5,
            },
        )
    assert set(exc.value.fields) == {"delegation_clause", "large_borrowing_threshold"}
    db.session.rollback()
    assert settings_of(world) == before
    services.set_rules(
        actor=world.user("admin"),
        organisation=world.org,
        rules_by_matter={},
        terms={
            "chairman_approves_projects": True,
            "delegation_clause": "第15条第2項",
            "large_borrowing_threshold": 10_000_000,
        },
    )
    db.session.commit()
    assert settings_of(world)["delegation_clause"] == "第15条第2項"
    assert settings_of(world)["large_borrowing_threshold"] == 10_000_000


def test_switching_the_delegation_off_sends_approval_to_the_partners(world):
    from llp_gov.projects import workflow
    from tests.projects.helpers import make_project

    services.set_rules(
        actor=world.user("chairman"),
        organisation=world.org,
        rules_by_matter={},
        terms={"chairman_approves_projects": False},
    )
    db.session.commit()
    project = make_project(world)
    assert workflow.required_matters(world.org, project) == ["business"]
