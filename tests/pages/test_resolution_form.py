"""The resolution form opens a resolution decided in writing (書面決議) as the board portal
does: every entitled partner must consent, whatever the matter's own rule."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.resolutions.models import Resolution


def _open(client, slug: str, **extra) -> Resolution:
    data = {
        "matter": "business",
        "title": "Annual plan",
        "text": "The plan is approved.",
        "deadline": f"{dt.datetime.now() + dt.timedelta(days=10):%Y-%m-%dT%H:%M}",
    } | extra
    resp = client.post(f"/o/{slug}/resolutions/new", data=data)
    assert resp.status_code == 302, re.findall(
        r'(?:alert|error)">([^<]+)', resp.get_data(as_text=True)
    )
    rid = int(re.search(r"/resolutions/(\d+)$", resp.headers["Location"]).group(1))
    return db.session.scalars(select(Resolution).where(Resolution.id == rid)).one()


def test_the_form_offers_and_opens_a_resolution_in_writing(client, world, login_as):
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/resolutions/new").get_data(as_text=True)
    assert 'name="in_writing"' in html
    written = _open(client, world.org.slug, in_writing="y")
    assert (written.rule, written.rule_basis) == ("unanimous", "in_writing")
    meeting = _open(client, world.org.slug)
    assert meeting.rule_basis != "in_writing"  # unticked: the matter's own rule


def test_attachments_are_found_with_the_picker_not_listed_all(client, world, login_as, app):
    """The form lists only the documents it holds (it listed every document the organisation
    has: thousands after a few years); the picker finds the others by title, page by page, and
    several attach at once. Another organisation's document is refused and nothing opens."""
    import random

    from llp_gov.documents.models import Document
    from tests.pages import seed

    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._documents(world.org, users, 45, random.Random(5))
    db.session.commit()
    ids = list(
        db.session.scalars(
            select(Document.id)
            .where(Document.organisation_id == world.org.id)
            .order_by(Document.id)
        )
    )
    login_as(world.user("chairman"))
    slug = world.org.slug
    html = client.get(f"/o/{slug}/resolutions/new").get_data(as_text=True)
    assert 'data-select="attachment_ids"' in html
    held = re.search(r'<select[^>]*id="attachment_ids"[^>]*>(.*?)</select>', html, re.S)
    assert held and "<option" not in held.group(1)  # none listed: the form holds none yet
    seen, page = [], 1
    while True:
        data = client.get(
            f"/o/{slug}/resolutions/document-picker", query_string={"page": page}
        ).json
        seen += [item["id"] for item in data["items"]]
        if not data["has_next"]:
            break
        page += 1
    assert sorted(seen) == ids and page == 3  # 20 a page
    opened = _open(client, slug, attachment_ids=[str(ids[0]), str(ids[-1])])
    assert sorted(d.id for d in opened.attachments) == [ids[0], ids[-1]]
    from llp_gov.documents import services as documents

    foreign = documents.create_document(
        actor=world.other_users["chairman"],
        organisation=world.other_org,
        title="他組合の文書",
        doc_type="other",
        data=b"x",
        filename="x.txt",
    )
    db.session.commit()
    before = db.session.scalar(select(db.func.count()).select_from(Resolution))
    resp = client.post(
        f"/o/{slug}/resolutions/new",
        data={
            "matter": "business",
            "title": "Annual plan",
            "text": "The plan is approved.",
            "deadline": f"{dt.datetime.now() + dt.timedelta(days=10):%Y-%m-%dT%H:%M}",
            "attachment_ids": [str(foreign.id)],
        },
    )
    assert resp.status_code in (200, 422)
    assert db.session.scalar(select(db.func.count()).select_from(Resolution)) == before


def test_the_project_choice_lists_the_longest_waiting_and_keeps_the_one_asked_for(
    client, world, login_as
):
    """The form offered every project waiting for a decision (3,333 options, 0.45 s at the
    pages bench's largest scale): it offers the WAITING_SHOWN waiting longest, and a newer one
    opened from its project's page (?project_id=) is still offered, prefilled and accepted."""
    import random

    from llp_gov.projects.models import Project
    from llp_gov.resolutions.views import WAITING_SHOWN
    from tests.pages import seed

    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._projects(world.org, users, world.partners, 3 * (WAITING_SHOWN + 5), random.Random(7))
    db.session.commit()
    waiting = list(
        db.session.scalars(
            select(Project)
            .where(Project.organisation_id == world.org.id, Project.status == "submitted")
            .order_by(Project.submitted_at, Project.id)
        )
    )
    assert len(waiting) > WAITING_SHOWN
    login_as(world.user("chairman"))
    slug = world.org.slug
    html = client.get(f"/o/{slug}/resolutions/new?matter=business").get_data(as_text=True)
    options = re.search(r'<select[^>]*id="project_id"[^>]*>(.*?)</select>', html, re.S).group(1)
    offered = [int(v) for v in re.findall(r'value="(\d+)"', options)]
    assert offered == [p.id for p in waiting[:WAITING_SHOWN]]
    newest = waiting[-1]
    html = client.get(f"/o/{slug}/resolutions/new?matter=business&project_id={newest.id}")
    page = html.get_data(as_text=True)
    assert re.search(rf'<option selected value="{newest.id}"|value="{newest.id}" selected', page)
    opened = _open(client, slug, project_id=str(newest.id))
    assert opened.project_id == newest.id
