"""RFC 3161 time stamps on audit anchors (issue 13, item 6): `flask audit anchor` obtains a token
from the configured authority and stores it in the anchor file; `audit verify --anchor` checks
it against the file's content and the trusted roots. The local test TSA of tests/signing answers."""

from __future__ import annotations

import hashlib
import json

import pytest

from llp_gov.audit import anchoring
from llp_gov.audit import services as audit
from llp_gov.extensions import db
from tests.signing.conftest import pki, tsa  # noqa: F401  (the local PKI and RFC 3161 server)


@pytest.fixture
def app_config(pki, tsa, tmp_path):  # noqa: F811
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem())
    return {"TSA_URL": tsa.url, "TRUST_ROOTS": str(roots)}


def _anchor(world, runner, tmp_path):
    for i in range(3):
        audit.record(tag="test:event", organisation_id=world.org.id, diff={"i": [None, i]})
    db.session.commit()
    path = tmp_path / "anchor.json"
    result = runner.invoke(args=["audit", "anchor", str(path)])
    return path, result


def test_the_anchor_carries_the_authoritys_token_and_verify_checks_it(
    world,
    runner,
    tmp_path,
    tsa,  # noqa: F811
):
    before = tsa.requests
    path, result = _anchor(world, runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "time-stamped at" in result.output and "Test TSA" in result.output
    assert tsa.requests == before + 1
    document = json.loads(path.read_text())
    stamp = document["timestamp"]
    assert stamp["digest"] == {
        "algorithm": "sha256",
        "value": hashlib.sha256(anchoring.canonical(document)).hexdigest(),
    }
    result = runner.invoke(args=["audit", "verify", "--anchor", str(path)])
    assert result.exit_code == 0, result.output
    assert f"anchor time-stamped at {stamp['time']} by Test TSA" in result.output


def test_an_anchor_changed_after_its_time_stamp_fails_verification(world, runner, tmp_path):
    path, result = _anchor(world, runner, tmp_path)
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text())
    document["created_at"] = "2020-01-01T00:00:00+00:00"  # back-dated: the chains still match
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["audit", "verify", "--anchor", str(path)])
    assert result.exit_code == 1
    assert "time stamp does not match the anchor" in result.output


def test_a_token_from_an_authority_not_trusted_fails_verification(app, world, runner, tmp_path):
    path, result = _anchor(world, runner, tmp_path)
    assert result.exit_code == 0, result.output
    app.config["TRUST_ROOTS"] = None  # the test root is no longer trusted
    result = runner.invoke(args=["audit", "verify", "--anchor", str(path)])
    assert result.exit_code == 1
    assert "time-stamp authority is not trusted" in result.output


def test_an_unreachable_authority_is_reported_and_the_anchor_still_written(
    app, world, runner, tmp_path
):
    app.config["TSA_URL"] = "http://127.0.0.1:9/tsa"  # nothing listens on the discard port
    path, result = _anchor(world, runner, tmp_path)
    assert result.exit_code == 1
    assert "NOT time-stamped" in result.output
    document = json.loads(path.read_text())
    assert "timestamp" not in document and document["chains"]
    result = runner.invoke(args=["audit", "verify", "--anchor", str(path)])
    assert result.exit_code == 0, result.output  # an unstamped anchor still guards the chains


def test_without_an_authority_the_anchor_says_it_is_not_time_stamped(app, world, runner, tmp_path):
    app.config["TSA_URL"] = None
    path, result = _anchor(world, runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "not time-stamped: no time-stamp authority configured" in result.output
    assert "timestamp" not in json.loads(path.read_text())
