"""Search benchmark: bulk indexing, search latency (in-process and over HTTP), cold filters,
a search-only process's memory, upload to searchable, and the first upload after a bulk reindex.

Prints figures; asserts nothing. Usage:
    .venv/bin/python bench/search.py [--n 20000] [--queries 200] [--procs 1]
    .venv/bin/python bench/search.py --n 100000 --data /tmp/llp-bench-100k   # seeded once, reused
    .venv/bin/python bench/search.py --data DIR --search-only   # the memory of a searching process
    .venv/bin/python bench/search.py --data DIR --search-only --whoosh-scoring   # the same, as before

With --data, the generated database and the index are kept in DIR: a later run with the same
--n reuses them (the index is rebuilt only when its schema version changed or --reindex is
given), so repeat runs measure searching, not seeding. Every phase prints CPU time and the load
average, since the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

JA = (
    "契約 組合 事業 業務 委託 保守 開発 報告 会議 理事長 組合員 出資 分配 損益 請求 見積 北九州 福岡 "
    "情報 システム 共同 受託 納品 検収 支払 期日 条項 解除 秘密 保持 損害 賠償 協議 甲 乙 本契約 "
    "有限責任事業組合 決算 会計 帳簿 監査 承認 議事録 予算 計画 案件 顧客 提案 仕様 設計 試験"
).split()
KO = (
    "계약서를 계약 조합원 사업 용역 보수 개발 보고 회의 이사장 출자 분배 손익 청구 견적 서울 부산 "
    "정보 시스템 공동 수탁 납품 검수 지급 기일 조항 해지 비밀 유지 손해 배상 협의 갑 을 본 계약은 "
    "결산 회계 장부 감사 승인 의사록 예산 계획 안건 고객 제안 사양 설계 시험"
).split()
EN = (
    "contract partnership services maintenance development report meeting chairman partner contribution "
    "distribution invoice invoices quotation delivery acceptance payment terms termination confidential "
    "damages agreement accounting audit approval minutes budget project client proposal design testing "
    "software integration consulting"
).split()
RARE = ["稀少案件", "희귀조항", "zymurgy"]
QUERIES = [
    ("rare ja", {"q": "稀少案件"}),
    ("rare ko", {"q": "희귀조항"}),
    ("rare en", {"q": "zymurgy"}),
    ("common ja 2", {"q": "契約"}),
    ("common ja 3+", {"q": "有限責任事業組合"}),
    ("common ja 1", {"q": "甲"}),
    ("common ko", {"q": "계약서"}),
    ("common en", {"q": "invoices"}),
    ("two words", {"q": "保守 北九州"}),
    ("filters only", {"date_from": "2024-04-01", "date_to": "2024-09-30", "amount_min": "100000"}),
    ("word + filters", {"q": "契約", "type": "contract", "amount_max": "5000000"}),
]


def text_for(rng: random.Random, i: int) -> tuple[str, str]:
    lang = ("ja", "ko", "en")[i % 3]
    words, parts, size = {"ja": JA, "ko": KO, "en": EN}[lang], [], 0
    target = 2048
    while size < target:
        w = rng.choice(words)
        parts.append(w)
        size += len(w.encode()) + (0 if lang == "ja" else 1)
    if i % 997 == 0:
        parts.insert(rng.randrange(len(parts)), RARE[i % 3])
    sep = "" if lang == "ja" else " "
    body = sep.join(parts)
    if lang == "ja":
        body = "。".join(body[k : k + 40] for k in range(0, len(body), 40))
    return lang, body


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB, from /proc/self/status."""
    fields = status_mb()
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def status_mb() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def memory_line() -> str:
    """RSS split into heap (anonymous) and mapped index files, and what the search caches hold
    against their bounds (bytes)."""
    from llp_gov.search import index, postings

    f = status_mb()
    caches = ", ".join(
        f"{name} {cache.cache.currsize / 2**20:.1f} of {cache.cache.maxsize / 2**20:.0f} MB"
        for name, cache in (("segments", postings._segments), ("sorted", postings._sorted))
    )
    pooled = sum(len(v) for v in getattr(index, "_pool", {}).values())
    return (
        f"RSS {f.get('VmRSS', 0):.0f} MB (peak {f.get('VmHWM', 0):.0f} MB; heap {f.get('RssAnon', 0):.0f} MB,"
        f" mapped files {f.get('RssFile', 0):.0f} MB); search caches: {caches};"
        f" pooled searchers {pooled}"
    )


