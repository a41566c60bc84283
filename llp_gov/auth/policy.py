"""The one map from role to permitted actions, used by pages, API and CLI alike.

Record-level rules (a restricted document's partner list, "only the partner's designated
representative votes") live in the owning domain's services on top of this table.

Memberships are rows of `llp_gov.orgs`, which sits above auth: the policy reads them through
`llp_gov.access.find_membership` (registered by orgs), and orgs tells the policy to forget its
per-request answers when a flush writes a membership (`forget_memberships`).
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from llp_gov import access
from llp_gov.errors import NotFound, PermissionDenied

READ = {
    "org:read",
    "partner:read",
    "counterparty:read",
    "document:read",
    "search:read",
    "ledger:read",
    "contract:read",
    "project:read",
    "resolution:read",
}

PERMISSIONS: dict[str, frozenset[str]] = {
    "observer": frozenset(READ),
    "member": frozenset(
        READ
        | {
            "counterparty:create",
            "document:upload",
            "contract:draft",
            "project:propose",
            "resolution:vote",
        }
    ),
    "accountant": frozenset(
        READ
        | {
            "counterparty:create",
            "document:upload",
            "ledger:post",
            "ledger:close",
            "ledger:export",
            "contribution:record",
            "distribution:record",
            "resolution:vote",
        }
    ),
    # The chairman decides; he does not keep the books.
    "chairman": frozenset(
        READ
        | {
            "org:update",
            "partner:create",
            "partner:update",
            "partner:withdraw",
            "counterparty:create",
            "counterparty:update",
            "audit:read",
            "document:upload",
            "document:read_restricted",
            "document:withdraw",
            "ledger:export",
            "ratio:record",
            "contract:draft",
            "contract:approve",
            "project:propose",
            "project:decide",
            "resolution:open",
            "resolution:vote",
        }
    ),
    # An admin administers the register and the users; it does not decide.
    "admin": frozenset(
        READ
        | {
            "org:update",
            "partner:create",
            "partner:update",
            "partner:withdraw",
            "counterparty:create",
            "counterparty:update",
            "user:admin",
            "audit:read",
            "document:upload",
            "document:read_restricted",
            "document:withdraw",
            "resolution:vote",
        }
    ),
}


_CACHE_ATTR = "_llp_gov_memberships"


_Answer = tuple[Any, str | None]


def _request_cache() -> dict[tuple[int, int], _Answer] | None:
    """The membership cache of the current request, or None outside a request.

    Only a request caches: a CLI command or a test calling services keeps no state between
    calls. The cache is dropped when a flush writes any Membership (see forget_memberships)."""
    if not has_request_context():
        return None
    cache: dict[tuple[int, int], _Answer] | None = getattr(request, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE_ATTR, cache)
    return cache


def forget_memberships() -> None:
    """Drop the current request's cached memberships (no-op outside a request).

    Called by `llp_gov.orgs` after a flush that adds, changes or deletes a Membership, so a
    check later in the same request sees the new role."""
    if has_request_context() and getattr(request, _CACHE_ATTR, None) is not None:
        setattr(request, _CACHE_ATTR, {})


def _lookup(user: Any, organisation: Any) -> _Answer:
    if user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return None, None
    cache = _request_cache()
    key = (user.id, organisation.id)
    if cache is not None and key in cache:
        return cache[key]
    m = access.find_membership(user.id, organisation.id)
    found: _Answer = (m, m.role if m else None)
    if cache is not None:
        cache[key] = found
    return found


def membership_of(user: Any, organisation: Any) -> Any:
    """Return the user's Membership in the organisation, or None (also for an anonymous user).

    `user` is a User (or Flask-Login's anonymous user), `organisation` an Organisation.
    Within a request the answer is selected once per (user, organisation) and reused by every
    later check of that request (pages check many actions: navigation, buttons, services)."""
    return _lookup(user, organisation)[0]


def role_of(user: Any, organisation: Any) -> str | None:
    """The user's role in the organisation (a key of PERMISSIONS), or None for an outsider."""
    return _lookup(user, organisation)[1]


def can(user: Any, organisation: Any, action: str) -> bool:
    """True when the user's role in the organisation permits `action` (e.g. "ledger:post");
    False for an outsider or a role without it. Raises nothing."""
    role = role_of(user, organisation)
    return role is not None and action in PERMISSIONS[role]


def require(user: Any, organisation: Any, action: str) -> None:
    """Return None when the user's role permits `action` in the organisation.

    Raises NotFound (404) for an outsider, who learns nothing (not even that the organisation
    exists), and PermissionDenied (403) for a member whose role lacks the action."""
    role = role_of(user, organisation)
    if role is None:
        raise NotFound()
    if action not in PERMISSIONS[role]:
        raise PermissionDenied()
