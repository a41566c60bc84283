"""The partners of an organisation, answered by the partners domain.

`llp_gov.partners` sits above `llp_gov.orgs` in the import layers (pyproject.toml), yet the
organisation's checks and pages count and list its partners. The partners domain registers its
answer here in its `init_app`; orgs never imports partners.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_source: Callable[[Any, Sequence[str] | None], list[Any]] | None = None


def register(fn: Callable[[Any, Sequence[str] | None], list[Any]]) -> None:
    """Set the function answering partners_of (the partners domain's init_app)."""
    global _source
    _source = fn


def partners_of(organisation, statuses: Sequence[str] | None = None) -> list[Any]:
    """The organisation's partners (Partner rows) in register order, only those whose status is
    in `statuses` when given; [] when no partners domain is installed."""
    return list(_source(organisation, statuses)) if _source is not None else []
