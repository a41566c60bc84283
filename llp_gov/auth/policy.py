"""The one map from role to permitted actions, used by pages, API and CLI alike.

Record-level rules (a restricted document's partner list, "only the partner's designated
representative votes") live in the owning domain's services on top of this table.
"""

from __future__ import annotations

from sqlalchemy import select

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


def membership_of(user, organisation):
    """Return the user's membership in the organisation, or None."""
    from llp_gov.orgs.models import Membership

    if user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return None
    return db.session.execute(
        select(Membership).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user.id
        )
    ).scalar_one_or_none()


def role_of(user, organisation) -> str | None:
    m = membership_of(user, organisation)
    return m.role if m else None


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
