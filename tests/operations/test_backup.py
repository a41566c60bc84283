"""Backup and restore round trip (issue 13, item 7), on SQLite and PostgreSQL (whichever the
suite runs on): after a restore into an empty database and store, audit verify, storage check
and search check pass and every row count matches."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import func, select

from llp_gov import create_app
from llp_gov.audit import services as audit
from llp_gov.documents import services as documents
from llp_gov.documents.models import Document
from llp_gov.extensions import db
from tests.conftest import PG_URL, _config, _pg_admin, _pg_url


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


def _empty_database(tmp_path) -> tuple[str, callable]:
    if PG_URL:
        name = f"llp_gov_restore_{uuid.uuid4().hex[:10]}"
        with _pg_admin(PG_URL) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with _pg_admin(PG_URL) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return _pg_url(PG_URL, name), drop
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None


def test_backup_restores_into_an_empty_database_and_store(app, world, runner, tmp_path):
    _upload(world, "契約書", "有限責任事業組合契約 甲乙")
    _upload(world, "議事録", "総組合員の同意 2026年")
    backup_dir = tmp_path / "backup"
    result = runner.invoke(args=["backup", "create", str(backup_dir)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert len(manifest["files"]) == 2
    assert manifest["counts"]["documents"] == 2
    assert manifest["revision"]

    url, drop = _empty_database(tmp_path)
    restored = create_app(_config(url, tmp_path / "restored"))
    try:
        with restored.app_context():
            cli = restored.test_cli_runner()
            result = cli.invoke(args=["backup", "restore", str(backup_dir)])
            assert result.exit_code == 0, result.output
            for command in (["audit", "verify"], ["storage", "check"], ["search", "check"]):
                result = cli.invoke(args=command)
                assert result.exit_code == 0, (command, result.output)
            assert db.session.scalar(select(func.count()).select_from(Document)) == 2
            assert audit.verify() == []
            # A second restore into the now full database is refused.
            result = cli.invoke(args=["backup", "restore", str(backup_dir)])
            assert result.exit_code == 1 and "not empty" in result.output
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()


def test_a_damaged_backup_is_refused_before_anything_is_written(app, world, runner, tmp_path):
    _upload(world, "契約書", "有限責任事業組合契約")
    backup_dir = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup_dir)]).exit_code == 0
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    [sha] = manifest["files"]
    damaged = backup_dir / "files" / sha[:2] / sha[2:4] / sha
    damaged.write_bytes(b"tampered")
    url, drop = _empty_database(tmp_path)
    restored = create_app(_config(url, tmp_path / "restored"))
    try:
        with restored.app_context():
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(backup_dir)])
            assert result.exit_code == 1 and "damaged" in result.output
            from sqlalchemy import inspect

            assert inspect(db.engine).get_table_names() == []
            db.engine.dispose()
    finally:
        drop()