def memory_bound() -> str:
    """The stated bound of a searching process's heap beyond its warmed-up size (README)."""
    from llp_gov.search import index, postings

    mb = 2**20
    return (
        f"bound: heap <= warmed-up heap + {postings.SEGMENT_CACHE_BYTES // mb} MB (segment cache)"
        f" + {postings.SORTED_CACHE_BYTES // mb} MB (sorted columns) + per concurrent search its"
        f" own sets (<= {postings.SEARCHER_CACHE_BYTES // mb} MB cached, freed after the search);"
        f" <= {index._MAX_IDLE} idle searchers per index; mapped index files are page cache"
    )


def use_whoosh_scoring() -> None:
    """Rank and read term sets as before issue 14's last change (Whoosh scores every candidate,
    term sets stepped one posting at a time), for a side-by-side figure on the same data."""
    from whoosh import query as Q

    from llp_gov.search import postings, scoring

    def whoosh_scores(*_args, **_kwargs):
        raise TypeError("bench: Whoosh's own scoring")

    scoring.top = whoosh_scores

    def stepped(s, fieldname: str, text: str) -> frozenset:
        return postings.docs(s, ("term", fieldname, text), lambda: Q.Term(fieldname, text))

    postings.term_docs = stepped


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def load() -> str:
    return "load average " + "/".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_s() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def make_app(data: Path, url: str, procs):
    from llp_gov import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "DOCUMENTS_DIR": str(data / "documents"),
            "INDEX_DIR": str(data / "index"),
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "RATELIMIT_ENABLED": False,
            "SEARCH_LOCK_TIMEOUT_SECONDS": 30,
            "SEARCH_REINDEX_PROCS": procs,
            # Jobs (the outbox drain) run right after the commit that queued them, in process.
            "JOBS_URL": "immediate",
        }
    )


def seed(n: int, rng: random.Random):
    """The bench user, organisation, API token and n documents (inserted in bulk)."""
    from sqlalchemy import insert

    from llp_gov.auth import services as auth
    from llp_gov.documents.models import Document, DocumentVersion
    from llp_gov.extensions import db
    from llp_gov.orgs import services as orgs

    user = auth.create_user(
        actor=None, email="bench@example.org", name="Bench", password="bench-password-1"
    )
    user.is_superadmin = True
    org = orgs.create_organisation(actor=user, slug="bench", legal_form="other", name="Bench LLP")
    orgs.set_membership(actor=None, organisation=org, user=user, role="chairman")
    _t, token = auth.create_token(actor=None, user=user, name="bench")
    db.session.commit()
    print(f"Generating {n} documents of about 2 KB (ja/ko/en) into the database ...", flush=True)
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    batch = 2000
    for start in range(0, n, batch):
        docs, versions = [], []
        for i in range(start, min(n, start + batch)):
            lang, body = text_for(rng, i)
            docs.append(
                {
                    "id": i + 1,
                    "organisation_id": org.id,
                    "title": f"{lang} document {i}",
                    "doc_type": rng.choice(["contract", "invoice", "minutes", "other"]),
                    "transaction_date": dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730)),
                    "amount": rng.randrange(10_000, 10_000_000),
                    "currency": "JPY",
                    "tags": [lang],
                    "confidentiality": "organisation",
                    "created_at": now,
                }
            )
            docs[-1]["amount_jpy"] = docs[-1]["amount"]
            versions.append(
                {
                    "document_id": i + 1,
                    "number": 1,
                    "sha256": "0" * 64,
                    "size": len(body.encode()),
                    "mime_type": "text/plain",
                    "filename": f"{i}.txt",
                    "created_at": now,
                    "extraction_status": "done",
                    "extracted_text": body,
                }
            )
        db.session.execute(insert(Document), docs)
        db.session.execute(insert(DocumentVersion), versions)
        db.session.commit()
    print(f"  generated in {time.perf_counter() - t0:.1f} s")
    return token


