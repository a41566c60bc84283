"""Merging (issue 14): a drain commit never merges the large segments; the background merge
holds the write lock only for the swap and keeps what changed meanwhile."""

import pytest

from llp_gov.documents import editing
from llp_gov.documents import services as documents
from llp_gov.documents.search_service import search_documents
from llp_gov.extensions import db
from llp_gov.search import background, check, index, merge
from llp_gov.search.query import Filters


def upload(world, title, body):
    doc = documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=body.encode(),
        filename="a.txt",
    )
    db.session.commit()
    return doc


def total(world, q):
    return search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q=q)
    )[0].total


def segments():
    ix = index.open_index()
    try:
        return [(s.segid, s.doc_count_all()) for s in ix._segments()]
    finally:
        ix.close()


def lock_is_free() -> bool:
    ix = index.open_index()
    try:
        lock = ix.storage.lock(index.INDEX_NAME + "_WRITELOCK")
        if lock.acquire(blocking=False):
            lock.release()
            return True
        return False
    finally:
        ix.close()


@pytest.fixture
def bulk(app, world):
    """Eight documents indexed again by a bulk reindex: one large segment, an empty outbox."""
    for i in range(8):
        upload(world, f"一括{i}", f"一括登録の書類 bulk{i}")
    assert index.rebuild() == 8
    [(segid, count)] = segments()
    assert count == 8
    return segid


def test_drain_commits_after_a_bulk_reindex_never_merge_its_segment(app, world, bulk):
    app.config["SEARCH_SMALL_SEGMENT_DOCS"] = 4  # the bulk segment (8) is large here
    for i in range(7):
        upload(world, f"追加{i}", f"追加の書類 extra{i}")
        ids = [segid for segid, _count in segments()]
        assert bulk in ids  # Whoosh's default policy merged it at the fifth commit
        # Small segments are merged at commit time once there are enough of them.
        assert len(ids) <= 1 + index.MIN_SMALL_SEGMENTS
    assert len(segments()) < 1 + 7  # some small segments were merged
    assert total(world, "一括登録") == 8 and total(world, "追加") == 7
    assert check.run().ok


def test_background_merge_holds_the_lock_only_for_the_swap_and_keeps_changes_made_meanwhile(
    app, world, bulk, monkeypatch
):
    app.config["SEARCH_SMALL_SEGMENT_DOCS"] = 0  # no merge at commit: one segment per upload
    extra = [upload(world, f"追加{i}", f"追加の書類 extra{i}") for i in range(3)]
    before = segments()
    assert len(before) == 4
    target = db.session.scalar(db.select(documents.Document).filter_by(title="一括3"))
    seen = {}
    real_swap = merge._swap

    def swap_after_changes(ix, built, timeout):
        # The merged segment is written; the write lock is still free, so drains go on.
        seen["lock free while building"] = lock_is_free()
        editing.update_document(
            actor=world.user("chairman"),
            organisation=world.org,
            document_id=target.id,
            title="改題済み",
        )
        db.session.commit()  # reindexes it: a deletion in the bulk segment being merged
        upload(world, "途中", "合併中に届いた書類 during")
        return real_swap(ix, built, timeout)

    monkeypatch.setattr(merge, "_swap", swap_after_changes)
    report = background.merge_if_needed(force=True)
    assert seen == {"lock free while building": True}
    # 11 documents merged, less the edited one's old copy, deleted during the merge.
    assert (report.segments_before, report.merged_docs, report.skipped) == (4, 10, "")
    after = segments()
    # The merged segment (with the edited document's old copy deleted in it), then the two
    # segments committed during the merge.
    assert [count for _segid, count in after] == [11, 1, 1]
    assert not {segid for segid, _ in before} & {segid for segid, _ in after}
    assert total(world, "一括登録") == 8  # the edited document once: its old copy is deleted
    assert total(world, "改題済み") == 1 and total(world, "合併中") == 1
    assert total(world, "extra1") == 1 and len(extra) == 3
    assert check.run().ok


def test_merge_is_skipped_when_not_needed_and_runs_when_too_many_segments(app, world, bulk):
    app.config["SEARCH_SMALL_SEGMENT_DOCS"] = 0
    app.config["SEARCH_MAX_SEGMENTS"] = 3
    upload(world, "追加", "追加の書類")
    assert background.merge_if_needed().skipped == "not needed"
    upload(world, "追加2", "追加の書類")
    upload(world, "追加3", "追加の書類")
    report = background.merge_if_needed()
    assert (report.segments_before, report.segments_after, report.skipped) == (4, 1, "")
    assert total(world, "追加") == 3 and total(world, "一括登録") == 8


def test_merge_command(app, world, bulk, runner):
    app.config["SEARCH_SMALL_SEGMENT_DOCS"] = 0
    result = runner.invoke(args=["search", "merge"])
    assert "Nothing merged: already one segment (1 segments)" in result.output, result.output
    upload(world, "追加", "追加の書類")
    result = runner.invoke(args=["search", "merge", "--force"])
    assert "Merged 2 segments into 1 (9 documents)" in result.output, result.output
    assert [count for _segid, count in segments()] == [9]
