"""Answers the documents area asks of areas above it, registered by them at app init.

The documents API shows the signatures of a document's latest PDF, but signing sits above
documents (it signs and stores documents), so documents imports none of it: llp_gov.signing
registers `signatures_of` in its init_app. Without a registration a document has no signatures
to show (an installation without the signing area), which is the truthful answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_hooks: dict[str, Callable[..., Any]] = {}


def register(*, signatures_of: Callable[[Any], list[dict]]) -> None:
    """Register `signatures_of(document) -> [verification result dict, ...]` (llp_gov.signing)."""
    _hooks["signatures_of"] = signatures_of


def signatures_of(document: Any) -> list[dict]:
    """The verified signatures of the document's latest version ([] for a non-PDF, or when no
    area answers); each a dict as llp_gov.signing.verify.verify_pdf_signatures returns it."""
    hook = _hooks.get("signatures_of")
    return [] if hook is None else list(hook(document))
