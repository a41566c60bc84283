"""The search outbox deletes exactly the rows it indexed (issue 13, item 5).

A transaction that took its outbox id before another one but commits after the drain has read
the outbox holds a LOWER id than the rows drained. Deleting by id range (`id <= last drained`)
lost its update: the document was never indexed. The interleaving is forced step by step: on
PostgreSQL with two real concurrent transactions (the late one takes its id from the sequence
first and commits while the drain is writing the index); on SQLite, which admits one writer at a
time, the late row is committed with a lower id at the same point of the drain."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from llp_gov.documents import services as documents
from llp_gov.documents.search_service import search_documents
from llp_gov.extensions import db
from llp_gov.search import outbox, sources
from llp_gov.search.models import SearchOutbox
from llp_gov.search.query import Filters


@pytest.fixture
def app_config():
    return {"SEARCH_DRAIN_AFTER_COMMIT": False}


def _upload(world, title, text):
    doc = documents.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=text.encode(),
        filename=f"{title}.txt",
    )
    db.session.commit()
    return doc


def _found(world, q) -> int:
    return search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q=q)
    )[0].total


def test_a_late_commit_with_a_lower_id_is_not_deleted_unindexed(app, world, monkeypatch):
    early = _upload(world, "early", "みかん 事業計画")
    late = _upload(world, "late", "りんご 組合契約")
    db.session.query(SearchOutbox).delete()  # start from an empty outbox, nothing indexed
    db.session.commit()
    postgres = db.engine.dialect.name == "postgresql"

    late_conn = db.engine.connect()
    if postgres:
        # Transaction A takes the lower id from the sequence and stays open.
        late_conn.execute(insert(SearchOutbox).values(kind="document", target_id=late.id))
    outbox.enqueue(target_id=early.id)  # transaction B: a higher id, committed first
    db.session.commit()

    real_apply = sources.apply
    steps = []

    def apply_then_commit_the_late_transaction(writer, kind, ids, session):
        real_apply(writer, kind, ids, session)
        if not steps:
            steps.append(sorted(ids))
            if not postgres:
                lowest = db.session.scalar(select(func.min(SearchOutbox.id)))
                late_conn.execute(
                    insert(SearchOutbox).values(id=lowest - 1, kind="document", target_id=late.id)
                )
            late_conn.commit()  # A commits while the drain writes the index

    monkeypatch.setattr(sources, "apply", apply_then_commit_the_late_transaction)
    try:
        assert outbox.drain() == 1
    finally:
        late_conn.close()
    monkeypatch.setattr(sources, "apply", real_apply)

    assert steps == [[early.id]]  # the drain saw only B's row
    db.session.expire_all()
    left = db.session.scalars(select(SearchOutbox.target_id)).all()
    assert left == [late.id], "the late row must survive the drain that did not index it"
    assert outbox.drain() == 1
    assert _found(world, "りんご") == 1 and _found(world, "みかん") == 1
