"""The audit writer (the only path into the log), verification and redaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
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
    """The chain an event belongs to: "org:<id>" for an organisation, the system chain for
    events of no organisation (users, tokens)."""
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


# Fields a lawful redaction may blank besides the diff's entries (personal data of the request).
REDACTABLE_COLUMNS = ("actor_label", "ip", "user_agent")
FIXED_COLUMNS = ("organisation_id", "actor_id", "tag", "target_type", "target_id", "created_at")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def commitments(event: AuditEvent) -> dict[str, str]:
    """One hash per field of a version-2 event: the fixed columns plainly, each redactable
    column and each diff entry ("diff.<key>") salted with its own random salt."""
    salts = event.salts or {}
    out = {}
    for name in FIXED_COLUMNS:
        value = getattr(event, name)
        if name == "created_at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        out[name] = _sha(name + "|" + _canonical(value))
    for name in REDACTABLE_COLUMNS:
        out[name] = _sha(salts.get(name, "") + "|" + _canonical(getattr(event, name)))
    for key, value in (event.diff or {}).items():
        name = f"diff.{key}"
        out[name] = _sha(salts.get(name, "") + "|" + _canonical(value))
    return out


def digest_of_commitments(values: dict[str, str]) -> str:
    """The data digest of a version-2 event from its per-field commitments (hex SHA-256 of the
    canonical JSON of {field: commitment}); a redaction keeps the commitment, so the digest
    and the chain still verify."""
    return _sha(_canonical(values))


def _digest_v2(event: AuditEvent) -> str:
    return digest_of_commitments(commitments(event))


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
    """Append an event to its organisation's chain (or the system chain) and flush; the only
    way into the audit log, called by every service that changes state.

    `tag` is "<category>:<action>" (e.g. "partner:update"); `actor` a User or None (the CLI,
    the system); `target` a flushed-or-new model row (its table and id are recorded), or
    `target_type`/`target_id` given plainly; `diff` {field: [old, new]} (see diff_of), values
    JSON-encoded (dates ISO 8601, datetimes in UTC, Decimal as text). The event's time is UTC.
    Serialised per chain (the head row locked FOR UPDATE on PostgreSQL, the database write
    lock on SQLite) so that concurrent writers keep one
    sequence; raises nothing of its own (database errors propagate)."""
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
        digest_version=2,
    )
    # The audit writer is infrastructure: it may read the request for its metadata.
    if has_request_context():
        event.ip = request.remote_addr
        event.user_agent = (request.user_agent.string or "")[:400]
    event.salts = {
        name: secrets.token_hex(16)
        for name in (*REDACTABLE_COLUMNS, *(f"diff.{k}" for k in event.diff))
    }
    event.data_digest = _digest_v2(event)
    event.hash = _link(key, event.seq, event.prev_hash, event.data_digest)
    head.last_seq = event.seq
    head.last_hash = event.hash
    db.session.add(event)
    db.session.flush()
    return event


def redact(*, event: AuditEvent, actor: Any, fields: list[str]) -> None:
    """Blank personal data in an event on a lawful request; the chain stays verifiable.

    `fields` names diff entries (e.g. "email") and/or the columns actor_label, ip, user_agent.
    For a version-2 event the redaction event (itself chained) keeps each blanked field's salted
    commitment, and the field's salt is deleted: verification still covers every other field
    (tag, actor, target, time, the other diff entries), and the commitment cannot confirm a
    guessed value. A version-1 event (written before this scheme) is excused whole, as before."""
    diff = dict(event.diff or {})
    names = []
    for field in fields:
        if field in REDACTABLE_COLUMNS:
            names.append(field)
        elif field in diff:
            names.append(f"diff.{field}")
    kept = commitments(event) if event.digest_version == 2 else {}
    for field in fields:
        if field in REDACTABLE_COLUMNS:
            setattr(event, field, None)
        elif field in diff:
            diff[field] = ["[redacted]", "[redacted]"]
    event.diff = diff
    if event.digest_version == 2:
        event.salts = {k: v for k, v in (event.salts or {}).items() if k not in names}
    event.redacted_at = utcnow()
    change: dict[str, Any] = {"fields": [None, fields]}
    if kept:
        change["commitments"] = [None, {name: kept[name] for name in names}]
    record(
        tag="audit:redact",
        actor=actor,
        organisation_id=event.organisation_id,
        target=event,
        diff=change,
    )


def verify(chain: str | None = None, anchor: dict | None = None):
    """Every chain's broken links (see llp_gov.audit.verify)."""
    from llp_gov.audit.verify import verify as _verify  # noqa: PLC0415 (verify imports this module)

    return _verify(chain=chain, anchor=anchor)
