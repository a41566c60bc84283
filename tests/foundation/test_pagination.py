"""Numbered pages through Flask-SQLAlchemy's paginate: every row once, in order, with a total."""

from sqlalchemy import select

from llp_gov.pagination import MAX_PAGE, paginate
from llp_gov.partners.models import Partner


def _partners(world):
    return (
        select(Partner).where(Partner.organisation_id == world.org.id).order_by(Partner.id.desc())
    )


def test_pages_cover_every_row_once_in_order(world):
    ids, page_no = [], 1
    while True:
        page = paginate(_partners(world), page=page_no, per_page=5)
        assert page.total == 12
        assert page.has_prev == (page_no > 1)
        ids += [p.id for p in page]
        if not page.has_next:
            break
        page_no += 1
    assert page_no == 3 and len(page) == 2
    assert ids == sorted((p.id for p in world.partners), reverse=True)


def test_a_page_past_the_last_is_empty_and_bad_numbers_are_bounded(world):
    past = paginate(_partners(world), page=4, per_page=5)
    assert past.items == [] and not past.has_next and past.has_prev
    first = paginate(_partners(world), page=0, per_page=0)
    assert first.page == 1 and first.per_page == 1 and len(first) == 1
    # A huge page number reads as MAX_PAGE: the OFFSET stays far inside BIGINT.
    assert paginate(_partners(world), page=10**30, per_page=5).page == MAX_PAGE
