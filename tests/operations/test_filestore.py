"""A failed request leaves no file in the store; `flask storage check` finds what is wrong."""

from __future__ import annotations

import io

import pytest

from llp_gov.audit import services as audit
from llp_gov.documents import services, storage
from llp_gov.documents.models import DocumentVersion
from llp_gov.extensions import db
from llp_gov.operations import filestore


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False}


def _fail_on_document_audit(monkeypatch):
    real = audit.record

    def record(**kwargs):
        if kwargs.get("tag", "").startswith("document:"):
            raise RuntimeError("disk full while auditing")
        return real(**kwargs)

    monkeypatch.setattr(audit, "record", record)


def _upload(client, world, headers, content=b"an orphan candidate"):
    return client.post(
        f"/api/v1/orgs/{world.org.slug}/documents",
        data={"title": "t", "file": (io.BytesIO(content), "a.txt")},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_an_upload_that_fails_after_storing_leaves_no_file(
    client, world, token_for, monkeypatch, runner
):
    headers = token_for(world.user("chairman"))
    _fail_on_document_audit(monkeypatch)
    resp = _upload(client, world, headers)
    assert resp.status_code == 500
    assert resp.json["error"]["code"] == "internal_server_error"
    assert storage.stored_files() == []
    assert DocumentVersion.query.count() == 0
    result = runner.invoke(args=["storage", "check"])
    assert result.exit_code == 0, result.output


def test_a_refused_upload_keeps_the_file_a_committed_version_refers_to(client, world, token_for):
    headers = token_for(world.user("chairman"))
    assert _upload(client, world, headers, b"shared bytes").status_code == 201
    [path] = storage.stored_files()
    assert _upload(client, world, headers, b"shared bytes").status_code == 409  # duplicate
    assert storage.stored_files() == [path]


def test_storage_check_lists_orphans_and_missing_files(client, world, token_for, runner):
    headers = token_for(world.user("chairman"))
    assert _upload(client, world, headers, b"kept").status_code == 201
    result = runner.invoke(args=["storage", "check"])
    assert result.exit_code == 0 and "1 files" in result.output

    orphan_sha = storage.digest(b"nobody refers to me")
    orphan = storage.path_for(orphan_sha)  # written outside any transaction (a crash, a copy)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"nobody refers to me")
    version = DocumentVersion.query.one()
    missing = storage.path_for(version.sha256)
    missing.chmod(0o640)
    missing.unlink()

    result = runner.invoke(args=["storage", "check"])
    assert result.exit_code == 1
    assert orphan_sha in result.output
    assert f"document_versions.sha256 = {version.sha256}" in result.output


def _create(world, data: bytes):
    return services.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title="same bytes",
        doc_type="other",
        data=data,
        filename="same.txt",
    )


def test_a_failed_upload_keeps_the_file_a_concurrent_upload_of_the_same_bytes_uses(app, world):
    # Two requests upload identical bytes; the first wrote the file and then fails while the
    # second (which found the file already there) has flushed its version but not committed.
    data = b"identical bytes, uploaded twice at once"
    first = db.session()
    first_sha = storage.store(data)  # request A writes the file, then fails
    with app.app_context():  # request B, in its own session
        second = db.session()
        assert second is not first
        doc = _create(world, data)
        second.flush()
        first.rollback()  # A's failure: its cleanup must not take B's file
        second.commit()
        doc_id = doc.id
    assert storage.exists(first_sha)
    assert storage.read(first_sha) == data
    assert DocumentVersion.query.filter_by(document_id=doc_id).one().sha256 == first_sha
    assert filestore.check().clean
    assert list(storage.root().rglob(".lock-*")) == []  # claims leave nothing behind


def test_when_both_uploads_of_the_same_bytes_fail_the_file_goes(app, world):
    data = b"identical bytes, both requests fail"
    first = db.session()
    sha = storage.store(data)
    with app.app_context():
        second = db.session()
        _create(world, data)
        second.flush()
        first.rollback()  # B still uses the file: it stays
        assert storage.exists(sha)
        second.rollback()  # B fails too: nobody refers to the file any more
    assert not storage.exists(sha)
    report = filestore.check()
    assert report.clean and report.files == 0


def test_a_file_stored_by_a_transaction_that_commits_without_a_row_is_not_kept(app, world):
    sha = storage.store(b"stored, then the row was never written")
    db.session.commit()
    assert not storage.exists(sha)
    assert storage.stored_files() == []


def test_storage_clean_removes_what_a_killed_request_left_and_nothing_in_use(
    app, world, runner, tmp_path
):
    import os

    kept = _create(world, b"a committed document")
    db.session.commit()
    kept_sha = kept.versions[0].sha256
    # A worker killed between writing the file and ending its transaction: file and lock stay.
    left = storage.digest(b"left by a killed worker")
    path = storage.path_for(left)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left by a killed worker")
    (path.parent / f".lock-{left}").touch()
    # A request still uploading the same bytes as an old orphan holds its claim.
    busy = storage.digest(b"being uploaded right now")
    busy_path = storage.path_for(busy)
    busy_path.parent.mkdir(parents=True, exist_ok=True)
    busy_path.write_bytes(b"being uploaded right now")
    old = 1_000_000_000
    for p in (storage.path_for(kept_sha), path, busy_path, path.parent / f".lock-{left}"):
        os.utime(p, (old, old))
    with app.app_context():
        uploading = db.session()
        storage.store(b"being uploaded right now")
        result = runner.invoke(args=["storage", "clean"])
        assert result.exit_code == 0, result.output
        assert (
            f"removed orphan {left}" in result.output
            and "1 orphan file(s) removed" in result.output
        )
        assert storage.exists(busy) and storage.exists(kept_sha) and not storage.exists(left)
        assert not (path.parent / f".lock-{left}").exists()
        uploading.rollback()  # the upload fails after all: its own end removes its file
    assert not storage.exists(busy)
    assert runner.invoke(args=["storage", "check"]).exit_code == 0
