import datetime as dt

from llp_gov.projects import services
from tests.access import EVERYONE, Rule

PROPOSERS = {"chairman", "member"}
CHAIRMAN = {"chairman"}


def project(world):
    """A draft led by the member's company, so that the member may edit and submit it."""
    p = services.create_project(
        actor=world.user("member"),
        organisation=world.org,
        title="地域システム",
        kind="regional_system",
        participants=[{"partner_id": world.partners[1].id, "role": "lead", "share_percent": 100}],
        milestones=[{"title": "納品", "due_on": dt.date(2027, 3, 31)}],
    )
    return {"project_id": p.id}


RULES = {
    ("GET", "projects.index"): Rule("/o/{slug}/projects/", EVERYONE),
    ("GET", "projects.detail"): Rule("/o/{slug}/projects/{project_id}", EVERYONE, params=project),
    ("GET", "projects.create"): Rule("/o/{slug}/projects/new", PROPOSERS),
    ("POST", "projects.create"): Rule("/o/{slug}/projects/new", PROPOSERS),
    ("GET", "projects.document_picker"): Rule("/o/{slug}/projects/document-picker", PROPOSERS),
    ("GET", "projects.contract_picker"): Rule("/o/{slug}/projects/contract-picker", PROPOSERS),
    ("GET", "projects.edit"): Rule(
        "/o/{slug}/projects/{project_id}/edit", PROPOSERS, params=project
    ),
    ("POST", "projects.edit"): Rule(
        "/o/{slug}/projects/{project_id}/edit", PROPOSERS, params=project
    ),
    ("POST", "projects.move"): Rule(
        "/o/{slug}/projects/{project_id}/move", PROPOSERS, params=project
    ),
    ("POST", "projects.decide"): Rule(
        "/o/{slug}/projects/{project_id}/decision", CHAIRMAN, params=project
    ),
    ("GET", "projects_api.Projects"): Rule("/api/v1/orgs/{slug}/projects", EVERYONE, api=True),
    ("POST", "projects_api.Projects"): Rule("/api/v1/orgs/{slug}/projects", PROPOSERS, api=True),
    ("GET", "projects_api.ProjectItem"): Rule(
        "/api/v1/orgs/{slug}/projects/{project_id}", EVERYONE, api=True, params=project
    ),
    ("POST", "projects_api.ProjectSubmit"): Rule(
        "/api/v1/orgs/{slug}/projects/{project_id}/submit", PROPOSERS, api=True, params=project
    ),
    ("POST", "projects_api.ProjectDecision"): Rule(
        "/api/v1/orgs/{slug}/projects/{project_id}/decision", CHAIRMAN, api=True, params=project
    ),
}
