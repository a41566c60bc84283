"""The ledger's rules as services: posting, reversal, contributions, closing, distributions."""

import pytest
from sqlalchemy import func, select

from llp_gov.errors import NotFound, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import services as ledger
from llp_gov.ledger.models import JournalEntry
from tests.ledger.conftest import D, post
from tests.resolutions.helpers import adopt


def entry_count():
    return db.session.scalar(select(func.count()).select_from(JournalEntry))


def test_contribution_posts_to_the_partners_capital_account(books):
    assert ledger.net_assets(books.org, D(2025, 4, 1)) == 12_000_000
    assert ledger.net_assets(books.org, D(2025, 3, 31)) == 0
    by = ledger.contributions_by_partner(books.org)
    assert by[books.partners[0].id]["received"] == 1_000_000
    assert by[books.partners[0].id]["kind"] == "money"
    assert ledger.is_fully_paid(books.org, books.partners[0])


@pytest.mark.parametrize("kind", ["labour", "credit"])
def test_labour_and_credit_contributions_are_refused(world, kind):
    with pytest.raises(ValidationError) as exc:
        ledger.record_contribution(
            actor=world.user("accountant"),
            organisation=world.org,
            partner=world.partners[0],
            kind=kind,
            agreed_amount=100,
            received_amount=0,
            received_on=None,
        )
    assert "Act 11" in exc.value.fields["kind"]
    assert entry_count() == 0


def test_property_needs_a_valuation_basis_and_partial_payment_is_not_fully_paid(world):
    acc = world.user("accountant")
    with pytest.raises(ValidationError) as exc:
        ledger.record_contribution(
            actor=acc,
            organisation=world.org,
            partner=world.partners[1],
            kind="property",
            agreed_amount=500_000,
            received_amount=500_000,
            received_on=D(2025, 5, 1),
        )
    assert "valuation_basis" in exc.value.fields
    ledger.record_contribution(
        actor=acc,
        organisation=world.org,
        partner=world.partners[1],
        kind="money",
        agreed_amount=500_000,
        received_amount=200_000,
        received_on=D(2025, 5, 1),
    )
    assert not ledger.is_fully_paid(world.org, world.partners[1])
    assert (
        ledger.contributions_by_partner(world.org)[world.partners[1].id]["outstanding"] == 300_000
    )


def test_unbalanced_fractional_negative_and_unknown_lines_post_nothing(books):
    before = entry_count()
    bad = [
        [("112", 100, 0), ("410", 0, 99)],
        [("112", 100.5, 0), ("410", 0, 100.5)],
        [("112", -100, 0), ("410", 0, -100)],
        [("999", 100, 0), ("410", 0, 100)],
        [("112", 100, 100), ("410", 0, 0)],
        [("112", 100, 0)],
    ]
    for lines in bad:
        with pytest.raises(ValidationError):
            post(books, D(2025, 6, 1), "bad", *lines)
    db.session.rollback()
    assert entry_count() == before


def test_member_cannot_post_and_outsider_sees_nothing(books):
    with pytest.raises(PermissionDenied):
        post(books, D(2025, 6, 1), "x", ("112", 1, 0), ("410", 0, 1), actor=books.user("member"))
    with pytest.raises(NotFound):
        post(
            books,
            D(2025, 6, 1),
            "x",
            ("112", 1, 0),
            ("410", 0, 1),
            actor=books.other_users["chairman"],
        )


def test_reversal_restores_balances_and_points_to_the_original(books):
    before = ledger.net_assets(books.org, D(2025, 12, 31))
    entry = post(books, D(2025, 6, 1), "Commission", ("112", 330_000, 0), ("410", 0, 330_000))
    assert ledger.net_assets(books.org, D(2025, 12, 31)) == before + 330_000
    reversal = ledger.reverse_entry(
        actor=books.user("accountant"), organisation=books.org, entry=entry
    )
    assert reversal.reverses_id == entry.id and reversal.kind == "reversal"
    assert ledger.net_assets(books.org, D(2025, 12, 31)) == before
    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=books.user("accountant"), organisation=books.org, entry=entry)


def test_fiscal_years_are_named_by_the_year_they_start_in(world):
    assert ledger.fiscal_year_of(world.org, D(2026, 4, 1)) == 2026
    assert ledger.fiscal_year_of(world.org, D(2027, 3, 31)) == 2026
    assert ledger.fiscal_year_bounds(world.org, 2026) == (D(2026, 4, 1), D(2027, 3, 31))


