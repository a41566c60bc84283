"""One writer: the outbox survives a busy lock or a failed write, and two processes can upload."""

import os
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from llp_gov.documents import services as documents
from llp_gov.documents.search_service import search_documents
from llp_gov.extensions import db
from llp_gov.search import check, index, outbox, sources
from llp_gov.search.models import SearchOutbox
from llp_gov.search.query import Filters


def queued():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def upload(world, text="有限責任事業組合の契約書"):
    doc = documents.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title="契約",
        doc_type="other",
        data=text.encode(),
        filename="a.txt",
    )
    db.session.commit()
    return doc


def titles(world, q):
    return search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q=q)
    )[0].total


def test_commit_drains_the_outbox(app, world):
    upload(world)
    assert queued() == 0 and titles(world, "事業組合") == 1


def test_failed_index_write_leaves_the_row_and_next_drain_recovers(app, world, monkeypatch):
    real = sources.apply

    def disk_error(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sources, "apply", disk_error)
    upload(world)
    assert queued() == 1 and titles(world, "事業組合") == 0
    monkeypatch.setattr(sources, "apply", real)
    assert outbox.drain() == 1
    db.session.expire_all()
    assert queued() == 0 and titles(world, "事業組合") == 1


def test_lock_held_leaves_the_row_and_worker_recovers(app, world, runner):
    app.config["SEARCH_LOCK_TIMEOUT_SECONDS"] = 0.2
    ix = index.open_index()
    lock = ix.storage.lock(index.INDEX_NAME + "_WRITELOCK")
    assert lock.acquire()
    try:
        upload(world)
        assert queued() == 1
    finally:
        lock.release()
        ix.close()
    result = runner.invoke(args=["search", "worker", "--once"])
    assert "Drained 1" in result.output
    db.session.expire_all()
    assert queued() == 0 and titles(world, "事業組合") == 1


def test_check_and_reindex(app, world, runner):
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    upload(world)
    report = check.run()
    assert not report.ok and len(report.missing) == 1 and report.queued == 1
    result = runner.invoke(args=["search", "reindex"])
    assert "Indexed 1 documents" in result.output, result.output
    assert check.run().missing == [] and titles(world, "事業組合") == 1


def test_schema_version_change_forces_a_rebuild(app, world):
    upload(world)
    (index.index_dir() / index.VERSION_FILE).write_text("0")
    assert not check.run().schema_ok
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = True
    upload(world, "Invoices for KLIC")
    assert index.is_current() and titles(world, "事業組合") == 1 and titles(world, "invoice") == 1


SCRIPT = textwrap.dedent(
    """
    import sys
    from llp_gov import create_app
    from llp_gov.auth.models import User
    from llp_gov.documents import services
    from llp_gov.extensions import db
    from llp_gov.orgs.models import Organisation

    def main():
        url, docs, index_dir, word = sys.argv[1:5]
        app = create_app({"TESTING": True, "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url,
                          "DOCUMENTS_DIR": docs, "INDEX_DIR": index_dir, "SECRET_KEY": "x",
                          "SEARCH_LOCK_TIMEOUT_SECONDS": 10})
        with app.app_context():
            user = db.session.scalar(db.select(User).filter_by(email="member@klic.test"))
            org = db.session.scalar(db.select(Organisation).filter_by(slug="klic-test"))
            for i in range(3):
                services.create_document(actor=user, organisation=org, title=f"{word} {i}", doc_type="other",
                                         data=f"{word}の契約書 {i}".encode(), filename="p.txt")
                db.session.commit()

    if __name__ == "__main__":
        main()
    """
)


def test_two_processes_uploading_at_once_are_both_searchable(app, world, tmp_path):
    script = tmp_path / "uploader.py"
    script.write_text(SCRIPT)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                url,
                app.config["DOCUMENTS_DIR"],
                app.config["INDEX_DIR"],
                word,
            ],
            env=env,
            stderr=subprocess.PIPE,
        )
        for word in ("北九州", "서울시")
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()[-2000:]
    db.session.expire_all()
    # Each process drained after its own commits, waiting for the other's lock when needed.
    assert queued() == 0
    assert titles(world, "北九州") == 3 and titles(world, "서울시") == 3