def segment_sizes() -> list[int]:
    from llp_gov.search import index

    ix = index.open_index()
    try:
        return sorted((s.doc_count_all() for s in ix._segments()), reverse=True)
    finally:
        ix.close()


def bulk_reindex() -> None:
    from llp_gov.search import index

    print("Bulk indexing (flask search reindex: database -> Whoosh) ...", flush=True)
    print(f"  before: {load()}")
    t0, cpu0 = time.perf_counter(), cpu_s()
    count = index.rebuild()
    elapsed, cpu = time.perf_counter() - t0, cpu_s() - cpu0
    size = sum(p.stat().st_size for p in index.index_dir().resolve().rglob("*") if p.is_file())
    print(
        f"  {count} docs in {elapsed:.1f} s = {count / elapsed:.0f} docs/s"
        f"  ({cpu:.1f} CPU-s = {count / cpu:.0f} docs per CPU-second; {load()})"
    )
    print(f"  peak memory (RSS, this process or a child): {peak_mb():.0f} MB")
    print(f"  index size: {size / 1024 / 1024:.1f} MB; segments (documents): {segment_sizes()}")


def search_phase(user, org, repeats: int) -> None:
    from llp_gov.documents.search_service import parse_filters, search_documents

    print(
        f"Search latency, top 20, {repeats} runs per query (in-process: index + database + snippets):"
    )
    print(f"  {load()}")
    all_times, all_cpu = [], []
    for label, params in QUERIES:
        filters, sort, page = parse_filters(params)
        times, cpu_times = [], []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.thread_time()
            results, _rows = search_documents(
                actor=user, organisation=org, filters=filters, sort=sort, page=1
            )
            times.append((time.perf_counter() - t) * 1000)
            cpu_times.append((time.thread_time() - c) * 1000)
        all_times += times
        all_cpu += cpu_times
        print(
            f"  {label:16s} total={results.total:6d}{'~' if results.estimated else ' '} median {statistics.median(times):7.1f} ms"
            f"  p95 {pct(times, 95):7.1f} ms   (CPU median {statistics.median(cpu_times):6.1f} ms  p95 {pct(cpu_times, 95):6.1f} ms)"
        )
    print(
        f"  ALL                    median {statistics.median(all_times):7.1f} ms  p95 {pct(all_times, 95):7.1f} ms"
        f"   (CPU median {statistics.median(all_cpu):6.1f} ms  p95 {pct(all_cpu, 95):6.1f} ms)"
    )
    print(
        "  (~ marks a total extrapolated from verified candidates; CPU = this thread's CPU time,"
        " which other processes on the machine do not inflate)"
    )


def cold_filter_phase(user, org, requests: int, rng: random.Random) -> None:
    """A new amount and date range on every request: no cache holds its answer."""
    from llp_gov.documents.search_service import parse_filters, search_documents

    print(f"Cold filters: {requests} requests, each with a new amount and date range ({load()}):")
    cases: dict[str, list[float]] = {
        "amount range": [],
        "date range": [],
        "amount + date + word": [],
    }
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(requests):
        low = rng.randrange(10_000, 9_000_000)
        high = low + rng.randrange(1, 5_000_000)
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
        end = start + dt.timedelta(days=rng.randrange(1, 400))
        for label, params in (
            ("amount range", {"amount_min": str(low), "amount_max": str(high)}),
            ("date range", {"date_from": start.isoformat(), "date_to": end.isoformat()}),
            (
                "amount + date + word",
                {
                    "q": "契約",
                    "amount_min": str(low),
                    "date_from": start.isoformat(),
                    "date_to": end.isoformat(),
                },
            ),
        ):
            filters, sort, page = parse_filters(params)
            t, c = time.perf_counter(), time.thread_time()
            search_documents(actor=user, organisation=org, filters=filters, sort=sort, page=1)
            cases[label].append((time.perf_counter() - t) * 1000)
            cpus[label].append((time.thread_time() - c) * 1000)
    for label, times in cases.items():
        print(
            f"  {label:22s} median {statistics.median(times):7.1f} ms  p95 {pct(times, 95):7.1f} ms"
            f"   (CPU median {statistics.median(cpus[label]):6.1f} ms  p95 {pct(cpus[label], 95):6.1f} ms)"
        )


