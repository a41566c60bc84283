"""The board portal's records say who did what and print in words: a proxy's vote names the
proxy (and the chairman who entered it), the minutes print the particulars and effects in
Japanese with the statute's Japanese form, and the minutes' URL serves the signed copy once
signed."""

from __future__ import annotations

import io

from flask import render_template

from llp_gov.board import minutes
from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.extensions import db
from llp_gov.partners import services as partner_services
from llp_gov.resolutions import effects
from tests.board.test_board import _open
from tests.contracts.helpers import signed_copy_pdf
from tests.resolutions.helpers import open_, vote

PROXY = "대리인 홍길동"


def test_the_votes_table_names_the_proxy_not_the_chairman(client, world, login_as, token_for):
    r = _open(world, in_writing=False)
    db.session.commit()
    chairman = world.user("chairman")
    login_as(chairman)
    partner = world.partners[4]
    done = client.post(
        f"/o/{world.org.slug}/board/{r.id}/proxy",
        data={
            "partner_id": str(partner.id),
            "vote": "for",
            "proxy_name": PROXY,
            "file": (io.BytesIO(signed_copy_pdf()), "委任状.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    html = client.get(done.headers["Location"], follow_redirects=True).get_data(as_text=True)
    row = html.split(f'<tr data-partner="{partner.id}">', 1)[1].split("</tr>", 1)[0]
    cast_by = row.split('class="cast-by">', 1)[1].split("</td>", 1)[0]
    entered_by = row.split('class="entered-by">', 1)[1].split("</td>", 1)[0]
    assert PROXY in cast_by and chairman.name not in cast_by
    assert entered_by == chairman.name
    data = minutes.minutes_data(world.org, r)
    mine = next(v for v in data["votes"] if v["partner"] == partner.name)
    assert mine["cast_by"] == PROXY and mine["entered_by"] == chairman.name
    api = client.get(
        f"/api/v1/orgs/{world.org.slug}/resolutions/{r.id}",
        headers=token_for(world.user("member")),
    ).get_json()
    record = next(v for v in api["votes"] if v["partner_id"] == partner.id)
    assert record["proxy"] == PROXY and record["cast_by_id"] == chairman.id


def test_the_minutes_print_particulars_and_effects_in_words_with_the_japanese_statute(
    app, world, monkeypatch
):
    newcomer = partner_services.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        name="株式会社新規加入",
        kind="corporate",
        executing_person="新規 太郎",
        status="pending",
    )
    db.session.commit()
    monkeypatch.setattr(effects, "is_fully_paid", lambda org, partner: True)
    r = open_(world, matter="admission", subject_partner_id=newcomer.id)
    vote(world, r, range(12))
    assert r.effects["admission"] == "effective"
    data = minutes.minutes_data(world.org, r)
    assert data["statute"].startswith("法24条")
    with app.test_request_context():
        html = render_template("pdf/board_minutes.html", m=data)
    assert "admitted_on" not in html and "admission:" not in html and "Act 24）" not in html
    assert "加入" in html and "株式会社新規加入" in html
    assert "The admission took effect on" in html  # the English gloss beside the Japanese


def test_after_signing_the_minutes_url_serves_the_signed_copy(client, world, login_as, org_key):
    r = _open(world, in_writing=False)
    db.session.commit()
    vote(world, r, range(12))
    assert r.status == "adopted"
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/board/{r.id}/minutes.pdf"
    draft = client.get(url)
    assert draft.status_code == 200 and "draft" in draft.headers["Content-Disposition"]
    signed = minutes.sign_minutes(
        actor=world.user("chairman"), organisation=world.org, resolution=r
    )
    db.session.commit()
    doc = db.session.get(Document, signed.document_id)
    after = client.get(url)
    assert after.status_code == 200 and "signed" in after.headers["Content-Disposition"]
    assert after.data == storage.read(doc.versions[-1].sha256)
    assert after.data != draft.data
