"""The request flow's questions about access, answered by the domains that own them.

`llp_gov.web` (pages) and `llp_gov.api` (API actions) load the organisation of a URL, check the
current user's permission there and authenticate API tokens, but they sit below the domains and
import none of them (the import contracts in pyproject.toml say so). The owners register the
answers when the app is created: `llp_gov.orgs` the organisation loader, a user's organisations and
the membership row, `llp_gov.auth` the role policy and the token lookup (each in its package's
``init_app``). `llp_gov.auth` sits below `llp_gov.orgs` and asks orgs through these hooks too. Calling a hook that nobody
registered is a programming error (RuntimeError), never a silent allow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_hooks: dict[str, Callable[..., Any]] = {}

HOOKS = (
    "org_by_slug",
    "orgs_of",
    "find_membership",
    "require",
    "can",
    "membership_of",
    "user_for_token",
)


def register(**hooks: Callable[..., Any]) -> None:
    """Register the answers by name (see HOOKS); a later registration replaces an earlier one.

    Raises TypeError for a name that is not a hook."""
    unknown = set(hooks) - set(HOOKS)
    if unknown:
        raise TypeError(f"unknown access hooks: {sorted(unknown)}")
    _hooks.update(hooks)


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _hooks[name]
    except KeyError:
        raise RuntimeError(
            f"access hook {name!r} is not registered (create_app runs init_app)"
        ) from None


def org_by_slug(slug: str) -> Any:
    """The Organisation with URL slug `slug`; NotFound (404) when there is none."""
    return _hook("org_by_slug")(slug)


def orgs_of(user: Any) -> list[Any]:
    """The Organisations `user` is a member of, by name (an empty list for none)."""
    return list(_hook("orgs_of")(user))


def find_membership(user_id: int, organisation_id: int) -> Any:
    """The Membership row of user `user_id` in organisation `organisation_id`, or None.

    Uncached: `membership_of` (the role policy's answer, cached per request) is what pages and
    services ask; this is the policy's own lookup."""
    return _hook("find_membership")(user_id, organisation_id)


def require(actor: Any, organisation: Any, action: str) -> None:
    """Raise NotFound (404) for an outsider of `organisation`, PermissionDenied (403) for a member
    whose role may not do `action` (e.g. ``"partner:write"``); return None otherwise."""
    _hook("require")(actor, organisation, action)


def can(actor: Any, organisation: Any, action: str) -> bool:
    """True when `actor` may do `action` in `organisation` (no exception)."""
    return bool(_hook("can")(actor, organisation, action))


def membership_of(actor: Any, organisation: Any) -> Any:
    """The actor's Membership in `organisation`, or None."""
    return _hook("membership_of")(actor, organisation)


def user_for_token(token: str) -> Any:
    """The active User of an API token (the secret as given), or None."""
    return _hook("user_for_token")(token)