def test_close_allocates_exactly_and_nothing_posts_into_the_closed_year(books):
    post(books, D(2025, 6, 1), "Commission", ("112", 1_000_001, 0), ("410", 0, 1_000_001))
    post(books, D(2025, 7, 1), "Subcontracting", ("510", 300_000, 0), ("112", 0, 300_000))
    result = ledger.close_fiscal_year(
        actor=books.user("accountant"), organisation=books.org, year=2025
    )
    assert result["net_income"] == 700_001
    shares = [p["net_result"] for p in result["partners"]]
    assert sum(shares) == 700_001
    assert max(shares) - min(shares) <= 2
    with pytest.raises(ValidationError) as exc:
        post(books, D(2026, 3, 31), "late", ("112", 1, 0), ("410", 0, 1))
    assert "closed" in exc.value.message
    # Profit and loss accounts are zero after closing; the capital accounts carry the result.
    tb = ledger.trial_balance(
        actor=books.user("member"), organisation=books.org, date_to=D(2026, 3, 31)
    )
    assert all(r["balance"] == 0 for r in tb["rows"] if r["type"] in ("revenue", "expense"))
    assert ledger.net_assets(books.org, D(2026, 3, 31)) == 12_700_001


def test_custom_ratio_without_adopted_agreement_is_refused(books):
    post(books, D(2025, 6, 1), "Commission", ("112", 1_200, 0), ("410", 0, 1_200))
    ratios = {p.id: (1, 12) for p in books.partners}
    ratios[books.partners[0].id] = (2, 12)
    ratios[books.partners[1].id] = (0, 12)
    with pytest.raises(ValidationError) as exc:
        ledger.close_fiscal_year(
            actor=books.user("accountant"), organisation=books.org, year=2025, ratios=ratios
        )
    assert "Ord. 36" in exc.value.message


def test_adopted_ratio_agreement_applies_from_its_start(books):
    ratios = {p.id: (1, 22) for p in books.partners}
    ratios[books.partners[0].id] = (11, 22)
    with pytest.raises(ValidationError):  # no signed agreement attached
        ledger.adopt_ratio_agreement(
            actor=books.user("chairman"),
            organisation=books.org,
            ratios=ratios,
            reason="r",
            starts_on=D(2025, 4, 1),
        )
    with pytest.raises(PermissionDenied):
        ledger.adopt_ratio_agreement(
            actor=books.user("accountant"),
            organisation=books.org,
            ratios=ratios,
            reason="r",
            starts_on=D(2025, 4, 1),
            resolution_id=None,
            document_id=1,
        )
    with pytest.raises(ValidationError) as exc:  # issue 10 item 7: no such resolution
        ledger.adopt_ratio_agreement(
            actor=None,
            organisation=books.org,
            ratios=ratios,
            reason="Partner 1 leads sales",
            starts_on=D(2025, 4, 1),
            resolution_id=7,
        )
    assert "resolution_id" in exc.value.fields
    percent = {str(p.id): 5 for p in books.partners}
    percent[str(books.partners[0].id)] = 45
    adopt(
        books,
        "profit_loss_ratio",
        payload={"ratios": percent, "reason": "Partner 1 leads sales", "starts_on": "2025-04-01"},
    )
    ratios = {int(k): (v, 100) for k, v in percent.items()}
    post(books, D(2025, 6, 1), "Commission", ("112", 2_200, 0), ("410", 0, 2_200))
    result = ledger.close_fiscal_year(
        actor=books.user("accountant"), organisation=books.org, year=2025, ratios=ratios
    )
    by = {p["partner_id"]: p["net_result"] for p in result["partners"]}
    assert by[books.partners[0].id] == 990 and by[books.partners[1].id] == 110


def test_distribution_over_the_limit_is_refused_with_the_limit(books):
    # 12M contributed, no profit: distributable = 12M − min(3M, 12M) = 9M; surplus = 0.
    with pytest.raises(ValidationError) as exc:
        ledger.record_distribution(
            actor=books.user("accountant"),
            organisation=books.org,
            distributed_on=D(2025, 9, 1),
            shares={books.partners[0].id: 9_000_001},
        )
    assert "9,000,000" in exc.value.message and "Ord. 37" in exc.value.message


