"""Resolution pages: opening, voting, the rules page and the certificate."""

import datetime as dt

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.resolutions.models import Resolution
from tests.resolutions.helpers import open_, rep, settings_of, vote


def test_chairman_opens_through_the_form_in_his_time_zone(client, world, login_as):
    login_as(world.user("chairman"))
    deadline = (dt.datetime.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    resp = client.post(
        f"/o/{world.org.slug}/resolutions/new",
        data={"matter": "business", "title": "展示会への出展", "deadline": deadline},
    )
    assert resp.status_code == 302, resp.data[:3000]
    r = db.session.scalars(select(Resolution)).one()
    assert r.base == 12
    local = r.deadline.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%dT%H:%M")
    assert local == deadline  # the chairman's zone is Asia/Tokyo


def test_form_refuses_a_deadline_in_the_past(client, world, login_as):
    login_as(world.user("chairman"))
    resp = client.post(
        f"/o/{world.org.slug}/resolutions/new",
        data={"matter": "business", "title": "x", "deadline": "2020-01-01T10:00"},
    )
    assert resp.status_code == 422
    assert "future" in resp.get_data(as_text=True)
    assert db.session.scalars(select(Resolution)).all() == []


def test_representative_votes_on_the_page(client, world, login_as):
    r = open_(world)
    login_as(world.user("member"))
    # The representative's first view records the convening notice as opened (board portal)
    # and redirects to the same page.
    page = client.get(f"/o/{world.org.slug}/resolutions/{r.id}", follow_redirects=True).get_data(
        as_text=True
    )
    assert 'id="vote"' in page
    resp = client.post(f"/o/{world.org.slug}/resolutions/{r.id}/vote", data={"vote": "for"})
    assert resp.status_code == 302
    row = next(
        v for v in db.session.get(Resolution, r.id).votes if v.partner_id == world.partners[1].id
    )
    assert row.vote == "for"


def test_admin_sees_no_vote_form_and_is_refused(client, world, login_as):
    r = open_(world)
    login_as(world.user("admin"))
    page = client.get(f"/o/{world.org.slug}/resolutions/{r.id}").get_data(as_text=True)
    assert 'id="vote"' not in page
    resp = client.post(f"/o/{world.org.slug}/resolutions/{r.id}/vote", data={"vote": "for"})
    assert resp.status_code == 403


def test_rules_page_refuses_a_rule_below_the_floor(client, world, login_as):
    login_as(world.user("chairman"))
    before = settings_of(world)
    resp = client.post(
        f"/o/{world.org.slug}/resolutions/rules",
        data={
            "business": "majority",
            "important_property": "majority",
            "large_borrowing": "two_thirds",
            "expulsion": "unanimous",
        },
    )
    assert resp.status_code == 422
    assert "allows no rule below" in resp.get_data(as_text=True)
    assert settings_of(world) == before
    resp = client.post(
        f"/o/{world.org.slug}/resolutions/rules",
        data={
            "business": "majority",
            "important_property": "two_thirds",
            "large_borrowing": "two_thirds",
            "expulsion": "unanimous",
            "chairman_approves_projects": "y",
            "delegation_clause": "第15条第2項",
        },
    )
    assert resp.status_code == 302
    assert settings_of(world)["resolution_rules"]["important_property"] == "two_thirds"
    assert settings_of(world)["chairman_approves_projects"] is True
    page = client.get(f"/o/{world.org.slug}/resolutions/rules").get_data(as_text=True)
    assert "第15条第2項" in page


def test_dashboard_lists_resolutions_waiting_for_my_vote(client, world, login_as):
    r = open_(world, title="理事長選任")
    login_as(world.user("accountant"))
    page = client.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    assert "resolutions-waiting" in page and "理事長選任" in page
    vote(world, r, [2])
    assert "resolutions-waiting" not in client.get(f"/o/{world.org.slug}/").get_data(as_text=True)


def test_certificate_of_a_closed_resolution(client, world, login_as):
    r = open_(world, title="事業計画の承認")
    vote(world, r, range(12))
    login_as(world.user("observer"))
    resp = client.get(f"/o/{world.org.slug}/resolutions/{r.id}/certificate.pdf")
    assert resp.status_code == 200
    assert resp.data.startswith(b"%PDF")
    assert resp.headers["Content-Type"] == "application/pdf"


def test_certificate_text_has_each_vote(app, world):
    from llp_gov.resolutions.views import certificate_context

    r = open_(world, title="事業計画の承認")
    vote(world, r, range(12))
    html = app.jinja_env.get_template("pdf/resolution_certificate.html").render(
        **certificate_context(world.org, r)
    )
    assert html.count("賛成 For") == 12
    assert "可決 Adopted" in html
    assert rep(world, 3).name in html


def test_form_opened_from_a_project_carries_its_amount(client, world, login_as):
    from llp_gov.projects import workflow
    from tests.projects.helpers import make_project

    project = make_project(world, property_amount=7_500_000)
    workflow.transition(
        actor=world.user("member"), organisation=world.org, project=project, action="submit"
    )
    db.session.commit()
    login_as(world.user("chairman"))
    page = client.get(
        f"/o/{world.org.slug}/resolutions/new?project_id={project.id}&matter=important_property"
    ).get_data(as_text=True)
    assert 'value="7500000"' in page
    assert project.title in page


def test_page_shows_the_effects_of_an_expulsion(client, world, login_as):
    expelled = world.partners[7]
    r = open_(world, matter="expulsion", subject_partner_id=expelled.id, text="正当な事由")
    vote(world, r, [i for i in range(12) if i != 7])
    login_as(world.user("observer"))
    page = client.get(f"/o/{world.org.slug}/resolutions/{r.id}").get_data(as_text=True)
    assert 'id="effects"' in page and rep(world, 7).email in page
