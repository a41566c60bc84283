"""Daily pages at three data scales: p50/p95 wall and CPU time and SQL statements per page.

Prints figures; asserts nothing (tests/pages/test_query_counts.py asserts the counts). The
demo organisation (flask demo load) is grown with tests/pages/seed.py to each scale in turn,
and each page is requested in-process with the Flask test client, signed in as the role that
uses it. Usage:
    .venv/bin/python bench/pages.py                      # scales 100,1000,10000
    .venv/bin/python bench/pages.py --scales 100,1000 --requests 20
A scale S means S projects, S resolutions (a vote row per partner), 100*S journal lines and
10*S documents (rows only, for the list).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = [
    ("dashboard", "chairman", "/"),
    ("projects", "chairman", "/projects/"),
    ("projects p.3", "chairman", "/projects/?page=3"),
    ("resolutions", "chairman", "/resolutions/"),
    ("journal", "accountant", "/ledger/journal"),
    ("journal older", "accountant", None),  # the page after the first (keyset link)
    ("ledger overview", "accountant", "/ledger/"),
    ("trial balance", "accountant", "/ledger/reports/trial-balance"),
    ("balance sheet", "accountant", "/ledger/reports/balance-sheet"),
    ("documents", "chairman", "/documents/"),
    ("documents p.5", "chairman", "/documents/?page=5"),
    ("docs by amount", "chairman", "/documents/?sort=amount_desc"),
]


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="100,1000,10000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--lines-per-project", type=int, default=100)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    from flask_migrate import upgrade
    from sqlalchemy import event

    from llp_gov import create_app
    from llp_gov.demo import services as demo
    from llp_gov.extensions import db
    from tests.pages import seed

    tmp = Path(tempfile.mkdtemp(prefix="llp-bench-pages-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "DOCUMENTS_DIR": str(tmp / "documents"),
            "INDEX_DIR": str(tmp / "index"),
            "MAIL_OUTBOX_DIR": str(tmp / "mail"),
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "DEMO_MODE": True,  # the demo's sign-ins work only in demo mode
        }
    )
    statements = []

    def count(conn, cursor, statement, *_):
        statements.append(statement)

    results: dict[str, dict[int, tuple]] = {}
    with app.app_context():
        upgrade(revision="heads")
        ctx = demo.load("bench-password-1")
        db.session.commit()
        slug, org_id = ctx["klic"].slug, ctx["klic"].id
        user_ids = [ctx["users"][r].id for r in ("chairman", "member", "accountant")]
        partner_ids = [p.id for p in ctx["klic_partners"]]
        engine = db.engine
    # Requests run outside the seeding's app context: each gets its own, as in production.
    clients = {}
    for role in ("chairman", "accountant"):
        c = app.test_client()
        r = c.post("/login", data={"email": f"{role}@klic.example", "password": "bench-password-1"})
        assert r.status_code == 302, (r.status_code, r.get_data(as_text=True)[-3000:])
        clients[role] = c
    event.listen(engine, "before_cursor_execute", count)
    grown = 0
    for scale in scales:
        t0 = time.perf_counter()
        lines = scale * args.lines_per_project
        with app.app_context():
            from llp_gov.auth.models import User
            from llp_gov.orgs.models import Organisation
            from llp_gov.partners.models import Partner

            seed.grow(
                db.session.get(Organisation, org_id),
                users=[db.session.get(User, i) for i in user_ids],
                partners=[db.session.get(Partner, i) for i in partner_ids],
                n=scale - grown,
                lines=lines - grown * args.lines_per_project,
                documents=(scale - grown) * 10,
                seed=scale,
            )
        grown = scale
        print(
            f"scale {scale}: seeded in {time.perf_counter() - t0:.1f} s "
            f"({scale} projects, {scale} resolutions, {lines} journal lines, "
            f"{scale * 10} documents)",
            flush=True,
        )
        older = None
        for name, role, path in PAGES:
            c = clients[role]
            url = f"/o/{slug}{path if path is not None else older}"
            r = c.get(url)  # warm
            assert r.status_code == 200, (url, r.status_code)
            if name == "journal":
                html = r.get_data(as_text=True)
                start = html.index('rel="next" href="') + len('rel="next" href="')
                older = html[start : html.index('"', start)].replace("&amp;", "&")
                older = older.split(f"/o/{slug}", 1)[1]
            walls, cpus = [], []
            for _ in range(args.requests):
                statements.clear()
                w0, c0 = time.perf_counter(), time.process_time()
                r = c.get(url)
                walls.append((time.perf_counter() - w0) * 1000)
                cpus.append((time.process_time() - c0) * 1000)
                assert r.status_code == 200
            results.setdefault(name, {})[scale] = (
                percentile(walls, 50),
                percentile(walls, 95),
                statistics.median(cpus),
                len(statements),
            )
    event.remove(engine, "before_cursor_execute", count)

    load = os.getloadavg()
    print()
    print(
        f"pages, in-process (Flask test client), {args.requests} requests each, "
        f"{db_kind(url)}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"{os.cpu_count()} CPUs"
    )
    head = f"{'page':<16}" + "".join(
        f"| {f'S={s} p50/p95 ms':>20} {'cpu ms':>7} {'SQL':>4} " for s in scales
    )
    print(head + f"| {'p95 ratio':>9} {'SQL ratio':>9}")
    print("-" * len(head + "| p95 ratio SQL ratio  "))
    for name, _role, _path in PAGES:
        row = results[name]
        cells = "".join(
            f"| {f'{row[s][0]:.1f}/{row[s][1]:.1f}':>20} {row[s][2]:>7.1f} {row[s][3]:>4} "
            for s in scales
        )
        lo, hi = row[scales[0]], row[scales[-1]]
        print(f"{name:<16}{cells}| {hi[1] / lo[1]:>9.2f} {hi[3] / max(lo[3], 1):>9.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def db_kind(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


if __name__ == "__main__":
    main()
