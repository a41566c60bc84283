"""The one map from role to permitted actions, used by pages, API and CLI alike.

Record-level rules (a restricted document's partner list, "only the partner's designated
representative votes") live in the owning domain's services on top of this table.
"""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from llp_gov.db import db
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


def _request_cache() -> dict | None:
    """The membership cache of the current request, or None outside a request.

    Only a request caches: a CLI command or a test calling services keeps no state between
    calls. The cache is dropped when a flush writes any Membership (see _forget_on_flush)."""
    if not has_request_context():
        return None
    cache = getattr(request, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE_ATTR, cache)
    return cache


@event.listens_for(Session, "after_flush")
def _forget_on_flush(session, flush_context) -> None:
    from llp_gov.orgs.models import Membership

    if not has_request_context() or getattr(request, _CACHE_ATTR, None) is None:
        return
    changed = session.new | session.dirty | session.deleted
    if any(isinstance(obj, Membership) for obj in changed):
        setattr(request, _CACHE_ATTR, {})


def _lookup(user, organisation) -> tuple[object | None, str | None]:
    from llp_gov.orgs.models import Membership

    if user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return None, None
    cache = _request_cache()
    key = (user.id, organisation.id)
    if cache is not None and key in cache:
        return cache[key]
    m = db.session.execute(
        select(Membership).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user.id
        )
    ).scalar_one_or_none()
    found = (m, m.role if m else None)
    if cache is not None:
        cache[key] = found
    return found


def membership_of(user, organisation):
    """Return the user's membership in the organisation, or None.

    Within a request the answer is selected once per (user, organisation) and reused by every
    later check of that request (pages check many actions: navigation, buttons, services)."""
    return _lookup(user, organisation)[0]


def role_of(user, organisation) -> str | None:
    return _lookup(user, organisation)[1]


def can(user, organisation, action: str) -> bool:
    role = role_of(user, organisation)
    return role is not None and action in PERMISSIONS[role]


def require(user, organisation, action: str) -> None:
    """Raise NotFound for outsiders (they learn nothing) and PermissionDenied for the rest."""
    role = role_of(user, organisation)
    if role is None:
        raise NotFound()
    if action not in PERMISSIONS[role]:
        raise PermissionDenied()