def http_phase(app, token: str, repeats: int) -> None:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Search latency over HTTP (GET /api/v1/orgs/bench/search; {load()}):")
    http_times = []
    for label, params in QUERIES:
        q = urllib.parse.urlencode(params)
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/orgs/bench/search?{q}",
            headers={"Authorization": f"Bearer {token}"},
        )
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            with urllib.request.urlopen(req) as resp:
                json.loads(resp.read())
            times.append((time.perf_counter() - t) * 1000)
        http_times += times
        print(
            f"  {label:16s} median {statistics.median(times):7.1f} ms  p95 {pct(times, 95):7.1f} ms"
        )
    print(
        f"  ALL              median {statistics.median(http_times):7.1f} ms  p95 {pct(http_times, 95):7.1f} ms"
    )
    server.shutdown()


def upload(user, org, i: int, word: str):
    from llp_gov.documents import services as documents
    from llp_gov.extensions import db

    t = time.perf_counter()
    documents.create_document(
        actor=user,
        organisation=org,
        title=f"upload {i}",
        doc_type="other",
        data=f"{word}を含む新しい書類".encode(),
        filename="u.txt",
    )
    t_created = time.perf_counter()
    db.session.commit()
    return t, t_created, time.perf_counter()


def upload_phase(user, org) -> None:
    from llp_gov.documents.search_service import search_documents
    from llp_gov.search.query import Filters

    print("Upload to searchable (create_document + commit, drain job after commit, then found):")
    times, parts = [], []
    for i in range(10):
        word = f"速報語{i}号"
        t, t_created, t_committed = upload(user, org, i, word)
        results, _rows = search_documents(actor=user, organisation=org, filters=Filters(q=word))
        t_found = time.perf_counter()
        times.append((t_found - t) * 1000)
        parts.append(
            (
                (t_created - t) * 1000,
                (t_committed - t_created) * 1000,
                (t_found - t_committed) * 1000,
            )
        )
        assert results.total == 1
    print(f"  median {statistics.median(times):.0f} ms  max {max(times):.0f} ms")
    for name, k in (
        ("upload (store, extract)", 0),
        ("commit + outbox drain", 1),
        ("first search", 2),
    ):
        values = [p[k] for p in parts]
        print(
            f"    {name:24s} median {statistics.median(values):6.0f} ms  max {max(values):6.0f} ms"
        )


def first_upload_after_reindex(user, org) -> None:
    """The first upload after a bulk reindex: its commit must not merge the big segments."""

    print(f"First upload after the bulk reindex ({load()}):")
    before = segment_sizes()
    c0 = cpu_s()
    t, t_created, t_committed = upload(user, org, 99, "再索引後")
    print(
        f"  commit + outbox drain {(t_committed - t_created) * 1000:.0f} ms"
        f" ({cpu_s() - c0:.2f} CPU-s for the whole upload); segments before {before}, after {segment_sizes()}"
    )
    try:
        from llp_gov.search.merge import merge_segments as merge
    except ImportError:
        print("  (this version has no background merge)")
        return
    t0, c0 = time.perf_counter(), cpu_s()
    report = merge(force=True)
    print(
        f"  background merge: {time.perf_counter() - t0:.1f} s, {cpu_s() - c0:.1f} CPU-s, write lock held"
        f" {report.lock_seconds * 1000:.0f} ms for the swap; segments now {segment_sizes()}"
    )


