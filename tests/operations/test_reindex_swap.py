"""`flask search reindex` swaps the index atomically (issue 13, item 5): searches during a
reindex use the old generation and never fail; a drain that waited for the rebuild writes to
the new generation."""

from __future__ import annotations

from llp_gov.documents import services as documents
from llp_gov.documents.search_service import search_documents
from llp_gov.extensions import db
from llp_gov.search import index, outbox
from llp_gov.search.query import Filters


def _upload(world, title, text):
    documents.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=text.encode(),
        filename=f"{title}.txt",
    )
    db.session.commit()


def _found(world, q) -> int:
    return search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q=q)
    )[0].total


def test_searches_during_a_reindex_see_the_old_index(app, world, monkeypatch):
    _upload(world, "契約", "有限責任事業組合契約書")
    assert index.index_dir().is_symlink()
    during = []
    real = index._bulk_add

    def bulk_add_while_searching(ix, progress):
        during.append(_found(world, "事業組合"))  # before the new generation has anything
        count = real(ix, progress)
        during.append(_found(world, "事業組合"))  # built, not yet swapped in
        return count

    monkeypatch.setattr(index, "_bulk_add", bulk_add_while_searching)
    first = index.index_dir().resolve()
    assert index.rebuild() == 1
    assert during == [1, 1]
    assert index.index_dir().resolve() != first
    assert _found(world, "事業組合") == 1
    index.rebuild()
    assert len(index._generations(index.index_dir())) == 2  # older generations are deleted


def test_a_plain_directory_index_is_converted_by_the_first_rebuild(app, world):
    path = index.index_dir()
    index._create(path)  # an index from before generations
    _upload(world, "議事録", "総組合員の同意")
    assert not path.is_symlink()
    index.rebuild()
    assert path.is_symlink() and _found(world, "同意") == 1


def test_a_writer_that_waited_for_a_rebuild_writes_to_the_new_generation(app, world, monkeypatch):
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    _upload(world, "契約", "有限責任事業組合契約書")
    outbox.drain()
    _upload(world, "後", "後から来た文書 りんご")  # queued, not drained
    real = index._swap_in
    drained = []

    def swap_then_drain(path, new):
        real(path, new)
        # The old generation's lock is still held here: a drain now must not write to it.
        drained.append(new.name)

    monkeypatch.setattr(index, "_swap_in", swap_then_drain)
    index.rebuild()
    assert outbox.drain() == 1
    assert _found(world, "りんご") == 1
