"""Verifying the audit trail and anchoring its chain heads (issue 13, item 6).

The chains to verify come from the events themselves and from the organisations that exist,
never only from the head rows: deleting a head row, or an organisation's whole chain with its
head, is reported. A chain anchor (`flask audit anchor`) is a file the chairman keeps; `verify
--anchor FILE` reports a chain rewound behind it (events deleted and re-appended)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from llp_gov.audit.models import AuditChain, AuditEvent
from llp_gov.audit.services import (
    GENESIS,
    _digest,
    _link,
    chain_key,
    commitments,
    digest_of_commitments,
)
from llp_gov.db import db

ANCHOR_FORMAT = "llp-gov-audit-anchor/1"


@dataclass
class Break:
    chain: str
    seq: int
    event_id: int | None
    reason: str


# Chains that must exist whatever the events and head rows say, by source name. The audit sits
# below the domains, so the owners register them at init: `llp_gov.orgs` one chain per
# organisation (an organisation whose whole chain was deleted with its head is reported).
_chain_sources: dict[str, Callable[[], Iterable[int | None]]] = {}


def register_chain_source(name: str, organisation_ids: Callable[[], Iterable[int | None]]) -> None:
    """Register (or replace, by `name`) a source of organisation ids whose chains must exist.

    `organisation_ids` is called inside an app context at each verification."""
    _chain_sources[name] = organisation_ids


def chain_keys() -> list[str]:
    """Every chain that exists or must exist: from events, head rows and the registered sources
    (the organisations)."""
    keys = set(db.session.scalars(select(AuditEvent.chain_key).distinct()))
    keys |= set(db.session.scalars(select(AuditChain.key)))
    for source in _chain_sources.values():
        keys |= {chain_key(org_id) for org_id in source()}
    return sorted(keys)


def _redactions() -> tuple[set[str], dict[str, dict[str, str]]]:
    """(ids of events a redaction names, {event id: {field: kept commitment}})."""
    named: set[str] = set()
    kept: dict[str, dict[str, str]] = {}
    rows = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.tag == "audit:redact", AuditEvent.target_type == AuditEvent.__tablename__
        )
    )
    for row in rows:
        if row.target_id is None:  # a redaction always names its event; skip a damaged row
            continue
        named.add(row.target_id)
        change = (row.diff or {}).get("commitments")
        if isinstance(change, list) and len(change) == 2 and isinstance(change[1], dict):
            kept.setdefault(row.target_id, {}).update(change[1])
    return named, kept


def _data_intact(event: AuditEvent, named: set[str], kept: dict[str, dict[str, str]]) -> bool:
    if event.digest_version == 2:
        values = commitments(event)
        values.update(kept.get(str(event.id), {}))
        return digest_of_commitments(values) == event.data_digest
    # Version 1: one digest over everything; a redaction named by a chained event excuses it.
    excused = event.redacted_at is not None and str(event.id) in named
    return excused or _digest(event) == event.data_digest


def _verify_chain(key: str, named, kept) -> Break | None:
    head = db.session.get(AuditChain, key)
    prev, expected = GENESIS, 1
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.chain_key == key).order_by(AuditEvent.seq)
    )
    for event in events:
        if event.seq != expected:
            return Break(key, expected, None, "missing event")
        if event.prev_hash != prev:
            return Break(key, event.seq, event.id, "previous hash does not match")
        if not _data_intact(event, named, kept):
            return Break(key, event.seq, event.id, "event data was altered")
        if _link(key, event.seq, prev, event.data_digest) != event.hash:
            return Break(key, event.seq, event.id, "hash does not match")
        prev, expected = event.hash, expected + 1
    if head is None:
        if expected == 1:
            return Break(key, 1, None, "no events for an existing organisation")
        return Break(key, expected - 1, None, "chain head row missing")
    if head.last_seq != expected - 1 or head.last_hash != prev:
        return Break(key, expected, None, "events missing at the end")
    return None


def _against_anchor(anchor: dict) -> list[Break]:
    breaks = []
    for entry in anchor.get("chains", []):
        key, seq, digest = entry["chain"], int(entry["seq"]), entry["hash"]
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.chain_key == key, AuditEvent.seq == seq)
        )
        if event is None or event.hash != digest:
            breaks.append(Break(key, seq, None, "chain rewound behind the anchor"))
    return breaks


def verify(chain: str | None = None, anchor: dict | None = None) -> list[Break]:
    """Walk every chain (or one) and return its broken links, first first; with an anchor
    (a document written by `anchor_document`), also every anchored head no longer in its chain."""
    named, kept = _redactions()
    breaks = []
    for key in [chain] if chain else chain_keys():
        broken = _verify_chain(key, named, kept)
        if broken:
            breaks.append(broken)
    if anchor is not None:
        if anchor.get("format") != ANCHOR_FORMAT:
            raise ValueError("not an llp-gov audit anchor")
        breaks += _against_anchor(anchor)
    return breaks


def anchor_document(now: dt.datetime | None = None) -> dict:
    """The head of every chain from its last event: {"format", "created_at", "chains": [{chain,
    seq, hash}]}; the chairman keeps it outside the system (and its time-stamp when a TSA is
    configured)."""
    last = (
        select(AuditEvent.chain_key, func.max(AuditEvent.seq).label("seq"))
        .group_by(AuditEvent.chain_key)
        .subquery()
    )
    rows = db.session.execute(
        select(AuditEvent.chain_key, AuditEvent.seq, AuditEvent.hash)
        .join(last, (AuditEvent.chain_key == last.c.chain_key) & (AuditEvent.seq == last.c.seq))
        .order_by(AuditEvent.chain_key)
    ).all()
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "format": ANCHOR_FORMAT,
        "created_at": created.isoformat(timespec="seconds"),
        "chains": [{"chain": k, "seq": s, "hash": h} for k, s, h in rows],
    }
