"""Statute references read in the reader's language (the resolution page, compliance panel)."""

import pytest
from flask_babel import force_locale

from llp_gov.web import statute


@pytest.mark.parametrize(
    ("reference", "ja", "ko"),
    [
        ("Act 12(1)", "法12条1項", "법 제12조 제1항"),
        ("Act 12(2), Ord. 5", "法12条2項、規則5条", "법 제12조 제2항, 시행규칙 제5조"),
        ("Act 3(2), 37", "法3条2項、法37条", "법 제3조 제2항, 법 제37조"),
        ("Act 25-27", "法25条から27条", "법 제25조~제27조"),
        ("Act 33, Ord. 36", "法33条、規則36条", "법 제33조, 시행규칙 제36조"),
    ],
)
def test_statute_in_the_readers_language(app, reference, ja, ko):
    with app.test_request_context():
        with force_locale("ja"):
            assert statute(reference) == ja
        with force_locale("ko"):
            assert statute(reference) == ko
        with force_locale("en"):
            assert statute(reference) == reference


def test_resolution_page_cites_the_act_in_japanese(world, client, login_as):
    from tests.resolutions.helpers import open_

    resolution = open_(world, matter="business")
    world.user("chairman").locale = "ja"
    login_as(world.user("chairman"))
    html = client.get(
        f"/o/{world.org.slug}/resolutions/{resolution.id}", follow_redirects=True
    ).get_data(as_text=True)
    assert "法12条1項" in html and "Act 12(1)" not in html
