"""Issue 10 item 8 (Act 12(1)-(2), Ord. 5(1)): without thresholds in the agreement every
important property or large borrowing needs the statutory resolution; the relaxed rule applies
only when both Ord. 5 conditions hold (amount below net assets, possible loss below net assets
minus contributions)."""

from __future__ import annotations

import pytest

from llp_gov.projects import workflow
from llp_gov.resolutions import rules
from tests.projects.helpers import make_project
from tests.resolutions.helpers import open_, set_rule


@pytest.mark.parametrize(
    "net_assets, contributions, amount, expected",
    [
        (12_000_000, 12_000_000, 11_999_999, "unanimous"),  # the case: no surplus
        (12_000_000, 10_000_000, 1_999_999, "two_thirds"),  # both conditions hold
        (12_000_000, 10_000_000, 2_000_000, "unanimous"),  # loss not below the surplus
        (12_000_000, 0, 12_000_000, "unanimous"),  # amount not below net assets
    ],
)
def test_ord5_band_needs_both_conditions(
    world, monkeypatch, net_assets, contributions, amount, expected
):
    set_rule(world, "important_property", "two_thirds")
    monkeypatch.setattr(rules, "net_assets", lambda org, on: net_assets)
    monkeypatch.setattr(rules, "contributions", lambda org, on: contributions)
    r = open_(world, matter="important_property", amount=amount)
    assert r.rule == expected
    assert r.rule_basis == ("agreement" if expected == "two_thirds" else "outside_ord5_band")


def test_without_thresholds_property_and_borrowing_need_a_resolution(world):
    world.org.settings = {"chairman_approves_projects": True, "delegation_clause": "第15条"}
    project = make_project(world, property_amount=80_000_000, borrowing_amount=100_000_000)
    assert workflow.required_matters(world.org, project) == [
        "important_property",
        "large_borrowing",
    ]
    small = make_project(world)
    assert workflow.required_matters(world.org, small) == []
