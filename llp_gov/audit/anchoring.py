"""RFC 3161 time stamps on audit anchors (issue 13, item 6; RFC 3161 section 2.4).

`flask audit anchor FILE` writes the chain heads (llp_gov.audit.verify.anchor_document) and,
when a time-stamp authority is configured (LLP_GOV_TSA_URL), asks it to time-stamp the SHA-256
of the document's canonical form: the JSON of the document without its "timestamp" member, keys
sorted, no spaces, UTF-8. The token (a DER ``TimeStampToken``, RFC 3161 2.4.2, base64) goes into
the file under "timestamp". `flask audit verify --anchor FILE` checks it: the token's message
imprint must be the digest of the document as read, and its signature must validate up to a root
of LLP_GOV_TRUST_ROOTS; a token that fails either is reported as a break.

The audit trail sits below the domains and imports none of them: the signing area (which has
the RFC 3161 client, pyHanko) registers the stamping and checking functions at app init.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llp_gov.audit.verify import Break


@dataclass(frozen=True)
class Token:
    """A time-stamp token as obtained: DER bytes, the TSA's time (ISO 8601 UTC) and its name."""

    der: bytes
    time: str
    authority: str


@dataclass(frozen=True)
class TokenCheck:
    """What checking a token found: intact (imprint and signature match), trusted (its
    certificate chains to a trusted root), the time it states and the authority's name."""

    intact: bool
    trusted: bool
    time: str | None
    authority: str | None


# stamp(data) -> Token, or None when no time-stamp authority is configured; raises OSError or
# the client's error when the authority cannot be reached or refuses.
Stamper = Callable[[bytes], "Token | None"]
# check(der, data) -> TokenCheck (never raises for a bad token: intact=False).
Checker = Callable[[bytes, bytes], TokenCheck]

_hooks: dict[str, Any] = {}


def register(*, stamp: Stamper, check: Checker) -> None:
    """Register the RFC 3161 client (the signing area does, in its init_app)."""
    _hooks.update(stamp=stamp, check=check)


def canonical(document: dict) -> bytes:
    """The bytes a time stamp covers: the anchor document without "timestamp", as sorted,
    compact UTF-8 JSON (so re-indenting the file does not change them)."""
    body = {k: v for k, v in document.items() if k != "timestamp"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def stamp(document: dict) -> dict | None:
    """Time-stamp `document` (an anchor document) in place; return its "timestamp" member, or
    None when no time-stamp authority is configured (or no client is registered). Raises what
    the client raises when the authority is configured but fails (the caller reports it)."""
    stamper = _hooks.get("stamp")
    if stamper is None:
        return None
    data = canonical(document)
    token = stamper(data)
    if token is None:
        return None
    document["timestamp"] = {
        "rfc3161": base64.b64encode(token.der).decode("ascii"),
        "digest": {"algorithm": "sha256", "value": hashlib.sha256(data).hexdigest()},
        "time": token.time,
        "authority": token.authority,
    }
    return document["timestamp"]


def check(document: dict) -> tuple[list[Break], TokenCheck | None]:
    """Check the time stamp of an anchor document: ([], None) when it has none; else the breaks
    found (a token not matching the document, or not trusted) and what the check found. A
    stamped anchor read without a registered client is a break too (it cannot be checked)."""
    stamp_ = document.get("timestamp")
    if not stamp_:
        return [], None
    checker = _hooks.get("check")
    if checker is None:
        return [
            Break("anchor", 0, None, "time stamp cannot be checked here (no RFC 3161 client)")
        ], None
    try:
        der = base64.b64decode(stamp_["rfc3161"], validate=True)
    except (KeyError, TypeError, ValueError):
        return [Break("anchor", 0, None, "time stamp is not a base64 RFC 3161 token")], None
    found = checker(der, canonical(document))
    if not found.intact:
        return [Break("anchor", 0, None, "time stamp does not match the anchor")], found
    if not found.trusted:
        reason = "time-stamp authority is not trusted (LLP_GOV_TRUST_ROOTS)"
        return [Break("anchor", 0, None, reason)], found
    return [], found
