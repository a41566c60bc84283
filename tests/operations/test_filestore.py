"""A failed request leaves no file in the store; `flask storage check` finds what is wrong."""

from __future__ import annotations

import io

import pytest

from llp_gov.audit import services as audit
from llp_gov.documents import storage
from llp_gov.documents.models import DocumentVersion
from llp_gov.extensions import db


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

    orphan_sha = storage.store(b"nobody refers to me")
    db.session.commit()  # committed without a row: an orphan
    version = DocumentVersion.query.one()
    missing = storage.path_for(version.sha256)
    missing.chmod(0o640)
    missing.unlink()

    result = runner.invoke(args=["storage", "check"])
    assert result.exit_code == 1
    assert orphan_sha in result.output
    assert f"document_versions.sha256 = {version.sha256}" in result.output
