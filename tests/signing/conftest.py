"""A local PKI and RFC 3161 server for the signing tests (no network)."""

from __future__ import annotations

import pytest

from tests.signing.pki import TestPKI, TSAServer

PASSPHRASE = "test-passphrase"


@pytest.fixture(scope="session")
def pki():
    return TestPKI.create()


@pytest.fixture(scope="session")
def tsa(pki):
    with TSAServer(pki) as server:
        yield server


@pytest.fixture
def app_config(pki, tsa, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem())
    return {
        "TSA_URL": tsa.url,
        "TRUST_ROOTS": str(roots),
        "SIGNING_PKCS12": str(tmp_path / "keys" / "{slug}.p12"),
        "SIGNING_PASSWORD": PASSPHRASE,
        "SIGNING_TRIAL_TSA": str(tmp_path / "keys" / "trial-tsa.p12"),
    }


@pytest.fixture
def org_key(app, world, pki):
    """The organisation's signing key: a certificate issued by the test root."""
    from llp_gov.signing import keys

    path = keys.pkcs12_path(world.org)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pki.signer_p12(f"{world.org.name} signing", PASSPHRASE.encode()))
    return path
