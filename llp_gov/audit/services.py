"""The audit writer (the only path into the log), verification and redaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from llp_gov.audit.models import AuditChain, AuditEvent
from llp_gov.db import db, utcnow

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"


def chain_key(organisation_id: int | None) -> str:
    return f"org:{organisation_id}" if organisation_id else SYSTEM_CHAIN


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _digest(event: AuditEvent) -> str:
    payload = {
        "organisation_id": event.organisation_id,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "tag": event.tag,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "diff": event.diff,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _link(chain: str, seq: int, prev_hash: str, data_digest: str) -> str:
    return hashlib.sha256(f"{chain}|{seq}|{prev_hash}|{data_digest}".encode()).hexdigest()


def diff_of(obj: Any, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields in `changes` whose value differs on `obj`."""
    out = {}
    for field, new in changes.items():
        old = getattr(obj, field)
        if old != new:
            out[field] = [_jsonable(old), _jsonable(new)]
    return out


def record(
    *,
    tag: str,
    actor: Any = None,
    organisation_id: int | None = None,
    target: Any = None,
    target_type: str | None = None,
    target_id: Any = None,
    diff: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to its organisation's chain (or the system chain) and flush."""
    if target is not None:
        db.session.flush()
        target_type = target_type or target.__tablename__
        target_id = target_id if target_id is not None else target.id
    key = chain_key(organisation_id)
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        # Create the head row if missing without a race: two first appends to a new chain must
        # not both insert it (the second waits for the first, then finds the row and locks it).
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        db.session.execute(
            insert(AuditChain)
            .values(key=key, last_seq=0, last_hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    if dialect == "sqlite":
        # SQLite ignores FOR UPDATE; a write takes its database lock (waiting for the busy
        # timeout), so that no other writer can append between our read of the head and our write.
        db.session.execute(
            update(AuditChain).where(AuditChain.key == key).values(last_seq=AuditChain.last_seq)
        )
    head = db.session.execute(
        select(AuditChain).where(AuditChain.key == key).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditChain(key=key, last_seq=0, last_hash=GENESIS)
        db.session.add(head)
    event = AuditEvent(
        chain_key=key,
        seq=head.last_seq + 1,
        organisation_id=organisation_id,
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "email", None),
        tag=tag,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        diff=_jsonable(diff or {}),
        created_at=utcnow(),
        prev_hash=head.last_hash,
    )
    # The audit writer is infrastructure: it may read the request for its metadata.
    if has_request_context():
        event.ip = request.remote_addr
        event.user_agent = (request.user_agent.string or "")[:400]
    event.data_digest = _digest(event)
    event.hash = _link(key, event.seq, event.prev_hash, event.data_digest)
    head.last_seq = event.seq
    head.last_hash = event.hash
    db.session.add(event)
    db.session.flush()
    return event


@dataclass
class Break:
    chain: str
    seq: int
    event_id: int | None
    reason: str


def verify(chain: str | None = None) -> list[Break]:
    """Walk every chain (or one) and return its broken links, first first."""
    keys = [chain] if chain else list(db.session.scalars(select(AuditChain.key)))
    # A redacted event skips the digest check only when a redaction event in a chain names it:
    # setting redacted_at by hand does not hide an edit.
    redacted = set(
        db.session.scalars(
            select(AuditEvent.target_id).where(
                AuditEvent.tag == "audit:redact", AuditEvent.target_type == AuditEvent.__tablename__
            )
        )
    )
    breaks: list[Break] = []
    for key in keys:
        head = db.session.get(AuditChain, key)
        prev, expected_seq = GENESIS, 1
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.chain_key == key).order_by(AuditEvent.seq)
        )
        for event in events:
            if event.seq != expected_seq:
                breaks.append(Break(key, expected_seq, None, "missing event"))
                break
            if event.prev_hash != prev:
                breaks.append(Break(key, event.seq, event.id, "previous hash does not match"))
                break
            excused = event.redacted_at is not None and str(event.id) in redacted
            if not excused and _digest(event) != event.data_digest:
                breaks.append(Break(key, event.seq, event.id, "event data was altered"))
                break
            if _link(key, event.seq, prev, event.data_digest) != event.hash:
                breaks.append(Break(key, event.seq, event.id, "hash does not match"))
                break
            prev, expected_seq = event.hash, expected_seq + 1
        else:
            if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev):
                breaks.append(Break(key, expected_seq, None, "events missing at the end"))
    return breaks


def redact(*, event: AuditEvent, actor: Any, fields: list[str]) -> None:
    """Blank personal data in an event's diff on a lawful request; the chain stays verifiable."""
    diff = dict(event.diff or {})
    for field in fields:
        if field in diff:
            diff[field] = ["[redacted]", "[redacted]"]
    event.diff = diff
    event.redacted_at = utcnow()
    record(
        tag="audit:redact",
        actor=actor,
        organisation_id=event.organisation_id,
        target=event,
        diff={"fields": [None, fields]},
    )
