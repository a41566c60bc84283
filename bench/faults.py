"""Fault test (issue 13, item 8): 50 concurrent uploads over 4 gunicorn workers on PostgreSQL,
one worker killed (SIGKILL) part-way; prints sent / acknowledged / stored / indexed /
audit-intact. Not a timed test: it prints figures, CPU time and the load average.

    .venv/bin/python bench/faults.py [--uploads 50] [--workers 4] [--kill-after 12]

Needs PostgreSQL at 127.0.0.1:5432 (user postgres); creates and drops its own database."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return sorted(out)


def flask(env, *args, stdin: str | None = None) -> str:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "llp_gov", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill-after", type=int, default=12, help="acknowledged uploads")
    opts = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="llp-gov-faults."))
    db = f"llp_gov_faults_{os.getpid()}"
    admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{db}"')
    port = 18000 + os.getpid() % 1000
    env = {
        **os.environ,
        "LLP_GOV_INSTANCE_PATH": str(work / "instance"),
        "LLP_GOV_DOCUMENTS_DIR": str(work / "documents"),
        "LLP_GOV_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{db}",
        "LLP_GOV_SECRET_KEY": secrets.token_hex(32),
        "LLP_GOV_RATELIMIT_ENABLED": "false",
    }
    server = None
    try:
        flask(env, "db", "upgrade")
        flask(
            env,
            "orgs",
            "create",
            "faults",
            "--name",
            "障害試験有限責任事業組合",
            "--effective-date",
            "2026-04-01",
            "--end-date",
            "2036-03-31",
        )
        password = secrets.token_hex(12)
        flask(
            env,
            "users",
            "create",
            "chair@faults.example.org",
            "--name",
            "Chair",
            "--org",
            "faults",
            "--role",
            "chairman",
            "--password",
            password,
        )
        token = flask(env, "users", "create-token", "chair@faults.example.org", "--name", "faults")
        token = token.strip().splitlines()[-1]
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                str(opts.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--access-logfile",
                "/dev/null",
                "llp_gov:create_app()",
            ],
            env=env,
            cwd=work,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                requests.get(f"{base}/login", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.5)
        while len(children_of(server.pid)) < opts.workers:
            time.sleep(0.2)

        def upload(i: int):
            body = f"有限責任事業組合 障害試験 文書{i:03d} " + secrets.token_hex(16)
            try:
                r = requests.post(
                    f"{base}/api/v1/orgs/faults/documents",
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"f-{i}"},
                    data={"title": f"fault-{i:03d}"},
                    files={"file": (f"f{i}.txt", body.encode(), "text/plain")},
                    timeout=120,
                )
                return i, r.status_code
            except requests.RequestException as exc:
                return i, type(exc).__name__

        killed = None
        acknowledged, outcomes = 0, {}
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=opts.uploads) as pool:
            futures = [pool.submit(upload, i) for i in range(opts.uploads)]
            for future in as_completed(futures):
                i, status = future.result()
                outcomes[i] = status
                if status == 201:
                    acknowledged += 1
                if killed is None and acknowledged >= opts.kill_after:
                    killed = children_of(server.pid)[0]
                    os.kill(killed, signal.SIGKILL)
        wall = time.perf_counter() - started
        time.sleep(1)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        server = None

        # Afterwards, in this process: what the database, the store, the index and the audit
        # trail hold. A drain first, as the search worker would.
        os.environ.update(env)
        from sqlalchemy import select  # noqa: PLC0415 (after the environment is set)

        from llp_gov import create_app  # noqa: PLC0415
        from llp_gov.audit import services as audit  # noqa: PLC0415
        from llp_gov.documents import storage  # noqa: PLC0415
        from llp_gov.documents.models import Document, DocumentVersion  # noqa: PLC0415
        from llp_gov.extensions import db as sqla  # noqa: PLC0415
        from llp_gov.operations import filestore  # noqa: PLC0415
        from llp_gov.search import index, outbox  # noqa: PLC0415

        app = create_app()
        with app.app_context():
            outbox.drain()
            docs = sqla.session.scalars(select(Document)).all()
            titles = {d.title for d in docs}
            versions = sqla.session.scalars(select(DocumentVersion)).all()
            files_ok = sum(1 for v in versions if storage.exists(v.sha256))
            indexed = set(index.indexed_stamps())
            in_index = sum(1 for d in docs if str(d.id) in indexed)
            breaks = audit.verify()
            store = filestore.check()
            # What the killed worker left (a file written, its transaction never ended); the
            # server is still running, so files in use are skipped by the claim protocol.
            cleaned = filestore.remove_orphans(older_than=dt.timedelta(0))
            after = filestore.check()
            acked_titles = {f"fault-{i:03d}" for i, s in outcomes.items() if s == 201}
            lost = sorted(acked_titles - titles)
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        errors = sorted({str(s) for s in outcomes.values() if s != 201})
        print(f"sent            {opts.uploads}")
        print(f"acknowledged    {acknowledged} (other answers: {errors or 'none'})")
        print(f"killed worker   pid {killed} after {opts.kill_after} acknowledged")
        print(
            f"stored          {len(docs)} documents, {files_ok}/{len(versions)} versions with their file"
        )
        print(f"lost (acked, not stored) {len(lost)} {lost[:5]}")
        print(f"indexed         {in_index}/{len(docs)}")
        print(f"audit-intact    {'yes' if not breaks else 'NO ' + str(breaks[:3])}")
        print(
            f"storage check   {'clean' if store.clean else f'{len(store.orphans)} orphans, {len(store.missing)} missing'}"
        )
        print(
            f"storage clean   removed {len(cleaned)}; then check: {'clean' if after.clean else f'{len(after.orphans)} orphans, {len(after.missing)} missing'}"
        )
        print(
            f"wall {wall:.1f} s; server CPU {cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime:.1f} s; load average {os.getloadavg()}"
        )
    finally:
        if server is not None:
            server.kill()
        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