def test_return_of_capital_needs_unanimous_consent(books):
    shares = {books.partners[0].id: 500_000}
    with pytest.raises(ValidationError) as exc:
        ledger.record_distribution(
            actor=books.user("accountant"),
            organisation=books.org,
            distributed_on=D(2025, 9, 1),
            shares=shares,
        )
    assert "Act 34(2)" in exc.value.message
    returned = adopt(books, "return_of_capital", amount=500_000)
    d = ledger.record_distribution(
        actor=books.user("accountant"),
        organisation=books.org,
        distributed_on=D(2025, 9, 1),
        shares=shares,
        unanimous_consent=True,
        resolution_id=returned.id,
    )
    assert d.return_of_capital
    assert ledger.net_assets(books.org, D(2025, 9, 1)) == 11_500_000


def test_distribution_within_surplus_and_withholding_for_non_residents(books):
    foreign = books.partners[11]
    foreign.is_domestic, foreign.country = False, "KR"
    post(books, D(2025, 6, 1), "Commission", ("112", 12_000_000, 0), ("410", 0, 12_000_000))
    result = ledger.close_fiscal_year(
        actor=books.user("accountant"), organisation=books.org, year=2025
    )
    kr = next(p for p in result["partners"] if p["partner_id"] == foreign.id)
    assert kr["net_result"] == 1_000_000
    assert kr["withholding_tax"] == 204_200  # 20.42%, rounded down
    assert ledger.withholding_tax(999) == 203  # 203.99 → 203
    ledger.record_distribution(
        actor=books.user("accountant"),
        organisation=books.org,
        distributed_on=D(2026, 5, 1),
        shares={books.partners[0].id: 1_000_000},
        resolution_id=adopt(books, "business").id,
    )


def test_loss_limit_tracks_the_adjusted_base(books):
    acc = books.user("accountant")
    post(books, D(2025, 6, 1), "Big loss", ("510", 24_000_000, 0), ("240", 0, 24_000_000))
    result = ledger.close_fiscal_year(actor=acc, organisation=books.org, year=2025)
    first = result["partners"][0]
    assert first["net_result"] == -2_000_000
    assert first["adjusted_base"] == 1_000_000
    assert first["loss_deductible"] == 1_000_000 and first["loss_excess"] == 1_000_000
    assert first["carryforward_end"] == 1_000_000  # corporate partner carries the excess forward


def test_compliance_panel_lists_unpaid_partners(world):
    from llp_gov.orgs import compliance

    ledger.record_contribution(
        actor=world.user("accountant"),
        organisation=world.org,
        partner=world.partners[0],
        kind="money",
        agreed_amount=100,
        received_amount=50,
        received_on=D(2025, 4, 1),
    )
    checks = {c.key: c for c in compliance.compute(world.org)}
    assert checks["contributions_paid"].status == "failed"
    assert any("¥50" in d for d in checks["contributions_paid"].details)
    items = {k: ok for k, _l, ok in compliance.agreement_items(world.org, world.partners)}
    assert items["contributions"] is False


def test_time_weighted_ratio_only_when_the_agreement_says_so(world):
    acc = world.user("accountant")
    a, b = world.partners[0], world.partners[1]
    for p, on in ((a, D(2025, 4, 1)), (b, D(2025, 10, 1))):
        ledger.record_contribution(
            actor=acc,
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=1_000_000,
            received_amount=1_000_000,
            received_on=on,
        )
    from llp_gov.ledger import books

    fy = books.get_fiscal_year(world.org, 2025, create=True)
    weights, _ = ledger.ratio_for_year(world.org, fy)
    assert dict(weights) == {a.id: 1_000_000, b.id: 1_000_000}  # Act 33: contributions paid
    world.org.settings = {**world.org.settings, "allocation_time_weighted": True}
    weights, _ = ledger.ratio_for_year(world.org, fy)
    assert dict(weights) == {a.id: 1_000_000 * 365, b.id: 1_000_000 * 182}


def test_cli_export_writes_the_file(books, runner, tmp_path):
    out = tmp_path / "journal.csv"
    result = runner.invoke(
        args=[
            "ledger",
            "export",
            "--org",
            books.org.slug,
            "--user",
            "accountant@klic.test",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    refused = runner.invoke(
        args=[
            "ledger",
            "export",
            "--org",
            books.org.slug,
            "--user",
            "member@klic.test",
            "-o",
            str(out),
        ]
    )
    assert refused.exit_code != 0
