"""The audit page's filters read what the page shows (issue 14, new-user trial): a tag by its
words in the reader's language or its code, an actor by name or address. Each filter is a
condition on the one page query (no query of its own)."""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement, or_, select, true

from llp_gov.audit import presentation
from llp_gov.audit.models import AuditEvent


def folded(text: str) -> str:
    """Typed or shown text compared as one: NFKC (full-width letters, half-width kana) and
    case-folded."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def tag_condition(typed: str) -> ColumnElement[bool]:
    """Events whose tag's words (category or action, in the reader's language, or the two as
    shown, "Partners: changed") contain the typed text, or whose code starts with it."""
    text = folded(typed)
    if not text:
        return true()
    categories = {k for k, w in presentation.CATEGORIES.items() if text in folded(str(w))}
    actions = {k for k, w in presentation.ACTIONS.items() if text in folded(str(w))}
    both: list[ColumnElement[bool]] = []
    if ":" in text:  # "Partners: changed" as shown (the code itself is matched below)
        head, tail = (part.strip() for part in text.split(":", 1))
        heads = [k for k, w in presentation.CATEGORIES.items() if folded(str(w)) == head]
        tails = [a for a, w in presentation.ACTIONS.items() if folded(str(w)).startswith(tail)]
        both = [
            AuditEvent.tag.startswith(k + ":") & AuditEvent.tag.endswith(":" + a)
            for k in heads
            for a in tails
        ]
    return or_(
        AuditEvent.tag.startswith(text, autoescape=True),
        *[AuditEvent.tag.startswith(k + ":") for k in sorted(categories)],
        *[AuditEvent.tag.endswith(":" + a) for a in sorted(actions)],
        *both,
    )


def actor_condition(typed: str) -> ColumnElement[bool]:
    """Events by a user whose name or e-mail address contains the typed text (as the Actor
    column shows the name), or whose recorded label does (the system, a deleted user)."""
    from llp_gov.auth.models import User  # noqa: PLC0415 (audit imports no domain at import)

    text = unicodedata.normalize("NFKC", typed).strip()
    users = select(User.id).where(
        or_(
            User.name.icontains(text, autoescape=True),
            User.email.icontains(text, autoescape=True),
        )
    )
    return or_(
        AuditEvent.actor_label.icontains(text, autoescape=True),
        AuditEvent.actor_id.in_(users),
    )
