"""Linked documents and contracts: only the organisation's, and restricted ones stay hidden."""

import pytest

from llp_gov.documents import services as documents
from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from tests.projects.helpers import make_project


def upload(world, actor, org=None, **kw):
    args = (
        dict(
            title="見積書",
            doc_type="quotation",
            data="見積書 北九州市".encode(),
            filename="見積書.txt",
        )
        | kw
    )
    doc = documents.create_document(actor=actor, organisation=org or world.org, **args)
    db.session.commit()
    return doc


def test_project_links_a_document(client, world, login_as):
    doc = upload(world, world.user("member"))
    project = make_project(world, document_ids=[doc.id])
    assert project.document_ids == [doc.id]
    login_as(world.user("observer"))
    page = client.get(f"/o/{world.org.slug}/projects/{project.id}").get_data(as_text=True)
    assert "見積書" in page


def test_document_of_another_organisation_is_refused(world):
    other = upload(world, world.other_users["member"], org=world.other_org, title="他組合の書類")
    with pytest.raises(ValidationError) as exc:
        make_project(world, document_ids=[other.id])
    assert "document_ids" in exc.value.fields


def test_restricted_document_stays_hidden_from_other_partners_staff(client, world, login_as):
    secret = upload(
        world,
        world.user("member"),
        title="社外秘の原価表",
        restricted_partner_ids=[world.partners[1].id],
    )
    project = make_project(world, document_ids=[secret.id])
    login_as(world.user("rep05"))  # staff of a partner not named on the document
    page = client.get(f"/o/{world.org.slug}/projects/{project.id}").get_data(as_text=True)
    assert "社外秘の原価表" not in page


def test_unknown_contract_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_project(world, contract_ids=[999999])
    assert "contract_ids" in exc.value.fields


def test_resolution_attachment_must_be_readable(world):
    from tests.resolutions.helpers import open_

    doc = upload(world, world.user("member"), title="事業計画書")
    r = open_(world, attachment_ids=[doc.id])
    assert [d.id for d in r.attachments] == [doc.id]
    with pytest.raises(ValidationError) as exc:
        open_(world, attachment_ids=[999999])
    assert "attachment_ids" in exc.value.fields
