"""Signals of the ledger (blinker, as in llp_gov/resolutions/signals.py).

The ledger sits below resolutions: it must not import them. What it needs from them it asks
through these signals, whose receivers resolutions connects in its ``init_app``; what it tells
them it sends. Receivers run synchronously inside the sender's transaction (flushed, not
committed); an exception in a receiver aborts the whole action.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace

_signals = Namespace()

#: Sent when a partner's agreed contributions are fully received (Act 24: an admission takes
#: effect then). sender: the Partner; keyword arguments: ``organisation``, ``actor``.
contribution_fully_paid = _signals.signal("contribution-fully-paid")

#: Question: the resolution `resolution_id` of the organisation (sender: the Organisation;
#: keyword ``resolution_id``; answer: an object with ``organisation_id``, ``matter``,
#: ``status`` and ``votes`` (each with ``vote``), or None). Without an answer (no resolutions
#: domain) the ledger finds no resolution and refuses what needs one.
resolution_lookup = _signals.signal("resolution-lookup")


def answer(signal, sender, default: Any = None, **kwargs) -> Any:
    """The first receiver's non-None return value, else `default`."""
    for _receiver, value in signal.send(sender, **kwargs):
        if value is not None:
            return value
    return default


def find_resolution(organisation, resolution_id) -> Any:
    """The organisation's resolution `resolution_id` as resolutions answers it, or None (also
    for an id that is not an integer, or a resolution of another organisation)."""
    if not isinstance(resolution_id, int) or isinstance(resolution_id, bool):
        return None
    found = answer(resolution_lookup, organisation, resolution_id=resolution_id)
    if found is None or found.organisation_id != organisation.id:
        return None
    return found
