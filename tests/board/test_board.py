"""Board portal on the partners' resolutions: notices, resolutions decided in writing, proxy
votes with the 委任状 and its evidence, signed minutes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.board import minutes, notices, proxies
from llp_gov.board.models import ConveningNotice, Minutes, ProxyVote
from llp_gov.db import utcnow
from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.evidence import services as evidence
from llp_gov.extensions import db
from llp_gov.resolutions import services as resolutions
from llp_gov.signing.verify import verify_pdf_signatures
from tests.contracts.helpers import signed_copy_pdf


def _reps(world):
    return [world.user(r) for r in ("chairman", "member", "accountant")] + [
        world.user(f"rep{i:02d}") for i in range(4, 13)
    ]


def _open(world, *, in_writing=True, days=7):
    return resolutions.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter="business",
        title="事務所移転",
        text="事務所を移転する。",
        deadline=utcnow() + dt.timedelta(days=days),
        in_writing=in_writing,
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _proxy(world, r, partner, **kw):
    args = {
        "actor": world.user("chairman"),
        "organisation": world.org,
        "resolution": r,
        "partner_id": partner.id,
        "vote": "for",
        "proxy_name": "代理人 鈴木一郎",
        "data": signed_copy_pdf(),
        "filename": "委任状.pdf",
    } | kw
    return proxies.record_proxy_vote(**args)


def test_an_ordinary_resolution_gets_a_notice_per_partner_opened_on_first_view(
    client, world, login_as
):
    r = _open(world, in_writing=False)  # a meeting-style majority resolution
    db.session.commit()
    rows = notices.notices(r)
    assert len(rows) == 12 and all(n.delivered_at for n in rows)
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/resolutions/{r.id}"
    assert client.get(url).status_code == 302  # the first view records the opening
    page = client.get(url)
    assert page.status_code == 200 and 'id="board-notices"' in page.get_data(as_text=True)
    assert [n.partner_id for n in notices.notices(r) if n.opened_at] == [world.partners[1].id]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "board:notice:opened"))
    login_as(world.user("admin"))  # represents no partner: nothing to open
    assert client.get(url).status_code == 200


def test_in_writing_adopted_only_when_every_partner_consents(world):
    r = _open(world)
    assert (r.rule, r.rule_basis, r.required) == ("unanimous", "in_writing", 12)
    reps = _reps(world)
    for rep in reps[:-1]:
        resolutions.cast_vote(actor=rep, organisation=world.org, resolution=r, vote="for")
    assert r.status == "open"
    resolutions.cast_vote(actor=reps[-1], organisation=world.org, resolution=r, vote="for")
    assert r.status == "adopted"


def test_in_writing_one_refusal_and_it_is_not_adopted(world):
    r = _open(world)
    resolutions.cast_vote(
        actor=world.user("member"), organisation=world.org, resolution=r, vote="against"
    )
    assert r.status == "rejected"
    late = _open(world)
    resolutions.cast_vote(
        actor=world.user("member"), organisation=world.org, resolution=late, vote="for"
    )
    resolutions.close_due(now=late.deadline + dt.timedelta(seconds=1))
    assert late.status == "rejected"


def test_a_proxy_vote_is_recorded_with_the_document_and_its_evidence(world):
    r = _open(world, in_writing=False)
    partner = world.partners[5]
    vote = _proxy(world, r, partner)
    assert vote.vote == "for" and vote.cast_by_id == world.user("chairman").id
    row = db.session.scalar(select(ProxyVote).where(ProxyVote.partner_id == partner.id))
    assert row.proxy_name == "代理人 鈴木一郎"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.tag == "resolution:vote").order_by(AuditEvent.id.desc())
    )
    assert event.diff["proxy"] == [None, "代理人 鈴木一郎"]
    cert = evidence.certificate(
        actor=world.user("admin"), organisation=world.org, event_id=event.id
    )
    assert cert["document"]["sha256"] == event.diff["sha256"][1]
    assert cert["document"]["document_id"] == row.document_id
    with pytest.raises(Conflict):  # voted already
        _proxy(world, r, partner)
    with pytest.raises(PermissionDenied):
        _proxy(world, r, world.partners[6], actor=world.user("member"))


def test_a_refused_proxy_vote_writes_nothing(world):
    r = _open(world)
    documents_before = _count(Document)
    with pytest.raises(ValidationError) as exc:
        _proxy(world, r, world.partners[6], proxy_name=" ", data=b"", vote="maybe")
    assert set(exc.value.fields) == {"proxy_name", "file", "vote"}
    with pytest.raises(ValidationError) as exc:
        _proxy(world, r, world.partners[0], partner_id=10**9)
    assert set(exc.value.fields) == {"partner_id"}
    resolutions.cast_vote(
        actor=world.user("member"), organisation=world.org, resolution=r, vote="against"
    )
    with pytest.raises(Conflict):  # closed: refused before any document is stored
        _proxy(world, r, world.partners[6])
    assert _count(Document) == documents_before and _count(ProxyVote) == 0


def test_minutes_are_listed_until_signed_then_a_signed_pdf(world, org_key):
    r = _open(world)
    chairman = world.user("chairman")
    _proxy(world, r, world.partners[7], vote="against")
    assert r.status == "rejected"
    assert r in minutes.unsigned_minutes(actor=chairman, organisation=world.org)
    with pytest.raises(PermissionDenied):
        minutes.sign_minutes(actor=world.user("member"), organisation=world.org, resolution=r)
    signed = minutes.sign_minutes(actor=chairman, organisation=world.org, resolution=r)
    assert r not in minutes.unsigned_minutes(actor=chairman, organisation=world.org)
    pdf = storage.read(db.session.get(Document, signed.document_id).versions[-1].sha256)
    signature = verify_pdf_signatures(pdf)[0]
    assert signature["ok"] and signature["trusted"] and "Minutes approved" in signature["reason"]
    data = minutes.minutes_data(world.org, r)
    assert data["in_writing"] and data["status"] == "rejected"
    assert any(v["proxy"] == "代理人 鈴木一郎" for v in data["votes"])
    with pytest.raises(Conflict):
        minutes.sign_minutes(actor=chairman, organisation=world.org, resolution=r)
    assert _count(Minutes) == 1


def test_minutes_of_an_open_resolution_are_refused(world, org_key):
    r = _open(world)
    with pytest.raises(Conflict):
        minutes.sign_minutes(actor=world.user("chairman"), organisation=world.org, resolution=r)
    assert _count(Minutes) == 0


def test_pages_open_in_writing_and_record_a_proxy_vote(client, world, login_as):
    login_as(world.user("chairman"))
    base = f"/o/{world.org.slug}/board/"
    page = client.post(base, data={"matter": "business", "title": "", "days": "7"})
    assert page.status_code == 422 and _count(ConveningNotice) == 0
    done = client.post(base, data={"matter": "business", "title": "書面決議の件", "days": "7"})
    assert done.status_code == 302
    rid = int(done.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert _count(ConveningNotice) == 12
    refused = client.post(
        f"{base}{rid}/proxy",
        data={"partner_id": str(world.partners[4].id), "vote": "for", "proxy_name": "代理人"},
    )
    assert refused.status_code == 422 and _count(ProxyVote) == 0
    ok = client.post(
        f"{base}{rid}/proxy",
        data={
            "partner_id": str(world.partners[4].id),
            "vote": "for",
            "proxy_name": "代理人",
            "file": (io.BytesIO(signed_copy_pdf()), "委任状.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302 and _count(ProxyVote) == 1
    listing = client.get(base).get_data(as_text=True)
    assert "書面決議の件" in listing
