"""An audit trail that cannot be skipped (issue 13, item 6): chains come from the events and the
organisations, a redacted event stays covered but for its redacted fields, anchors catch a rewind."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from llp_gov.audit import services as audit
from llp_gov.audit.models import AuditChain, AuditEvent
from llp_gov.extensions import db


def _chain(key):
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.chain_key == key).order_by(AuditEvent.seq)
        )
    )


def _seed(world, n=4):
    for i in range(n):
        audit.record(
            tag="test:event",
            actor=world.user("chairman"),
            organisation_id=world.org.id,
            diff={"i": [None, i], "email": [None, f"p{i}@example.test"]},
        )
    db.session.commit()
    return _chain(f"org:{world.org.id}")


def test_deleting_the_head_row_then_editing_an_event_is_caught(world):
    events = _seed(world)
    key = f"org:{world.org.id}"
    db.session.execute(text("DELETE FROM audit_chains WHERE key = :k"), {"k": key})
    db.session.execute(
        text("UPDATE audit_events SET tag = 'test:forged' WHERE id = :id"), {"id": events[2].id}
    )
    db.session.commit()
    breaks = audit.verify()
    assert [(b.chain, b.seq) for b in breaks] == [(key, events[2].seq)]
    assert "altered" in breaks[0].reason


def test_deleting_the_head_row_alone_is_caught(world):
    _seed(world)
    key = f"org:{world.org.id}"
    db.session.execute(text("DELETE FROM audit_chains WHERE key = :k"), {"k": key})
    db.session.commit()
    [broken] = audit.verify()
    assert broken.chain == key and "head" in broken.reason


def test_deleting_an_organisations_whole_chain_with_its_head_is_caught(world):
    _seed(world)
    key = f"org:{world.org.id}"
    db.session.execute(text("DELETE FROM audit_events WHERE chain_key = :k"), {"k": key})
    db.session.execute(text("DELETE FROM audit_chains WHERE key = :k"), {"k": key})
    db.session.commit()
    [broken] = audit.verify()
    assert broken.chain == key and "no events" in broken.reason


def _redacted(world):
    events = _seed(world)
    target = events[2]
    audit.redact(event=target, actor=world.user("admin"), fields=["email", "actor_label"])
    db.session.commit()
    db.session.refresh(target)
    return target


def test_redaction_blanks_the_fields_and_keeps_the_chain_valid(world):
    event = _redacted(world)
    assert event.diff["email"] == ["[redacted]", "[redacted]"]
    assert event.actor_label is None
    assert "diff.email" not in event.salts and "actor_label" not in event.salts
    assert "p2@example.test" not in json.dumps(event.diff)
    assert audit.verify() == []


def test_a_redacted_event_stays_covered_for_its_other_fields(world):
    event = _redacted(world)
    original = {
        "tag": event.tag,
        "actor": event.actor_id,
        "tid": event.target_id,
        "tt": event.target_type,
        "diff": json.dumps(event.diff),
        "id": event.id,
    }
    forgeries = [
        ("tag", "'test:forged'"),
        ("actor_id", str(world.user("member").id)),
        ("target_id", "'999'"),
        ("target_type", "'partners'"),
        ("diff", """'{"i": [null, 77], "email": ["[redacted]", "[redacted]"]}'"""),
    ]
    for column, value in forgeries:
        db.session.execute(
            text(f"UPDATE audit_events SET {column} = {value} WHERE id = :id"), {"id": event.id}
        )
        db.session.commit()
        breaks = audit.verify()
        assert [b.event_id for b in breaks] == [event.id], column
        db.session.rollback()
        _restore(original)


def _restore(original):
    """Put the row back as the redaction left it."""
    db.session.execute(
        text(
            "UPDATE audit_events SET tag = :tag, actor_id = :actor, target_id = :tid,"
            " target_type = :tt, diff = :diff WHERE id = :id"
        ),
        original,
    )
    db.session.commit()
    assert audit.verify() == []


def test_a_field_blanked_without_a_redaction_event_is_caught(world):
    events = _seed(world)
    db.session.execute(
        text("UPDATE audit_events SET actor_label = NULL, redacted_at = created_at WHERE id = :id"),
        {"id": events[1].id},
    )
    db.session.commit()
    [broken] = audit.verify()
    assert broken.event_id == events[1].id


def _rewind(world, keep: int):
    """Delete the chain's events after `keep` and reset its head: a consistent, shorter chain."""
    key = f"org:{world.org.id}"
    kept = _chain(key)[keep - 1]
    db.session.execute(
        text("DELETE FROM audit_events WHERE chain_key = :k AND seq > :s"), {"k": key, "s": keep}
    )
    db.session.execute(
        text("UPDATE audit_chains SET last_seq = :s, last_hash = :h WHERE key = :k"),
        {"s": keep, "h": kept.hash, "k": key},
    )
    db.session.commit()


def test_an_anchor_detects_a_chain_rewound_and_rewritten(world, runner, tmp_path):
    _seed(world)
    anchor_file = tmp_path / "anchor.json"
    result = runner.invoke(args=["audit", "anchor", str(anchor_file)])
    assert result.exit_code == 0, result.output
    anchor = json.loads(anchor_file.read_text())
    key = f"org:{world.org.id}"
    assert key in {c["chain"] for c in anchor["chains"]}
    result = runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)])
    assert result.exit_code == 0, result.output

    _rewind(world, keep=2)
    audit.record(tag="test:rewritten", organisation_id=world.org.id)
    db.session.commit()
    assert audit.verify() == []  # the rewritten chain is consistent in itself
    result = runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)])
    assert result.exit_code == 1
    assert f"chain={key}" in result.output and "rewound" in result.output
    assert db.session.get(AuditChain, key).last_seq == 3
