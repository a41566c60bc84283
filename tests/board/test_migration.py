"""Migration 0017: the old portal's written resolutions become resolutions decided in writing,
with their answers as votes, proxies, notices and signed minutes (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from llp_gov.board.models import ConveningNotice, Minutes, ProxyVote
from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.resolutions.models import Resolution
from tests.contracts.helpers import signed_copy_pdf

UTC = dt.UTC


def test_written_resolutions_move_onto_resolutions(app, world):
    chairman, member = world.user("chairman"), world.user("member")
    p0, p1, p2 = (p.id for p in world.partners[:3])
    proxy_doc = documents.create_document(
        actor=chairman,
        organisation=world.org,
        title="委任状",
        data=signed_copy_pdf(),
        filename="proxy.pdf",
        doc_type="other",
    )
    minutes_doc = documents.create_document(
        actor=chairman,
        organisation=world.org,
        title="議事録",
        data=signed_copy_pdf() + b"\n%minutes",
        filename="minutes.pdf",
        doc_type="minutes",
    )
    ids = {
        "org": world.org.id,
        "chairman": chairman.id,
        "member": member.id,
        "proxy_doc": proxy_doc.id,
        "minutes_doc": minutes_doc.id,
    }
    db.session.commit()
    db.session.close()
    downgrade(revision="0016")
    t0 = dt.datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO written_resolutions (id, organisation_id, title, text, statute,"
                " deadline, status, opened_by_id, opened_at, closed_at) VALUES (7, :org, '移転',"
                " '本文', 'Act 12(1)', :deadline, 'adopted', :chairman, :t0, :t1)"
            ),
            {
                "org": ids["org"],
                "deadline": t0 + dt.timedelta(days=7),
                "chairman": ids["chairman"],
                "t0": t0,
                "t1": t0 + dt.timedelta(days=1),
            },
        )
        for pid, user, proxy in ((p0, "chairman", None), (p1, "chairman", "代理人")):
            conn.execute(
                sa.text(
                    "INSERT INTO written_consents (resolution_id, partner_id, consent, user_id,"
                    " proxy_name, proxy_document_id, at) VALUES (7, :pid, :yes, :user, :proxy,"
                    " :doc, :at)"
                ),
                {
                    "pid": pid,
                    "yes": True,
                    "user": ids[user],
                    "proxy": proxy,
                    "doc": ids["proxy_doc"] if proxy else None,
                    "at": t0 + dt.timedelta(hours=1),
                },
            )
        for pid in (p0, p1, p2):
            conn.execute(
                sa.text(
                    "INSERT INTO convening_notices (resolution_id, partner_id, user_id,"
                    " delivered_at, opened_at) VALUES (7, :pid, NULL, :t0, NULL)"
                ),
                {"pid": pid, "t0": t0},
            )
        conn.execute(
            sa.text(
                "INSERT INTO minutes (organisation_id, resolution_id, document_id, signed_by_id,"
                " signed_at, created_at) VALUES (:org, 7, :doc, :chairman, :t, :t)"
            ),
            {
                "org": ids["org"],
                "doc": ids["minutes_doc"],
                "chairman": ids["chairman"],
                "t": t0 + dt.timedelta(days=2),
            },
        )
    db.engine.dispose()
    upgrade(revision="0017")
    moved = db.session.scalar(select(Resolution).where(Resolution.title == "移転"))
    assert (moved.rule, moved.rule_basis, moved.base, moved.required) == (
        "unanimous",
        "in_writing",
        3,
        3,
    )
    assert moved.status == "adopted" and "Act 12(1)" in moved.text
    votes = {v.partner_id: v.vote for v in moved.votes}
    assert votes == {p0: "for", p1: "for", p2: None}
    proxy = db.session.scalar(select(ProxyVote).where(ProxyVote.resolution_id == moved.id))
    assert (proxy.partner_id, proxy.proxy_name, proxy.document_id) == (
        p1,
        "代理人",
        ids["proxy_doc"],
    )
    notices = db.session.scalars(
        select(ConveningNotice).where(ConveningNotice.resolution_id == moved.id)
    ).all()
    assert len(notices) == 3
    minutes = db.session.scalar(select(Minutes).where(Minutes.resolution_id == moved.id))
    assert minutes.document_id == ids["minutes_doc"]
    tables = sa.inspect(db.engine).get_table_names()
    assert "written_resolutions" not in tables and "board_notices" in tables
