"""The hash-chained audit trail: chains per organisation, verification, redaction, concurrency."""

from __future__ import annotations

import threading

from sqlalchemy import select, text

from llp_gov.audit import services as audit
from llp_gov.audit.models import AuditChain, AuditEvent
from llp_gov.extensions import db
from llp_gov.partners import services as partners


def chain(key: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.chain_key == key).order_by(AuditEvent.seq)
        )
    )


def test_every_service_change_writes_an_event_with_the_diff(world):
    admin = world.user("admin")
    p = world.partners[0]
    # Not an Act 4(3) item (name and address change only by an adopted amendment).
    old = p.representative_name
    partners.update_partner(
        actor=admin, organisation=world.org, partner=p, representative_name="代表取締役 門司 花子"
    )
    db.session.commit()
    event = chain(f"org:{world.org.id}")[-1]
    assert (
        event.tag == "partner:update"
        and event.actor_id == admin.id
        and event.actor_label == admin.email
    )
    assert (event.target_type, event.target_id) == ("partners", str(p.id))
    assert event.diff == {"representative_name": [old, "代表取締役 門司 花子"]}
    assert event.created_at.tzinfo is not None


def test_web_requests_record_address_and_user_agent(client, world, login_as):
    client.environ_base["HTTP_USER_AGENT"] = "TestBrowser/1.0"
    login_as(world.user("admin"))
    resp = client.post(
        f"/o/{world.org.slug}/counterparties/new", data={"name": "北九州市", "country": "JP"}
    )
    assert resp.status_code == 302
    event = chain(f"org:{world.org.id}")[-1]
    assert event.tag == "counterparty:create"
    assert event.ip == "127.0.0.1" and event.user_agent == "TestBrowser/1.0"


def test_each_organisation_has_its_own_chain_and_users_go_to_the_system_chain(world):
    from llp_gov.auth import services as auth

    audit.record(tag="test:a", organisation_id=world.org.id)
    audit.record(tag="test:b", organisation_id=world.other_org.id)
    audit.record(tag="test:a", organisation_id=world.org.id)
    auth.create_user(actor=None, email="sys@example.test", name="Sys", password="long enough pw")
    db.session.commit()
    mine, theirs, system = (
        chain(f"org:{world.org.id}"),
        chain(f"org:{world.other_org.id}"),
        chain("system"),
    )
    assert [e.seq for e in mine] == [1, 2, 3] and [e.seq for e in theirs] == [1, 2]
    assert mine[0].prev_hash == "0" * 64 and mine[1].prev_hash == mine[0].hash
    assert system[-1].tag == "user:create" and system[-1].organisation_id is None
    head = db.session.get(AuditChain, f"org:{world.org.id}")
    assert (head.last_seq, head.last_hash) == (3, mine[2].hash)
    assert audit.verify() == []


def _seed(world, n=5):
    for i in range(n):
        audit.record(tag="test:event", organisation_id=world.org.id, diff={"i": [None, i]})
    db.session.commit()
    return chain(f"org:{world.org.id}")


def test_an_edited_row_breaks_the_chain_at_that_event(world):
    events = _seed(world)
    db.session.execute(
        text("UPDATE audit_events SET diff = :d WHERE id = :id"),
        {"d": '{"i": [null, 99]}', "id": events[2].id},
    )
    db.session.commit()
    [broken] = audit.verify()
    assert (broken.chain, broken.seq, broken.event_id) == (f"org:{world.org.id}", 3, events[2].id)
    assert "altered" in broken.reason


def test_a_recomputed_digest_is_still_caught_by_the_links(world):
    events = _seed(world)
    db.session.execute(
        text("UPDATE audit_events SET data_digest = :d WHERE id = :id"),
        {"d": "f" * 64, "id": events[1].id},
    )
    db.session.commit()
    [broken] = audit.verify()
    assert broken.seq == 2


def test_a_deleted_row_breaks_the_chain(world):
    events = _seed(world)
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[1].id})
    db.session.commit()
    [broken] = audit.verify()
    assert broken.seq == 2 and "missing" in broken.reason


def test_deleting_the_last_rows_is_caught_by_the_head(world):
    events = _seed(world)
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[-1].id})
    db.session.commit()
    [broken] = audit.verify()
    assert broken.seq == len(events) and "end" in broken.reason


def test_redaction_keeps_verification_passing(world):
    from llp_gov.auth import services as auth

    user = auth.create_user(
        actor=None, email="private@example.test", name="個人 名前", password="long enough pw"
    )
    db.session.commit()
    [event] = [e for e in chain("system") if e.tag == "user:create"]
    audit.redact(event=event, actor=world.user("admin"), fields=["email", "name"])
    db.session.commit()
    db.session.refresh(event)
    assert event.diff == {
        "email": ["[redacted]", "[redacted]"],
        "name": ["[redacted]", "[redacted]"],
    }
    assert "private@example.test" not in str(event.diff)
    assert audit.verify() == []
    assert chain("system")[-1].tag == "audit:redact"
    assert user.email == "private@example.test"  # the audit log is redacted, not the user


def test_marking_an_edited_row_as_redacted_without_a_redaction_event_is_caught(world):
    events = _seed(world)
    db.session.execute(
        text("UPDATE audit_events SET diff = :d, redacted_at = created_at WHERE id = :id"),
        {"d": '{"i": [null, 42]}', "id": events[1].id},
    )
    db.session.commit()
    [broken] = audit.verify()
    assert broken.seq == 2


def test_concurrent_appends_never_fork_a_chain(app, world):
    """Several threads, each with its own session, append to one chain at once."""
    org_id = world.org.id
    audit.record(tag="test:start", organisation_id=org_id)
    db.session.commit()
    threads_n, per_thread = 4, 10
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def worker(i):
        try:
            with app.app_context():
                barrier.wait()
                for j in range(per_thread):
                    audit.record(
                        tag="test:concurrent",
                        organisation_id=org_id,
                        diff={"t": [None, f"{i}-{j}"]},
                    )
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    db.session.expire_all()
    events = chain(f"org:{org_id}")
    concurrent = [e for e in events if e.tag == "test:concurrent"]
    # The chain head is locked (SELECT ... FOR UPDATE on PostgreSQL, the write lock on SQLite):
    # every append succeeds, in turn.
    assert errors == []
    assert len(concurrent) == threads_n * per_thread
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert len({e.prev_hash for e in events}) == len(events)
    assert audit.verify() == []


def test_session_protection_drops_a_session_whose_browser_changes(client, world, login_as):
    """Flask-Login's strong session protection: a stolen cookie in another browser is worthless."""
    client.environ_base["HTTP_USER_AGENT"] = "TestBrowser/1.0"
    login_as(world.user("admin"))
    assert client.get("/profile").status_code == 200
    client.environ_base["HTTP_USER_AGENT"] = "OtherBrowser/2.0"
    assert client.get("/profile").status_code == 302


def test_first_appends_to_a_new_chain_race_safely(app, world):
    """Threads appending the very first events of a chain must not both create its head row."""
    from tests.factories import OrganisationFactory

    org_id = OrganisationFactory(audit_chain=False).id
    db.session.commit()
    threads_n = 4
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def worker(i):
        try:
            with app.app_context():
                barrier.wait()
                audit.record(tag="test:first", organisation_id=org_id, diff={"t": [None, i]})
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    db.session.expire_all()
    assert errors == []
    assert [e.seq for e in chain(f"org:{org_id}")] == list(range(1, threads_n + 1))
    assert audit.verify() == []
