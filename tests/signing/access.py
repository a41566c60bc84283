from tests.access import EVERYONE, Rule

VOTERS = EVERYONE - {"observer"}


def written(world):
    """An open written resolution proposed by the chairman."""
    import datetime as dt

    from llp_gov.db import utcnow
    from llp_gov.extensions import db
    from llp_gov.signing import board

    r = board.propose(
        actor=world.users["chairman"],
        organisation=world.org,
        title="T",
        text="x",
        deadline=utcnow() + dt.timedelta(days=7),
    )
    db.session.commit()
    return {"rid": r.id}


def minutes(world):
    """Minutes of a decided written resolution, not yet signed."""
    from llp_gov.extensions import db
    from llp_gov.signing import board

    ids = written(world)
    r = board.get(actor=world.users["chairman"], organisation=world.org, resolution_id=ids["rid"])
    rep = next(u for u in world.users.values() if u.email.startswith("chairman"))
    board.answer(actor=rep, organisation=world.org, resolution=r, consent=False)
    db.session.commit()
    from llp_gov.signing.models import Minutes

    return {"mid": db.session.query(Minutes).one().id}


RULES = {
    ("GET", "signing.board_index"): Rule("/o/{slug}/board/", VOTERS),
    ("POST", "signing.board_index"): Rule("/o/{slug}/board/", {"chairman"}),
    ("GET", "signing.board_detail"): Rule("/o/{slug}/board/{rid}", VOTERS, params=written),
    # Representatives answer (chairman, member, accountant represent partners; admin does not).
    ("POST", "signing.board_answer"): Rule(
        "/o/{slug}/board/{rid}/answer", {"chairman", "member", "accountant"}, params=written
    ),
    ("POST", "signing.board_proxy"): Rule(
        "/o/{slug}/board/{rid}/proxy", {"chairman"}, params=written
    ),
    ("POST", "signing.minutes_sign"): Rule(
        "/o/{slug}/board/minutes/{mid}/sign", {"chairman"}, params=minutes
    ),
    ("GET", "signing.minutes_pdf"): Rule(
        "/o/{slug}/board/{rid}/minutes.pdf", VOTERS, params=written
    ),
}
