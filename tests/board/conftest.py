"""The signing tests' local PKI and TSA (the minutes are PAdES-signed)."""

from tests.signing.conftest import app_config, org_key, pki, tsa

__all__ = ["app_config", "org_key", "pki", "tsa"]
