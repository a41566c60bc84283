"""The authorization matrix: every URL rule x every role, anonymous, and an outsider.

Each domain lists its routes in tests/<domain>/access.py as RULES = {(METHOD, endpoint): Rule}.
test_authz_matrix.py fails when the app has a route without an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("chairman", "member", "accountant", "admin", "observer")
EVERYONE = frozenset(ROLES)
READERS = EVERYONE


@dataclass
class Rule:
    path: str  # formatted with {slug} and whatever `params` returns
    allowed: frozenset[str] | set[str]
    api: bool = False
    params: Callable | None = None  # params(world) -> dict of extra path values
    data: dict = field(default_factory=dict)
    public: bool = False  # reachable without signing in
    org_scoped: bool = True  # an outsider must get 404
    # Statuses an allowed role may get besides 2xx/3xx (e.g. 422 for an empty form post).
    ok_statuses: tuple[int, ...] = (400, 409, 413, 415, 422)
