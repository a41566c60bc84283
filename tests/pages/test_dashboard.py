"""The dashboard stays short whatever the backlog (issue 14): the oldest ten projects waiting
for a decision and the ten nearest votes, each list with a link to the rest."""

from __future__ import annotations

from tests.pages import seed


def test_the_dashboard_shows_ten_waiting_projects_and_links_to_all(app, client, world, login_as):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed.grow(world.org, users=users, partners=world.partners, n=36)  # every third submitted
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    assert html.count('class="waiting-project"') == 10
    assert "All 12 projects waiting" in html
    # the oldest submissions first: project 33 was submitted 33 minutes before project 0
    assert html.index("Project 000033") < html.index("Project 000030")
    assert "Project 000000 " not in html
