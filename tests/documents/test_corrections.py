"""Correcting details (page and PATCH, audited), duplicate uploads, and OCR of a scan."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.documents import ocr, services, storage
from llp_gov.extensions import db

FONTS = Path(__file__).resolve().parents[2] / "llp_gov" / "pdf" / "fonts"


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def upload(world, data=None, **kw):
    doc = services.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title=kw.pop("title", "見積書"),
        doc_type=kw.pop("doc_type", "other"),
        data=data or "見積書の本文".encode(),
        filename="a.txt",
        **kw,
    )
    db.session.commit()
    return doc


def test_patch_corrects_details_audited_with_old_and_new(app, world, client, token_for):
    doc = upload(world)
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/documents/{doc.id}",
        json={"title": "訂正後の見積書", "amount": 120000, "transaction_date": "2026-04-01"},
        headers=token_for(world.user("member")),
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["title"] == "訂正後の見積書" and resp.json["amount"] == 120000
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "document:update")).one()
    assert event.diff["title"] == ["見積書", "訂正後の見積書"]
    assert event.diff["amount"] == [None, 120000]


def test_patch_keeps_the_electronic_bookkeeping_keys_of_an_invoice(app, world, client, token_for):
    doc = upload(
        world,
        doc_type="invoice",
        transaction_date=__import__("datetime").date(2026, 4, 1),
        amount=1000,
        counterparty_name="髙橋システム",
    )
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/documents/{doc.id}",
        json={"amount": None},
        headers=token_for(world.user("member")),
    )
    assert resp.status_code == 422 and "amount" in resp.json["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(type(doc), doc.id).amount == 1000


def test_observer_may_not_correct(app, world, client, token_for):
    doc = upload(world)
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/documents/{doc.id}",
        json={"title": "x"},
        headers=token_for(world.user("observer")),
    )
    assert resp.status_code == 403


def test_edit_page_corrects_and_records(app, world, login_as):
    doc = upload(world)
    client = login_as(world.user("member"))
    url = f"/o/{world.org.slug}/documents/{doc.id}/edit"
    assert client.get(url).status_code == 200
    resp = client.post(
        url, data={"title": "注文書", "doc_type": "other", "currency": "JPY", "tags": "a, b"}
    )
    assert resp.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(doc), doc.id).tags == ["a", "b"]
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "document:update")).one()


def test_duplicate_upload_is_409_with_the_existing_document(app, world, client, token_for):
    doc = upload(world)
    headers = token_for(world.user("member"))
    base = f"/api/v1/orgs/{world.org.slug}/documents"

    def post(**extra):
        return client.post(
            base,
            headers=headers,
            content_type="multipart/form-data",
            data={"title": "again", "file": (io.BytesIO("見積書の本文".encode()), "b.txt")} | extra,
        )

    resp = post()
    assert resp.status_code == 409
    assert resp.json["error"]["code"] == "duplicate"
    assert resp.json["error"]["document_id"] == doc.id
    assert post(allow_duplicate="1").status_code == 201


def test_duplicate_on_the_page_offers_the_existing_document(app, world, login_as):
    doc = upload(world)
    client = login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/documents/upload",
        data={
            "doc_type": "other",
            "currency": "JPY",
            "files": [(io.BytesIO("見積書の本文".encode()), "b.txt")],
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 409
    assert f"/o/{world.org.slug}/documents/{doc.id}" in resp.get_data(as_text=True)


def scan_png(lines: list[str]) -> bytes:
    font = ImageFont.truetype(str(FONTS / "ipaexg.ttf"), 64)
    image = Image.new("L", (1600, 200 + 120 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 100 + 120 * i), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def test_ocr_reads_a_scan_into_a_searchable_pdf_beside_the_original(app, world):
    app.config["OCR_LANGUAGES"] = "jpn+eng"
    data = scan_png(["業務委託契約書", "KX-2026-0042"])
    doc = upload(world, data)  # the queued OCR job runs once the upload commits
    v = doc.versions[0]
    db.session.expire_all()
    v = db.session.get(type(v), v.id)
    assert v.ocr_status == "done" and v.text_status == "ok"
    assert "KX-2026-0042" in v.extracted_text and "契約書" in v.extracted_text
    assert storage.read(v.sha256) == data  # the original is untouched
    assert storage.read(v.ocr_sha256).startswith(b"%PDF-")
    assert ocr.run_ocr(v.id) == "done"  # idempotent


def blank_pdf() -> bytes:
    from tests.documents import samples

    return samples._pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>",
        ]
    )


def test_a_member_asks_for_ocr_again(app, world, login_as):
    doc = upload(world, blank_pdf())
    v = doc.versions[0]
    db.session.expire_all()
    assert db.session.get(type(v), v.id).ocr_status == "done"  # read (and found nothing)
    client = login_as(world.user("member"))
    url = f"/o/{world.org.slug}/documents/{doc.id}"
    assert "Read it with OCR again" in client.get(url).get_data(as_text=True)
    resp = client.post(f"{url}/versions/1/ocr")
    assert resp.status_code == 302
    tags = db.session.scalars(select(AuditEvent.tag).where(AuditEvent.tag.like("document:ocr%")))
    assert sorted(tags) == ["document:ocr", "document:ocr", "document:ocr:request"]


def test_asking_for_ocr_without_tesseract_says_what_to_install(app, world, login_as):
    app.config["OCR_TESSERACT"] = ""
    doc = upload(world, blank_pdf())
    client = login_as(world.user("member"))
    resp = client.post(f"/o/{world.org.slug}/documents/{doc.id}/versions/1/ocr")
    assert resp.status_code == 409 and "tesseract-ocr-kor" in resp.get_data(as_text=True)


def test_ocr_reads_a_heic_photo(app, world):
    import pillow_heif

    pillow_heif.register_heif_opener()
    app.config["OCR_LANGUAGES"] = "jpn+eng"
    image = Image.open(io.BytesIO(scan_png(["KX-2026-0042"]))).convert("RGB")
    out = io.BytesIO()
    image.save(out, "HEIF", quality=95)
    doc = upload(world, out.getvalue())
    db.session.expire_all()
    v = db.session.get(type(doc.versions[0]), doc.versions[0].id)
    assert v.mime_type == "image/heic" and v.ocr_status == "done", v.ocr_error
    assert "KX-2026-0042" in v.extracted_text
