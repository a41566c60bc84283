"""Answers to the ledger's signals (llp_gov/ledger/signals.py), connected at init_app: the
ledger sits below resolutions and does not import them.

- ``resolution_lookup``: the organisation's resolution by id (distributions and returns of
  capital cite an adopted resolution, Act 12(1), 34(2); a profit and loss ratio needs an
  adopted unanimous one, Ord. 36).
- ``contribution_fully_paid``: an adopted admission of that partner takes effect (Act 24).
"""

from __future__ import annotations

from llp_gov.db import db
from llp_gov.ledger import signals
from llp_gov.resolutions import effects
from llp_gov.resolutions.models import Resolution


def lookup(organisation, *, resolution_id: int) -> Resolution | None:
    resolution = db.session.get(Resolution, resolution_id)
    if resolution is None or resolution.organisation_id != organisation.id:
        return None
    return resolution


def admit_when_paid(partner, *, organisation, actor) -> None:
    for resolution in effects.admissions_waiting(organisation):
        if resolution.subject_partner_id == partner.id:
            done = effects.admit_if_paid(
                actor=actor, organisation=organisation, resolution=resolution
            )
            resolution.effects = (resolution.effects or {}) | done


def connect() -> None:
    signals.resolution_lookup.connect(lookup)
    signals.contribution_fully_paid.connect(admit_when_paid)
