"""The signed copy has its own size limit (LLP_GOV_SIGNED_COPY_MAX_BYTES): a larger file is a
translated 413 on the page and in the API, and nothing is written."""

from __future__ import annotations

import io

from llp_gov.contracts.models import Contract
from llp_gov.documents.models import Document
from llp_gov.extensions import db
from tests.contracts.helpers import signed_copy_pdf
from tests.contracts.test_lifecycle_views import _at, _draft

LIMIT = 4096


def _too_big() -> bytes:
    data = signed_copy_pdf()
    return data + b"%" + b"x" * (LIMIT - len(data))  # one byte over the limit


def test_the_page_refuses_a_signed_copy_over_its_limit(app, client, world, login_as):
    app.config["SIGNED_COPY_MAX_BYTES"] = LIMIT
    contract = _at(world, _draft(world), "approved")
    documents_before = db.session.query(Document).count()
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/contracts/{contract.id}/sign"

    def post(data: bytes, lang: str = "en"):
        return client.post(
            url,
            data={"signed_copy": (io.BytesIO(data), "s.pdf"), "signing_date": "2026-11-23"},
            content_type="multipart/form-data",
            headers={"Accept-Language": lang},
        )

    refused = post(_too_big())
    assert refused.status_code == 413
    assert "The signed copy is larger than its limit of 4 KB." in refused.get_data(as_text=True)
    assert "4 KB" in post(_too_big(), "ja").get_data(as_text=True)
    # Far over the limit: refused before the body is read (Werkzeug's request limit).
    assert post(b"x" * (LIMIT + 200 * 1024)).status_code == 413
    assert db.session.get(Contract, contract.id).status == "approved"
    assert db.session.query(Document).count() == documents_before
    assert post(signed_copy_pdf()).status_code == 302  # within the limit: signed
    assert db.session.get(Contract, contract.id).status == "signed"


def test_the_api_refuses_a_signed_copy_over_its_limit(app, client, world, token_for):
    app.config["SIGNED_COPY_MAX_BYTES"] = LIMIT
    contract = _at(world, _draft(world), "approved")
    documents_before = db.session.query(Document).count()
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/contracts/{contract.id}/signed-copy",
        data={"file": (io.BytesIO(_too_big()), "s.pdf"), "signing_date": "2026-11-23"},
        content_type="multipart/form-data",
        headers=token_for(world.user("member")),
    )
    assert resp.status_code == 413 and resp.json["error"]["code"] == "too_large"
    assert resp.json["error"]["message"] == "The signed copy is larger than its limit of 4 KB."
    assert db.session.get(Contract, contract.id).status == "approved"
    assert db.session.query(Document).count() == documents_before
