"""Every URL rule x every role, anonymous and a user of another organisation."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import tests
from tests.access import ROLES, Rule
from tests.conftest import login
from tests.factories import CounterpartyFactory

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def all_rules() -> dict[tuple[str, str], Rule]:
    rules: dict[tuple[str, str], Rule] = {}
    for info in pkgutil.iter_modules([str(Path(tests.__file__).parent)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access")
        except ModuleNotFoundError:
            continue
        rules.update(module.RULES)
    return rules


RULES = all_rules()


def test_every_route_has_an_entry(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - IGNORED_METHODS):
            if (method, rule.endpoint) not in RULES:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without an authorization-matrix entry:\n" + "\n".join(missing)


def _request(client, method, url, rule: Rule, headers=None):
    if rule.api:
        return client.open(url, method=method, json=rule.data or {}, headers=headers or {})
    return client.open(url, method=method, data=rule.data or {}, headers=headers or {})


@pytest.mark.parametrize("key", sorted(RULES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_matrix(key, app, world, token_for):
    method, endpoint = key
    rule = RULES[key]
    world.counterparty = CounterpartyFactory(organisation_id=world.org.id)
    from llp_gov.extensions import db

    db.session.commit()
    values = {"slug": world.org.slug} | (rule.params(world) if rule.params else {})
    url = rule.path.format(**values)
    db.session.commit()

    def allowed_ok(status, who):
        assert status not in (401, 403) and (status != 404 or 404 in rule.ok_statuses), (
            f"{who} should be allowed {method} {url}, got {status}"
        )
        assert status < 400 or status in rule.ok_statuses, f"{who}: {method} {url} -> {status}"

    # Anonymous
    client = app.test_client()
    resp = _request(client, method, url, rule)
    if rule.public:
        allowed_ok(resp.status_code, "anonymous")
    elif rule.api:
        assert resp.status_code == 401, f"anonymous {method} {url} -> {resp.status_code}"
    else:
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], (
            f"anonymous {method} {url} -> {resp.status_code}"
        )

    for role in ROLES:
        user = world.user(role)
        client = app.test_client()
        headers = None
        if rule.api:
            headers = token_for(user)
        else:
            assert login(client, user).status_code == 302
        resp = _request(client, method, url, rule, headers)
        if role in rule.allowed or rule.public:
            allowed_ok(resp.status_code, role)
        else:
            assert resp.status_code == 403, (
                f"{role} must get 403 on {method} {url}, got {resp.status_code}"
            )

    if rule.org_scoped and not rule.public:
        outsider = world.other_users["chairman"]
        client = app.test_client()
        headers = token_for(outsider) if rule.api else None
        if not rule.api:
            login(client, outsider)
        resp = _request(client, method, url, rule, headers)
        assert resp.status_code == 404, f"outsider {method} {url} -> {resp.status_code}"
