"""Ledger benchmark: streaming exports and closing a large year. Prints figures; asserts nothing.

Seeds journal lines in bulk (core INSERTs, not through the services), then measures, each in a
fresh child process so that its peak memory (ru_maxrss) is the export's own:
  - CSV (UTF-8 BOM) export of the whole journal: rows/s and peak RSS;
  - XLSX export of the first --xlsx-rows rows: rows/s and peak RSS;
  - closing a fiscal year of --close-entries entries (two lines each).

Usage:
    .venv/bin/python bench/ledger_export.py                       # 1,000,000 lines, 100,000 XLSX rows
    .venv/bin/python bench/ledger_export.py --lines 200000 --xlsx-rows 50000 --close-entries 20000
    LLP_GOV_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/llp_gov_bench_ledger .venv/bin/python bench/ledger_export.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 20_000


def make_app(url: str, tmp: str):
    from llp_gov import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "DOCUMENTS_DIR": f"{tmp}/documents",
            "INDEX_DIR": f"{tmp}/index",
            "MAIL_OUTBOX_DIR": f"{tmp}/mail",
            "RATELIMIT_ENABLED": False,
        }
    )


def seed_org(slug: str, fy_start: dt.date):
    """An organisation, an accountant, twelve partners with contributions (through the services)."""
    from llp_gov.auth.models import User
    from llp_gov.extensions import db
    from llp_gov.ledger import services
    from llp_gov.orgs.models import Membership, Organisation
    from llp_gov.partners.models import Partner

    org = Organisation(
        slug=slug,
        legal_form="jp_llp",
        name=f"ベンチ{slug}有限責任事業組合",
        fiscal_year_start_month=4,
        settings={},
    )
    user = User(
        email=f"acc@{slug}.bench",
        name="Accountant",
        password_hash="x",
        timezone="Asia/Tokyo",
        locale="en",
    )
    db.session.add_all([org, user])
    db.session.flush()
    db.session.add(Membership(organisation_id=org.id, user_id=user.id, role="accountant"))
    partners = []
    for i in range(12):
        p = Partner(
            organisation_id=org.id,
            kind="corporate",
            name=f"株式会社ベンチ{i}",
            country="JP",
            is_domestic=i != 11,
            status="active",
            position=i + 1,
            executing_person="山田",
        )
        db.session.add(p)
        partners.append(p)
    db.session.flush()
    for i, p in enumerate(partners):
        services.record_contribution(
            actor=user,
            organisation=org,
            partner=p,
            kind="money",
            agreed_amount=1_000_000 * (i + 1),
            received_amount=1_000_000 * (i + 1),
            received_on=fy_start,
        )
    db.session.commit()
    return org, user


def bulk_lines(org, n_entries: int, fy_start: dt.date) -> None:
    """n_entries two-line entries spread over one fiscal year, in batches of core INSERTs."""
    from sqlalchemy import func, insert, select

    from llp_gov.db import utcnow
    from llp_gov.extensions import db
    from llp_gov.ledger import chart
    from llp_gov.ledger.models import JournalEntry, JournalLine

    codes = {a.code: a.id for a in chart.accounts(org)}
    pairs = [
        (codes["135"], codes["410"]),
        (codes["510"], codes["112"]),
        (codes["520"], codes["112"]),
        (codes["112"], codes["135"]),
    ]
    next_id = (db.session.scalar(select(func.max(JournalEntry.id))) or 0) + 1
    next_no = (
        db.session.scalar(
            select(func.max(JournalEntry.number)).where(JournalEntry.organisation_id == org.id)
        )
        or 0
    ) + 1
    now = utcnow()
    done = 0
    while done < n_entries:
        size = min(BATCH, n_entries - done)
        entries, lines = [], []
        for k in range(size):
            i = done + k
            debit, credit = pairs[i % 4]
            amount = 1_000 + (i * 7919) % 500_000
            eid = next_id + i
            entries.append(
                {
                    "id": eid,
                    "organisation_id": org.id,
                    "number": next_no + i,
                    "entry_date": fy_start + dt.timedelta(days=i % 365),
                    "fiscal_year": fy_start.year,
                    "kind": "ordinary",
                    "description": f"ベンチ仕訳 {i} 業務委託料",
                    "posted_at": now,
                }
            )
            lines.append(
                {
                    "entry_id": eid,
                    "organisation_id": org.id,
                    "line_no": 1,
                    "account_id": debit,
                    "debit": amount,
                    "credit": 0,
                }
            )
            lines.append(
                {
                    "entry_id": eid,
                    "organisation_id": org.id,
                    "line_no": 2,
                    "account_id": credit,
                    "debit": 0,
                    "credit": amount,
                }
            )
        db.session.execute(insert(JournalEntry), entries)
        db.session.execute(insert(JournalLine), lines)
        db.session.commit()
        done += size
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('ledger_entries', 'id'), (SELECT max(id) FROM ledger_entries))"
            )
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    from llp_gov.ledger import books

    books.get_fiscal_year(org, fy_start.year, create=True)
    db.session.commit()


def child(url: str, tmp: str, what: str, limit: int) -> None:
    """Run one measurement in this (fresh) process and print 'rows seconds bytes'."""
    from sqlalchemy import select

    from llp_gov.auth.models import User
    from llp_gov.extensions import db
    from llp_gov.ledger import exports, services, statements
    from llp_gov.orgs.models import Organisation

    app = make_app(url, tmp)
    with app.test_request_context():
        global BASELINE_MB
        BASELINE_MB = _peak_mb()  # the application alone, before the measured work
        org = db.session.scalar(
            select(Organisation).where(
                Organisation.slug == ("bench-close" if what == "close" else "bench")
            )
        )
        user = db.session.scalar(select(User).where(User.email == f"acc@{org.slug}.bench"))
        started = time.perf_counter()
        cpu_started = time.process_time()
        if what == "close":
            result = services.close_fiscal_year(actor=user, organisation=org, year=2025)
            db.session.commit()
            print(
                len(result["partners"]),
                time.perf_counter() - started,
                0,
                _peak_mb(),
                BASELINE_MB,
                time.process_time() - cpu_started,
            )
            return
        if what == "csv":
            _name, _mime, body = statements.export_ledger(
                actor=user, organisation=org, fmt="csv", report="journal"
            )
            rows = limit
        else:
            from llp_gov import exports as shared

            rows_iter = exports.journal_rows(org)
            limited = (r for i, r in zip(range(limit), rows_iter, strict=False))
            # The same shared writer and columns as the journal export, cut at `limit` rows.
            sheet = shared.Sheet("Journal", exports.journal_columns(), limited, totals=True)
            body = shared.xlsx_stream([sheet], tz="Asia/Tokyo")
            rows = limit
        size = 0
        for chunk in body:
            size += len(chunk)
        print(
            rows,
            time.perf_counter() - started,
            size,
            _peak_mb(),
            BASELINE_MB,
            time.process_time() - cpu_started,
        )


BASELINE_MB = 0.0


def _peak_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args, what: str, limit: int) -> tuple[float, float, int, str]:
    out = (
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                what,
                "--limit",
                str(limit),
                "--url",
                args.url,
                "--tmp",
                args.tmp,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    rows, seconds, size, peak, baseline, cpu = out.split()
    return (
        float(rows),
        float(seconds),
        int(size),
        f"{float(peak):.0f} MB (application alone {float(baseline):.0f} MB)",
        float(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--close-entries", type=int, default=100_000)
    parser.add_argument("--child")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--url")
    parser.add_argument("--tmp")
    args = parser.parse_args()
    if args.child:
        child(args.url, args.tmp, args.child, args.limit)
        return
    args.tmp = tempfile.mkdtemp(prefix="ledger-bench-")
    args.url = os.environ.get("LLP_GOV_DATABASE_URL") or f"sqlite:///{args.tmp}/bench.sqlite3"
    from flask_migrate import upgrade

    from llp_gov.extensions import db

    app = make_app(args.url, args.tmp)
    fy = dt.date(2025, 4, 1)
    with app.test_request_context():
        upgrade(revision="heads")
        started = time.perf_counter()
        org, _user = seed_org("bench", fy)
        bulk_lines(org, args.lines // 2, fy)
        seeded = time.perf_counter() - started
        org2, _user2 = seed_org("bench-close", fy)
        bulk_lines(org2, args.close_entries, fy)
        db.engine.dispose()
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    print(f"seeded {args.lines:,} journal lines in {seeded:.1f} s (bulk INSERT)")
    print(
        f"load average before the measurements: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    # Wall-clock rows/s depends on what else the machine runs; rows per CPU-second of the
    # exporting process (time.process_time) does not, so both are printed.
    rows, seconds, size, peak, cpu = run_child(args, "csv", args.lines)
    print(
        f"CSV (UTF-8 BOM) export: {rows:,.0f} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
        f"({rows / cpu:,.0f} rows per CPU-second), {size / 1e6:.0f} MB, peak RSS {peak}"
    )
    rows, seconds, size, peak, cpu = run_child(args, "xlsx", args.xlsx_rows)
    print(
        f"XLSX export: {rows:,.0f} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
        f"({rows / cpu:,.0f} rows per CPU-second), {size / 1e6:.1f} MB, peak RSS {peak}"
    )
    _n, seconds, _s, peak, cpu = run_child(args, "close", 0)
    print(
        f"close a fiscal year of {args.close_entries:,} entries ({2 * args.close_entries:,} lines): "
        f"{seconds:.2f} s ({cpu:.2f} CPU-s), peak RSS {peak}"
    )


if __name__ == "__main__":
    main()
