"""Bulk data for the page tests and bench/pages.py: projects, resolutions, journal entries,
documents, audit events, invoices, contracts and notifications.

Rows go in with bulk INSERTs (no services: the services are tested elsewhere; this only fills
lists). Journal entries also update the per-account monthly balances, as posting does."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from llp_gov.db import db, utcnow


def grow(
    org,
    *,
    users: list,
    partners: list,
    n: int,
    lines: int = 0,
    documents: int = 0,
    audits: int = 0,
    invoices: int = 0,
    contracts: int = 0,
    notifications: int = 0,
    seed: int = 1,
) -> None:
    """Add `n` projects (two participants each, a third submitted), `n` resolutions (a vote
    row per partner), `lines` journal lines (two per entry), `documents` documents (one
    version each, no file: for the lists) and `audits` audit events (a quarter of them
    notifications; hashes not chained: for the audit page, not for verify), `invoices` invoices
    (one item each, to the organisation's counterparties, issued by its partners in turn),
    `contracts` contracts (two parties each) and `notifications` notifications (the users in
    turn) to `org`. Commits."""
    rng = random.Random(seed)
    _projects(org, users, partners, n, rng)
    _resolutions(org, users, partners, n, rng)
    if lines:
        _journal(org, users, lines // 2, rng)
    if documents:
        _documents(org, users, documents, rng)
    if audits:
        _audits(org, users, audits)
    if invoices:
        _invoices(org, users, partners, invoices, rng)
    if contracts:
        _contracts(org, users, partners, contracts, rng)
    if notifications:
        _notifications(org, users, notifications)
    db.session.commit()


def _counterparty_ids(org) -> list[int]:
    from llp_gov.counterparties.models import Counterparty

    ids = list(
        db.session.scalars(
            select(Counterparty.id).where(Counterparty.organisation_id == org.id).limit(20)
        )
    )
    if not ids:
        ids = _insert_returning_ids(
            Counterparty,
            [{"organisation_id": org.id, "name": f"取引先 {i}", "country": "JP"} for i in range(3)],
        )
    return ids


def _invoices(org, users, partners, count, rng) -> None:
    from llp_gov.invoices.models import Invoice, InvoiceItem

    clients = _counterparty_ids(org)
    start = (
        db.session.scalar(select(func.max(Invoice.number)).where(Invoice.organisation_id == org.id))
        or 0
    )
    now = utcnow()
    for lo in range(0, count, 5000):
        rows = []
        for i in range(lo, min(count, lo + 5000)):
            subtotal = rng.randrange(1, 10_000) * 100
            rows.append(
                {
                    "organisation_id": org.id,
                    "number": start + i + 1,
                    "issued_on": dt.date(2024, 4, 1) + dt.timedelta(days=i % 700),
                    "transaction_date": dt.date(2024, 4, 1) + dt.timedelta(days=i % 700),
                    "counterparty_id": clients[i % len(clients)],
                    "issuing_partner_id": partners[i % len(partners)].id,
                    "t_number": "T1234567890123",
                    "subtotal": subtotal,
                    "tax": subtotal // 10,
                    "total": subtotal + subtotal // 10,
                    "created_by_id": users[0].id,
                    "created_at": now - dt.timedelta(seconds=count - i),
                    "status": "issued",
                }
            )
        ids = _insert_returning_ids(Invoice, rows)
        db.session.execute(
            insert(InvoiceItem),
            [
                {
                    "invoice_id": iid,
                    "position": 1,
                    "description": "業務委託料",
                    "quantity": 1,
                    "unit_price": row["subtotal"],
                    "rate": 10,
                    "amount": row["subtotal"],
                }
                for iid, row in zip(ids, rows, strict=True)
            ],
        )


def _contracts(org, users, partners, count, rng) -> None:
    from llp_gov.contracts.models import Contract, ContractParty

    clients = _counterparty_ids(org)
    start = (
        db.session.scalar(
            select(func.max(Contract.seq)).where(
                Contract.organisation_id == org.id, Contract.year == 2020
            )
        )
        or 0
    )
    now = utcnow()
    for lo in range(0, count, 5000):
        rows = []
        for i in range(lo, min(count, lo + 5000)):
            amount = rng.randrange(1, 10_000) * 1000
            seq = start + i + 1
            rows.append(
                {
                    "organisation_id": org.id,
                    "number": f"BENCH-2020-{seq:06d}",
                    "year": 2020,
                    "seq": seq,
                    "title": f"業務委託契約 {seq:06d}",
                    "contract_type": "commission",
                    "language": "ja",
                    "date_style": "wareki",
                    "currency": "JPY",
                    "amount_excl_tax": amount,
                    "tax_treatment": "taxable_10",
                    "tax_amount": amount // 10,
                    "amount_incl_tax": amount + amount // 10,
                    "clauses": [],
                    "details": {},
                    "status": ("draft", "active", "expired")[i % 3],
                    "auto_renew": False,
                    "created_by": users[0].id,
                    "created_at": now - dt.timedelta(seconds=count - i),
                    "updated_at": now,
                }
            )
        ids = _insert_returning_ids(Contract, rows)
        parties = []
        for i, cid in enumerate(ids):
            p = partners[i % len(partners)]
            parties.append(
                {
                    "contract_id": cid,
                    "position": 0,
                    "kind": "partner",
                    "partner_id": p.id,
                    "name": p.name,
                }
            )
            parties.append(
                {
                    "contract_id": cid,
                    "position": 1,
                    "kind": "counterparty",
                    "counterparty_id": clients[i % len(clients)],
                    "name": "取引先",
                }
            )
        db.session.execute(insert(ContractParty), parties)


def _notifications(org, users, count) -> None:
    from llp_gov.notifications.models import Notification

    now = utcnow()
    for lo in range(0, count, 5000):
        db.session.execute(
            insert(Notification),
            [
                {
                    "organisation_id": org.id,
                    "user_id": users[i % len(users)].id,
                    "subject": f"お知らせ {i:06d}",
                    "body": "",
                    "link": None,
                    "created_at": now - dt.timedelta(seconds=count - i),
                    "read_at": now if i % 2 else None,
                }
                for i in range(lo, min(count, lo + 5000))
            ],
        )


AUDIT_TAGS = ("project:submit", "document:upload", "notification:send", "ledger:entry:post")


def _audits(org, users, count) -> None:
    from llp_gov.audit.models import AuditChain, AuditEvent
    from llp_gov.audit.services import GENESIS, chain_key

    key = chain_key(org.id)
    head = db.session.get(AuditChain, key)
    if head is None:
        head = AuditChain(key=key, last_seq=0, last_hash=GENESIS)
        db.session.add(head)
        db.session.flush()
    now = utcnow()
    first = head.last_seq + 1
    for lo in range(0, count, 5000):
        db.session.execute(
            insert(AuditEvent),
            [
                {
                    "chain_key": key,
                    "seq": first + i,
                    "organisation_id": org.id,
                    "actor_id": users[i % len(users)].id,
                    "actor_label": users[i % len(users)].email,
                    "tag": AUDIT_TAGS[i % len(AUDIT_TAGS)],
                    "target_type": "projects",
                    "target_id": str(i),
                    "diff": {"status": ["draft", "submitted"]},
                    "created_at": now - dt.timedelta(seconds=count - i),
                    "data_digest": "0" * 64,
                    "prev_hash": "0" * 64,
                    "hash": "0" * 64,
                    "digest_version": 2,
                }
                for i in range(lo, min(count, lo + 5000))
            ],
        )
    head.last_seq = first + count - 1


def _documents(org, users, count, rng) -> None:
    from llp_gov.documents.models import Document, DocumentVersion

    now = utcnow()
    for lo in range(0, count, 5000):
        rows = []
        for i in range(lo, min(count, lo + 5000)):
            amount = rng.randrange(1, 10_000) * 100
            rows.append(
                {
                    "organisation_id": org.id,
                    "title": f"請求書 {i:06d}",
                    "doc_type": "invoice",
                    "transaction_date": dt.date(2024, 4, 1) + dt.timedelta(days=i % 700),
                    "amount": amount,
                    "currency": "JPY",
                    "amount_jpy": amount,
                    "tags": [],
                    "confidentiality": "organisation",
                    "created_by": users[0].id,
                    "created_at": now - dt.timedelta(seconds=i),
                }
            )
        ids = _insert_returning_ids(Document, rows)
        db.session.execute(
            insert(DocumentVersion),
            [
                {
                    "document_id": did,
                    "number": 1,
                    "sha256": f"{did:064x}",
                    "size": 1000,
                    "mime_type": "application/pdf",
                    "filename": f"invoice-{did}.pdf",
                    "uploaded_by": users[0].id,
                    "created_at": now,
                    "extraction_status": "done",
                    "text_status": "ok",
                }
                for did in ids
            ],
        )


def _projects(org, users, partners, n, rng) -> None:
    from llp_gov.projects.models import KINDS, Project, ProjectParticipant

    now = utcnow()
    rows = []
    for i in range(n):
        status = ("submitted", "draft", "approved")[i % 3]
        rows.append(
            {
                "organisation_id": org.id,
                "title": f"Project {i:06d} 共同開発",
                "kind": KINDS[i % len(KINDS)],
                "description": "",
                "value": rng.randrange(1, 50_000) * 1000,
                "currency": "JPY",
                "status": status,
                "proposer_id": users[i % len(users)].id,
                "submitted_at": now - dt.timedelta(minutes=i) if status == "submitted" else None,
                "created_at": now - dt.timedelta(minutes=i),
                "updated_at": now,
            }
        )
    ids = _insert_returning_ids(Project, rows)
    parts = []
    for i, pid in enumerate(ids):
        a, b = partners[i % len(partners)], partners[(i + 1) % len(partners)]
        parts.append({"project_id": pid, "partner_id": a.id, "role": "lead", "share_percent": 60})
        parts.append({"project_id": pid, "partner_id": b.id, "role": "member", "share_percent": 40})
    db.session.execute(insert(ProjectParticipant), parts)


def _resolutions(org, users, partners, n, rng) -> None:
    from llp_gov.resolutions.models import Resolution, ResolutionVote

    now = utcnow()
    rows = [
        {
            "organisation_id": org.id,
            "matter": "business",
            "title": f"Resolution {i:06d} 事業決定",
            "text": "",
            "payload": {},
            "effects": {},
            "rule": "majority",
            "rule_basis": "agreement",
            "base": len(partners),
            "required": len(partners) // 2 + 1,
            "deadline": now + dt.timedelta(days=7),
            "opened_by_id": users[0].id,
            "opened_at": now - dt.timedelta(minutes=i),
            "status": "open",
        }
        for i in range(n)
    ]
    ids = _insert_returning_ids(Resolution, rows)
    votes = [
        {"resolution_id": rid, "partner_id": p.id, "vote": rng.choice(("for", "against", None))}
        for rid in ids
        for p in partners
    ]
    if votes:
        db.session.execute(insert(ResolutionVote), votes)


def _journal(org, users, entries: int, rng) -> None:
    from llp_gov.ledger import services as ledger
    from llp_gov.ledger.models import Account, JournalEntry, JournalLine

    ledger.ensure_chart(org)
    db.session.flush()
    accounts = {
        a.code: a.id
        for a in db.session.scalars(select(Account).where(Account.organisation_id == org.id))
    }
    pairs = [("112", "410"), ("510", "112"), ("112", "415"), ("520", "112"), ("135", "410")]
    start = (
        db.session.scalar(
            select(func.max(JournalEntry.number)).where(JournalEntry.organisation_id == org.id)
        )
        or 0
    )
    first_day = dt.date(2024, 4, 1)
    span = (dt.date(2026, 3, 31) - first_day).days
    batch = 5000
    for lo in range(0, entries, batch):
        hi = min(entries, lo + batch)
        rows = []
        for i in range(lo, hi):
            day = first_day + dt.timedelta(days=rng.randrange(span))
            rows.append(
                {
                    "organisation_id": org.id,
                    "number": start + i + 1,
                    "entry_date": day,
                    "fiscal_year": ledger.fiscal_year_of(org, day),
                    "kind": "ordinary",
                    "description": f"Entry {i} 取引",
                    "posted_by_id": users[0].id,
                    "posted_at": utcnow(),
                }
            )
        ids = _insert_returning_ids(JournalEntry, rows)
        lines = []
        for row, eid in zip(rows, ids, strict=True):
            debit, credit = pairs[rng.randrange(len(pairs))]
            amount = rng.randrange(1, 1000) * 1000
            lines.append(_line(org, eid, 1, accounts[debit], amount, 0))
            lines.append(_line(org, eid, 2, accounts[credit], 0, amount))
            row["id"] = eid
        db.session.execute(insert(JournalLine), lines)
    _rebuild_balances(org)


def _line(org, entry_id, no, account_id, debit, credit) -> dict:
    return {
        "entry_id": entry_id,
        "organisation_id": org.id,
        "line_no": no,
        "account_id": account_id,
        "debit": debit,
        "credit": credit,
    }


def _rebuild_balances(org) -> None:
    try:
        from llp_gov.ledger import balances
    except ImportError:  # before the balances table exists
        return
    balances.rebuild(org)


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    result = db.session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return [r[0] for r in result]
