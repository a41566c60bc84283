"""Partner names in the interface language (issue 14): where the register gives a partner a
Korean or English name, the pages and their pickers show it to a reader in that language and
fall back to the legal name; the legal name stays on the register and in the PDFs."""

from __future__ import annotations

import html as htmllib

import pytest

from llp_gov.extensions import db

PAGES = [
    ("chairman", "/partners/{pid}"),
    ("accountant", "/ledger/contributions"),
    ("accountant", "/ledger/"),
    ("accountant", "/ledger/distributions"),
    ("chairman", "/projects/new"),
    ("admin", "/users"),
    ("accountant", "/invoices"),
    ("member", "/documents/upload"),  # who may read it: the partners' checkboxes
]


@pytest.fixture
def named(world):
    partner = world.partners[0]
    partner.name_ko = "한빛정보 주식회사"
    partner.name_en = "Hanbit Information Co., Ltd."
    db.session.commit()
    return partner


@pytest.mark.parametrize(("role", "path"), PAGES, ids=[p[1] for p in PAGES])
@pytest.mark.parametrize("locale", ["ko", "en"])
def test_the_partner_reads_in_the_interface_language(
    client, world, login_as, named, role, path, locale
):
    user = world.user(role)
    user.locale = locale
    db.session.commit()
    login_as(user)
    resp = client.get(f"/o/{world.org.slug}{path.format(pid=named.id)}")
    assert resp.status_code == 200, resp.status_code
    text = htmllib.unescape(resp.get_data(as_text=True))
    assert named.display_name(locale) in text
    assert named.name not in text.replace(f'value="{named.name}"', "")


def test_without_a_name_in_the_language_the_legal_name_is_shown(client, world, login_as):
    user = world.user("accountant")
    user.locale = "ko"
    partner = world.partners[1]
    partner.name_ko = None
    db.session.commit()
    login_as(user)
    text = htmllib.unescape(
        client.get(f"/o/{world.org.slug}/ledger/contributions").get_data(as_text=True)
    )
    assert partner.name in text
