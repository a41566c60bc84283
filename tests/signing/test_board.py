"""Board portal: written resolution (every partner consents), notices, proxy, signed minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.db import utcnow
from llp_gov.documents import storage
from llp_gov.errors import Conflict, PermissionDenied
from llp_gov.extensions import db
from llp_gov.notifications.models import Notification
from llp_gov.signing import board
from llp_gov.signing.models import Minutes
from llp_gov.signing.verify import verify_pdf_signatures
from tests.contracts.helpers import signed_copy_pdf


def _reps(world):
    return [world.user(r) for r in ("chairman", "member", "accountant")] + [
        world.user(f"rep{i:02d}") for i in range(4, 13)
    ]


def _propose(world, days=7):
    return board.propose(
        actor=world.user("chairman"),
        organisation=world.org,
        title="事務所移転",
        text="事務所を移転する。",
        statute="LLP Act 12(1)",
        deadline=utcnow() + dt.timedelta(days=days),
    )


def test_notice_is_delivered_to_every_representative_and_opened_on_view(client, world, login_as):
    r = _propose(world)
    db.session.commit()
    notices = board.notices(r)
    assert len(notices) == 12 and all(n.delivered_at for n in notices)
    assert db.session.scalar(select(db.func.count()).select_from(Notification)) == 12
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/board/{r.id}"
    assert client.get(url).status_code == 302  # the first view records the opening
    assert client.get(url).status_code == 200
    opened = [n for n in board.notices(r) if n.opened_at]
    assert [n.partner_id for n in opened] == [world.partners[1].id]


def test_adopted_only_when_every_partner_consents(world):
    r = _propose(world)
    reps = _reps(world)
    for rep in reps[:-1]:
        board.answer(actor=rep, organisation=world.org, resolution=r, consent=True)
    assert r.status == "open"
    with pytest.raises(Conflict):
        board.answer(actor=reps[0], organisation=world.org, resolution=r, consent=True)
    with pytest.raises(PermissionDenied):
        board.answer(actor=world.user("admin"), organisation=world.org, resolution=r, consent=True)
    board.answer(actor=reps[-1], organisation=world.org, resolution=r, consent=True)
    assert r.status == "adopted"
    assert db.session.scalar(select(Minutes).where(Minutes.resolution_id == r.id))


def test_one_refusal_or_the_deadline_and_it_is_not_adopted(world):
    r = _propose(world)
    board.answer(actor=world.user("member"), organisation=world.org, resolution=r, consent=False)
    assert r.status == "rejected"
    late = _propose(world)
    board.answer(actor=world.user("member"), organisation=world.org, resolution=late, consent=True)
    assert board.close_due(now=late.deadline + dt.timedelta(seconds=1)) == 1
    assert late.status == "rejected"


def test_proxy_answer_is_recorded_by_the_chairman_with_the_document(world):
    r = _propose(world)
    partner = world.partners[5]
    row = board.record_proxy(
        actor=world.user("chairman"),
        organisation=world.org,
        resolution=r,
        partner_id=partner.id,
        consent=True,
        proxy_name="代理 太郎",
        data=signed_copy_pdf(),
        filename="委任状.pdf",
    )
    assert row.proxy_document_id and row.user_id == world.user("chairman").id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "board:proxy"))
    assert event.diff["proxy"] == [None, "代理 太郎"] and event.diff["sha256"][1]
    from llp_gov.evidence import services as evidence

    cert = evidence.certificate(
        actor=world.user("admin"), organisation=world.org, event_id=event.id
    )
    assert cert["document"]["sha256"] == event.diff["sha256"][1]
    with pytest.raises(PermissionDenied):
        board.record_proxy(
            actor=world.user("member"),
            organisation=world.org,
            resolution=r,
            partner_id=world.partners[6].id,
            consent=True,
            proxy_name="x",
            data=b"x",
            filename="x.pdf",
        )


def test_minutes_are_listed_until_signed_then_a_signed_pdf(world, org_key):
    r = _propose(world)
    board.answer(actor=world.user("member"), organisation=world.org, resolution=r, consent=False)
    chairman = world.user("chairman")
    (minutes,) = board.unsigned_minutes(actor=chairman, organisation=world.org)
    board.sign_minutes(actor=chairman, organisation=world.org, minutes=minutes)
    assert board.unsigned_minutes(actor=chairman, organisation=world.org) == []
    from llp_gov.documents.models import Document

    pdf = storage.read(db.session.get(Document, minutes.document_id).versions[-1].sha256)
    signature = verify_pdf_signatures(pdf)[0]
    assert signature["ok"] and signature["trusted"] and "Minutes approved" in signature["reason"]
    with pytest.raises(Conflict):
        board.sign_minutes(actor=chairman, organisation=world.org, minutes=minutes)
