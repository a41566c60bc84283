"""Project pages: proposing through the form, the chairman's dashboard, the member's notification."""

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.projects import workflow
from llp_gov.projects.models import Project
from tests.projects.helpers import make_project


def form_data(world, **kw):
    data = {
        "title": "北九州市 防災情報システム",
        "kind": "regional_system",
        "value": "25000000",
        "currency": "JPY",
        "participants-0-partner_id": str(world.partners[1].id),
        "participants-0-role": "lead",
        "participants-0-share_percent": "55",
        "participants-1-partner_id": str(world.partners[4].id),
        "participants-1-role": "member",
        "participants-1-share_percent": "45",
        "milestones-0-title": "要件定義",
        "milestones-0-due_on": "2027-01-31",
    }
    return data | kw


def test_member_proposes_through_the_form(client, world, login_as):
    login_as(world.user("member"))
    resp = client.post(f"/o/{world.org.slug}/projects/new", data=form_data(world))
    assert resp.status_code == 302, resp.data[:2000]
    project = db.session.scalars(select(Project)).one()
    assert project.value == 25_000_000
    assert [(p.partner_id, p.share_percent) for p in project.participants] == [
        (world.partners[1].id, 55),
        (world.partners[4].id, 45),
    ]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "北九州市 防災情報システム" in page and "要件定義" in page


def test_form_with_shares_not_adding_up_shows_the_error(client, world, login_as):
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/projects/new",
        data=form_data(world, **{"participants-1-share_percent": "40"}),
    )
    assert resp.status_code == 422
    assert "95%" in resp.get_data(as_text=True)
    assert db.session.scalars(select(Project)).all() == []


def test_chairman_decides_from_the_dashboard_and_the_member_sees_it(client, world, login_as):
    project = make_project(world)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    login_as(world.user("chairman"))
    dashboard = client.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    assert "projects-waiting" in dashboard and project.title in dashboard
    resp = client.post(
        f"/o/{world.org.slug}/projects/{project.id}/decision",
        data={
            "decision": "approve",
            "comment": "市との調整を進めてください",
            "next": f"/o/{world.org.slug}/",
        },
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/o/{world.org.slug}/")
    assert db.session.get(Project, project.id).status == "approved"
    assert "projects-waiting" not in client.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    client.post("/logout")
    login_as(world.user("member"))
    notes = client.get(f"/o/{world.org.slug}/notifications/").get_data(as_text=True)
    assert project.title in notes and "市との調整を進めてください" in notes
    detail = client.get(f"/o/{world.org.slug}/projects/{project.id}").get_data(as_text=True)
    assert "市との調整を進めてください" in detail


def test_reject_without_comment_shows_the_error(client, world, login_as):
    project = make_project(world)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    login_as(world.user("chairman"))
    resp = client.post(
        f"/o/{world.org.slug}/projects/{project.id}/decision",
        data={"decision": "reject", "comment": ""},
    )
    assert resp.status_code == 422
    assert "Give a reason" in resp.get_data(as_text=True)
    assert db.session.get(Project, project.id).status == "submitted"


def test_invalid_move_is_refused_with_a_message(client, world, login_as):
    project = make_project(world)
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/projects/{project.id}/move",
        data={"action": "complete"},
        follow_redirects=True,
    )
    assert "cannot be moved" in resp.get_data(as_text=True)
    assert db.session.get(Project, project.id).status == "draft"


def test_staff_of_a_non_participant_cannot_open_the_edit_form(client, world, login_as):
    project = make_project(world)
    login_as(world.user("rep05"))
    assert client.get(f"/o/{world.org.slug}/projects/{project.id}/edit").status_code == 403


def test_approval_page_links_the_needed_resolution(client, world, login_as):
    world.org.settings = {
        "chairman_approves_projects": True,
        "important_property_threshold": 5_000_000,
    }
    project = make_project(world, property_amount=6_000_000)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    login_as(world.user("chairman"))
    page = client.get(f"/o/{world.org.slug}/projects/{project.id}").get_data(as_text=True)
    assert "needs an adopted partner resolution" in page
    assert (
        f"/o/{world.org.slug}/resolutions/new?project_id={project.id}&amp;matter=important_property"
        in page
    )
