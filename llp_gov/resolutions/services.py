"""Partner resolutions: reading them and the agreement's voting rules; opening (opening.py) and
voting and closing (voting.py) are re-exported here for the pages, the API and the CLI."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from llp_gov.auth import policy
from llp_gov.db import db, get_in_org
from llp_gov.orgs import services as org_services
from llp_gov.pagination import Page, paginate
from llp_gov.resolutions import rules
from llp_gov.resolutions.models import Resolution

# Opening and voting live in their own modules; these names stay importable from here.
from llp_gov.resolutions.opening import (  # noqa: E402, F401
    MAX_OPEN_DAYS,
    PROJECT_MATTERS,
    open_resolution,
)
from llp_gov.resolutions.tally import State, state
from llp_gov.resolutions.voting import (  # noqa: E402, F401
    cast_vote,
    close,
    close_due,
    record_vote,
    waiting_for_vote,
)


def _resolutions_stmt(organisation):
    return (
        select(Resolution)
        .where(Resolution.organisation_id == organisation.id)
        .options(selectinload(Resolution.votes))  # the tally of every row in one query
        .order_by(Resolution.opened_at.desc(), Resolution.id.desc())
    )


def list_resolutions(*, actor, organisation) -> list[Resolution]:
    """Every resolution of the organisation, newest first, votes loaded. Raises PermissionDenied without resolution:read (NotFound for an outsider)."""
    policy.require(actor, organisation, "resolution:read")
    return list(db.session.scalars(_resolutions_stmt(organisation)))


def page_of_resolutions(*, actor, organisation, page: int = 1, per_page: int = 50) -> Page:
    """One page (1-based) of the resolutions newest first, their votes loaded with the page
    (one query for all the page's tallies)."""
    policy.require(actor, organisation, "resolution:read")
    return paginate(_resolutions_stmt(organisation), page=page, per_page=per_page, count=False)


def get_resolution(*, actor, organisation, resolution_id: int) -> Resolution:
    """One resolution of this organisation. Raises NotFound for an id of another organisation or none, PermissionDenied without resolution:read."""
    policy.require(actor, organisation, "resolution:read")
    return get_in_org(Resolution, resolution_id, organisation)


def current_state(resolution: Resolution, now: dt.datetime | None = None) -> State:
    """Status as of now, computed, never written (close-due records it)."""
    return state(resolution, now)


def set_rules(*, actor, organisation, rules_by_matter: dict[str, str], terms: dict | None = None):
    """Record the agreement's voting rule per matter (a rule below the Act's floor is refused)
    and its other decision terms: the chairman's delegation and the yen thresholds."""
    policy.require(actor, organisation, "org:update")
    rules.validate_rules(rules_by_matter)
    terms = rules.validate_terms(terms or {})
    merged = (organisation.setting(rules.SETTINGS_KEY) or {}) | rules_by_matter
    return org_services.update_settings(
        actor=actor, organisation=organisation, **{rules.SETTINGS_KEY: merged}, **terms
    )
