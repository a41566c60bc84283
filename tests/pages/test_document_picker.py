"""The project form's document picker (issue 14): every readable document can be found, page by
page and by a part of its title (no cap at the newest 200), and several are linked at once;
a document of another organisation is refused and nothing is written."""

from __future__ import annotations

import random
import re

from sqlalchemy import select

from llp_gov.documents.models import Document
from llp_gov.extensions import db
from llp_gov.projects.models import Project
from tests.pages import seed
from tests.projects.test_views import form_data


def _grow(world, count):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._documents(world.org, users, count, random.Random(3))
    db.session.commit()
    return list(
        db.session.scalars(
            select(Document.id)
            .where(Document.organisation_id == world.org.id)
            .order_by(Document.id)
        )
    )


def test_the_picker_pages_through_every_document(client, world, login_as):
    ids = _grow(world, 245)
    login_as(world.user("member"))
    seen, page = [], 1
    while True:
        data = client.get(
            f"/o/{world.org.slug}/projects/document-picker", query_string={"page": page}
        ).json
        seen += [item["id"] for item in data["items"]]
        if not data["has_next"]:
            break
        page += 1
    assert sorted(seen) == ids and len(set(seen)) == len(seen)
    assert page == 13  # 20 a page


def test_the_picker_finds_by_part_of_the_title(client, world, login_as):
    _grow(world, 60)
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/projects/document-picker"
    found = client.get(url, query_string={"q": "000042"}).json["items"]
    assert [item["title"] for item in found] == ["請求書 000042"]
    assert client.get(url, query_string={"q": "%"}).json["items"] == []  # a literal percent


def test_several_documents_are_linked_at_once_also_old_ones(client, world, login_as):
    ids = _grow(world, 230)
    chosen = [ids[0], ids[1], ids[-1]]  # the two oldest are beyond the newest 200
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/projects/new",
        data=form_data(world, document_ids=[str(i) for i in chosen]),
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    project = db.session.scalars(select(Project)).one()
    assert sorted(d.id for d in project.documents) == sorted(chosen)
    # The edit form lists exactly the linked documents, selected.
    page = client.get(f"/o/{world.org.slug}/projects/{project.id}/edit").get_data(as_text=True)
    assert page.count("selected") >= 3 and "請求書 000000" in page


def test_another_organisations_document_is_refused(client, world, login_as):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._documents(world.other_org, users, 1, random.Random(1))
    db.session.commit()
    foreign = db.session.scalar(
        select(Document.id).where(Document.organisation_id == world.other_org.id)
    )
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/projects/new", data=form_data(world, document_ids=[str(foreign)])
    )
    assert resp.status_code == 422
    assert db.session.scalars(select(Project)).all() == []


def test_the_picker_writes_dates_in_the_readers_format(client, world, login_as):
    _grow(world, 5)
    world.user("member").locale = "ko"
    db.session.commit()
    login_as(world.user("member"))
    items = client.get(f"/o/{world.org.slug}/projects/document-picker").json["items"]
    dated = [item for item in items if item["date"]]
    assert dated
    for item in dated:
        year, month, day = (int(part) for part in item["date"].split("-"))
        assert item["date_label"] == f"{year}. {month}. {day}."  # not the ISO date


def test_the_project_form_finds_contracts_with_a_picker_not_a_list_of_all(client, world, login_as):
    """The project form listed every contract as an option (890 ms CPU at 10k contracts); it
    now holds only the linked ones and the contract picker finds the others by number or title,
    page by page. Another organisation's contract is never offered."""
    from llp_gov.contracts.models import Contract

    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._contracts(world.org, users, world.partners, 45, random.Random(4))
    db.session.commit()
    contracts = list(
        db.session.scalars(
            select(Contract).where(Contract.organisation_id == world.org.id).order_by(Contract.id)
        )
    )
    login_as(world.user("member"))
    slug = world.org.slug
    html = client.get(f"/o/{slug}/projects/new").get_data(as_text=True)
    held = re.search(r'<select[^>]*id="contract_ids"[^>]*>(.*?)</select>', html, re.S)
    assert held and "<option" not in held.group(1)
    assert 'data-select="contract_ids"' in html
    seen, page = [], 1
    while True:
        data = client.get(f"/o/{slug}/projects/contract-picker", query_string={"page": page}).json
        seen += [item["id"] for item in data["items"]]
        if not data["has_next"]:
            break
        page += 1
    assert sorted(seen) == [c.id for c in contracts] and page == 3
    wanted = contracts[7]
    found = client.get(
        f"/o/{slug}/projects/contract-picker", query_string={"q": wanted.number.lower()}
    ).json["items"]
    assert [item["id"] for item in found] == [wanted.id]
    assert found[0]["title"] == f"{wanted.number} {wanted.title}"
