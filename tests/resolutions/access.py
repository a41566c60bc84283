import datetime as dt

from llp_gov.db import utcnow
from llp_gov.resolutions import services
from tests.access import EVERYONE, Rule

CHAIRMAN = {"chairman"}
VOTERS = {
    "chairman",
    "member",
    "accountant",
    "admin",
}  # resolution:vote; the service checks representation
SETTINGS = {"chairman", "admin"}


def resolution(world):
    r = services.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter="business",
        title="事業計画の承認",
        deadline=utcnow() + dt.timedelta(days=7),
    )
    return {"resolution_id": r.id}


RULES = {
    ("GET", "resolutions.index"): Rule("/o/{slug}/resolutions/", EVERYONE),
    ("GET", "resolutions.detail"): Rule(
        "/o/{slug}/resolutions/{resolution_id}", EVERYONE, params=resolution
    ),
    ("GET", "resolutions.create"): Rule("/o/{slug}/resolutions/new", CHAIRMAN),
    ("POST", "resolutions.create"): Rule("/o/{slug}/resolutions/new", CHAIRMAN),
    ("GET", "resolutions.document_picker"): Rule("/o/{slug}/resolutions/document-picker", CHAIRMAN),
    ("POST", "resolutions.vote"): Rule(
        "/o/{slug}/resolutions/{resolution_id}/vote", VOTERS, params=resolution
    ),
    ("GET", "resolutions.rules_page"): Rule("/o/{slug}/resolutions/rules", SETTINGS),
    ("POST", "resolutions.rules_page"): Rule("/o/{slug}/resolutions/rules", SETTINGS),
    # An open resolution has no certificate yet: 409 for every reader.
    ("GET", "resolutions.certificate"): Rule(
        "/o/{slug}/resolutions/{resolution_id}/certificate.pdf", EVERYONE, params=resolution
    ),
    ("GET", "resolutions_api.Resolutions"): Rule(
        "/api/v1/orgs/{slug}/resolutions", EVERYONE, api=True
    ),
    ("POST", "resolutions_api.Resolutions"): Rule(
        "/api/v1/orgs/{slug}/resolutions", CHAIRMAN, api=True
    ),
    ("GET", "resolutions_api.ResolutionItem"): Rule(
        "/api/v1/orgs/{slug}/resolutions/{resolution_id}", EVERYONE, api=True, params=resolution
    ),
    ("POST", "resolutions_api.ResolutionVotes"): Rule(
        "/api/v1/orgs/{slug}/resolutions/{resolution_id}/votes", VOTERS, api=True, params=resolution
    ),
}
