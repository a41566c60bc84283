import datetime as dt

from llp_gov.db import utcnow
from llp_gov.resolutions import services
from tests.access import EVERYONE, Rule

CHAIRMAN = {"chairman"}


def open_resolution(world):
    """An open resolution decided in writing."""
    r = services.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter="business",
        title="事務所移転",
        deadline=utcnow() + dt.timedelta(days=7),
        in_writing=True,
    )
    return {"rid": r.id}


def closed_resolution(world):
    """A resolution decided in writing and closed (one refusal), minutes unsigned."""
    ids = open_resolution(world)
    r = services.get_resolution(
        actor=world.user("chairman"), organisation=world.org, resolution_id=ids["rid"]
    )
    services.cast_vote(
        actor=world.user("member"), organisation=world.org, resolution=r, vote="against"
    )
    return ids


RULES = {
    ("GET", "board.index"): Rule("/o/{slug}/board/", EVERYONE),
    ("POST", "board.index"): Rule("/o/{slug}/board/", CHAIRMAN),
    ("POST", "board.proxy"): Rule("/o/{slug}/board/{rid}/proxy", CHAIRMAN, params=open_resolution),
    ("POST", "board.sign_minutes"): Rule(
        "/o/{slug}/board/{rid}/minutes/sign", CHAIRMAN, params=closed_resolution
    ),
    ("GET", "board.minutes_pdf"): Rule(
        "/o/{slug}/board/{rid}/minutes.pdf", EVERYONE, params=closed_resolution
    ),
}
