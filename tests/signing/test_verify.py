"""Verifying signed PDFs we receive: signer, time stamp, changes after signing, trust list."""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from llp_gov.signing import pades
from llp_gov.signing.verify import verify_pdf_signatures
from tests.contracts.helpers import signed_copy_pdf


def _signed(world) -> bytes:
    data, level = pades.sign_pdf(signed_copy_pdf(), organisation=world.org, reason="agreed")
    assert level == "B-T"
    return data


def _crop(pdf: bytes) -> bytes:
    """An incremental update that crops the signed page (a change to what the page shows)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/MediaBox"] = generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 300, 300)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_signed_pdf_shows_signer_time_stamp_and_trust(world, org_key):
    (sig,) = verify_pdf_signatures(_signed(world))
    assert sig["ok"] and sig["intact"] and sig["valid"] and sig["trusted"]
    assert sig["signer"] == f"{world.org.name} signing" and sig["reason"] == "agreed"
    assert sig["timestamp"] and sig["timestamp_authority"] == "Test TSA"
    assert sig["covers_whole_file"] and not sig["changed_after_signing"]


def test_a_pdf_changed_after_signing_says_so(world, org_key):
    (sig,) = verify_pdf_signatures(_crop(_signed(world)))
    assert sig["intact"] and sig["valid"]  # the signed revision itself is untouched...
    assert sig["changed_after_signing"] and not sig["ok"]  # ...but the page was cropped after


def test_altered_signed_bytes_are_not_intact(world, org_key):
    data = _signed(world)
    at = data.index(b"/MediaBox")
    forged = data[:at] + data[at:].replace(b"595", b"594", 1)
    (sig,) = verify_pdf_signatures(forged)
    assert not sig["intact"] and not sig["ok"]


def test_trust_comes_from_the_configured_list(app, world, org_key):
    data = _signed(world)
    app.config["TRUST_ROOTS"] = None
    (sig,) = verify_pdf_signatures(data)
    assert sig["intact"] and sig["valid"] and not sig["trusted"]


def test_unsigned_and_non_pdf_files_have_no_signatures():
    assert verify_pdf_signatures(signed_copy_pdf()) == []
    assert verify_pdf_signatures(b"plain text") == []
    assert verify_pdf_signatures(b"%PDF-1.7 broken") == []


def test_uploaded_signed_pdf_lists_its_signatures_and_is_stored_unchanged(
    client, world, org_key, token_for, login_as
):
    from llp_gov.documents import storage

    signed = _crop(_signed(world))
    headers = token_for(world.user("member"))
    base = f"/api/v1/orgs/{world.org.slug}/documents"
    resp = client.post(
        base,
        headers=headers,
        content_type="multipart/form-data",
        data={"title": "電子契約", "doc_type": "other", "file": (io.BytesIO(signed), "e.pdf")},
    )
    assert resp.status_code == 201, resp.json
    (sig,) = resp.json["signatures"]
    assert sig["changed_after_signing"] and sig["signer"] == f"{world.org.name} signing"
    doc = client.get(f"{base}/{resp.json['id']}", headers=headers).json
    assert doc["signatures"] == resp.json["signatures"]
    assert storage.read(doc["versions"][0]["sha256"]) == signed  # never altered
    login_as(world.user("member"))
    page = client.get(f"/o/{world.org.slug}/documents/{resp.json['id']}").get_data(as_text=True)
    assert "Test TSA" in page and f"{world.org.name} signing" in page
    # People read the issuer's name and the time in their own zone, not a DN dump or raw UTC.
    assert "Common Name:" not in page
    when = sig["signing_time"] or sig["timestamp"]
    assert when not in page and "+00:00" not in page