def token_for(user) -> str:
    from llp_gov.auth import services as auth
    from llp_gov.extensions import db

    _t, token = auth.create_token(actor=None, user=user, name="bench")
    db.session.commit()
    return token


def search_only(args) -> None:
    """A fresh process that only searches (as a web worker would): its RSS after each phase."""
    from llp_gov.auth.models import User
    from llp_gov.extensions import db
    from llp_gov.orgs.models import Organisation

    data = Path(args.data)
    app = make_app(data, args.database_url or f"sqlite:///{data / 'bench.sqlite3'}", None)
    rng = random.Random(7)
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="bench@example.org"))
        org = db.session.scalar(db.select(Organisation).filter_by(slug="bench"))
        print(f"Search-only process after start: {memory_line()}")
        search_phase(user, org, 1)
        warmed = status_mb().get("RssAnon", 0)
        print(f"  warmed up (each query once): {memory_line()}")
        print(f"  {memory_bound()}")
        search_phase(user, org, args.queries)
        print(f"  after the queries: {memory_line()}")
        cold_filter_phase(user, org, args.cold, rng)
        print(f"  after the cold filters: {memory_line()}")
        http_phase(app, token_for(user), args.queries)
        print(f"  after the same queries over HTTP (threads): {memory_line()}")
        grown = status_mb().get("RssAnon", 0) - warmed
        print(
            f"  heap grown since warmed up: {grown:.0f} MB ({load()}, {cpu_s():.1f} CPU-s in all)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=20, help="repetitions of each query")
    parser.add_argument("--cold", type=int, default=40, help="cold-filter requests")
    parser.add_argument(
        "--database-url", default=None, help="default: a SQLite file in the data dir"
    )
    parser.add_argument("--data", default=None, help="keep (and reuse) database and index here")
    parser.add_argument("--reindex", action="store_true", help="rebuild a reused index")
    parser.add_argument("--search-only", action="store_true", help="only search (with --data)")
    parser.add_argument(
        "--procs", type=int, default=None, help="reindex processes (SEARCH_REINDEX_PROCS)"
    )
    parser.add_argument(
        "--whoosh-scoring",
        action="store_true",
        help="rank with Whoosh's scorer (before issue 14's ranking change), to compare",
    )
    args = parser.parse_args()
    if args.whoosh_scoring:
        use_whoosh_scoring()
        print("(ranking with Whoosh's own scorer: the figures before the change)")
    if args.search_only:
        search_only(args)
        return

    from flask_migrate import upgrade

    from llp_gov.auth import services as auth
    from llp_gov.auth.models import User
    from llp_gov.extensions import db
    from llp_gov.orgs.models import Organisation
    from llp_gov.search import index

    data = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="llp-bench-"))
    data.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{data / 'bench.sqlite3'}"
    marker = data / "seeded"
    app = make_app(data, url, args.procs)
    rng = random.Random(20251124)
    with app.app_context():
        reused = marker.exists() and marker.read_text().strip() == str(args.n)
        if reused:
            print(f"Reusing the {args.n} documents seeded in {data}")
            user = db.session.scalar(db.select(User).filter_by(email="bench@example.org"))
            _t, token = auth.create_token(actor=None, user=user, name="bench")
            db.session.commit()
        else:
            upgrade(revision="heads")
            token = seed(args.n, rng)
            marker.write_text(str(args.n))
        user = db.session.scalar(db.select(User).filter_by(email="bench@example.org"))
        org = db.session.scalar(db.select(Organisation).filter_by(slug="bench"))
        if not reused or args.reindex or not index.is_current():
            bulk_reindex()
            first_upload_after_reindex(user, org)
        else:
            print(f"Reusing the index: segments {segment_sizes()}")
        search_phase(user, org, args.queries)
        cold_filter_phase(user, org, args.cold, rng)
        http_phase(app, token, args.queries)
        upload_phase(user, org)
        print(f"(data in {data})")


if __name__ == "__main__":
    main()
