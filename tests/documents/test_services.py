import datetime as dt

import pytest
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.documents import services, storage
from llp_gov.documents.models import Document, DocumentVersion
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.search.models import SearchOutbox
from tests.documents import samples


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def upload(world, role="member", **kw):
    args = dict(
        title="業務委託契約書",
        doc_type="other",
        data="有限責任事業組合の契約書".encode(),
        filename="契約書.txt",
    )
    args.update(kw)
    return services.create_document(actor=world.user(role), organisation=world.org, **args)


def test_upload_stores_version_audit_and_outbox(app, world):
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    doc = upload(world, tags="契約, Seoul")
    db.session.commit()
    v = doc.versions[0]
    assert v.number == 1 and v.mime_type == "text/plain" and v.filename == "契約書.txt"
    assert v.extraction_status == "done" and "事業組合" in v.extracted_text
    assert storage.read(v.sha256) == "有限責任事業組合の契約書".encode()
    assert doc.tags == ["契約", "seoul"]
    assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 1
    assert db.session.scalars(
        select(AuditEvent.tag).where(AuditEvent.tag == "document:upload")
    ).one()


def test_identical_content_is_stored_once_and_versions_append(app, world):
    doc = upload(world)
    services.add_version(
        actor=world.user("member"),
        organisation=world.org,
        document=doc,
        data="有限責任事業組合の契約書".encode(),
        filename="copy.txt",
    )
    services.add_version(
        actor=world.user("member"),
        organisation=world.org,
        document=doc,
        data=b"version three",
        filename="../../etc/passwd",
    )
    db.session.commit()
    assert [v.number for v in doc.versions] == [1, 2, 3]
    assert doc.versions[0].sha256 == doc.versions[1].sha256
    assert doc.versions[2].filename == "passwd.txt"
    assert len(storage.stored_files()) == 2


def test_contracts_need_date_amount_and_counterparty(app, world):
    with pytest.raises(ValidationError) as exc:
        upload(world, doc_type="contract")
    assert {"transaction_date", "amount", "counterparty_id"} <= set(exc.value.fields)
    doc = upload(
        world,
        doc_type="contract",
        transaction_date=dt.date(2025, 6, 1),
        amount=1_100_000,
        counterparty_name="株式会社ソウル商事",
    )
    assert doc.counterparty.name == "株式会社ソウル商事" and doc.amount_jpy == 1_100_000


def test_foreign_currency_needs_its_yen_value(app, world):
    with pytest.raises(ValidationError) as exc:
        upload(world, amount=5_000_000, currency="KRW")
    assert "amount_jpy" in exc.value.fields
    doc = upload(world, amount=5_000_000, currency="krw", amount_jpy=550_000)
    assert (doc.currency, doc.amount_jpy) == ("KRW", 550_000)


def test_observer_never_uploads(app, world):
    with pytest.raises(PermissionDenied):
        upload(world, role="observer")


def test_restricted_document_read_by_named_partners_staff_chairman_admin(app, world):
    # world.partners[1] is the member's company; rep04 is partners[3]'s staff.
    doc = upload(world, restricted_partner_ids=[world.partners[1].id])
    db.session.commit()
    for role in ("member", "chairman", "admin"):
        assert (
            services.get_document(
                actor=world.user(role), organisation=world.org, document_id=doc.id
            )
            is doc
        )
    for role in ("accountant", "observer", "rep04"):
        with pytest.raises(NotFound):
            services.get_document(
                actor=world.user(role), organisation=world.org, document_id=doc.id
            )
    with pytest.raises(NotFound):
        services.get_document(
            actor=world.other_users["chairman"], organisation=world.org, document_id=doc.id
        )
    with pytest.raises(NotFound):
        services.get_document(
            actor=world.other_users["chairman"], organisation=world.other_org, document_id=doc.id
        )


def test_withdrawal_keeps_everything_and_needs_a_reason(app, world):
    doc = upload(world)
    with pytest.raises(ValidationError):
        services.withdraw_document(
            actor=world.user("chairman"), organisation=world.org, document=doc, reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.withdraw_document(
            actor=world.user("member"), organisation=world.org, document=doc, reason="x"
        )
    services.withdraw_document(
        actor=world.user("chairman"), organisation=world.org, document=doc, reason="誤登録"
    )
    db.session.commit()
    assert doc.is_withdrawn and doc.versions and storage.exists(doc.versions[0].sha256)
    with pytest.raises(Conflict):
        services.add_version(
            actor=world.user("member"),
            organisation=world.org,
            document=doc,
            data=b"x",
            filename="x.txt",
        )


def test_docx_paragraphs_and_table_cells_and_cjk_pdf_lines(app, world):
    d = upload(
        world,
        data=samples.docx(["業務委託契約書"], [["甲", "株式会社北九州"], ["乙", "서울상사"]]),
        filename="c.docx",
    )
    assert (
        "株式会社北九州" in d.versions[0].extracted_text
        and "서울상사" in d.versions[0].extracted_text
    )
    p = upload(world, data=samples.cjk_pdf(["有限責任事業組", "合契約書"]), filename="c.pdf")
    assert "有限責任事業組合契約書" in p.versions[0].extracted_text
    assert p.versions[0].mime_type == "application/pdf"


def test_text_encodings_are_detected(app, world):
    for text, enc in (
        ("契約書 ｿｳﾙ支店", "shift_jis"),
        ("계약서를 작성", "euc-kr"),
        ("Invoice", "utf-8"),
    ):
        d = upload(world, data=text.encode(enc), filename="t.txt")
        assert d.versions[0].extracted_text.strip() in (text, "契約書 ソウル支店")


def test_failed_extraction_is_recorded_and_upload_kept(app, world, monkeypatch):
    from llp_gov.documents import extract

    monkeypatch.setattr(
        extract,
        "extract",
        lambda data, mime, encoding=None: extract.Extraction("failed", error="timeout"),
    )
    d = upload(world)
    db.session.commit()
    assert (
        d.versions[0].extraction_status == "failed" and d.versions[0].extraction_error == "timeout"
    )
    assert storage.exists(d.versions[0].sha256)


def test_extraction_timeout_in_the_child_is_a_failed_extraction(app, world):
    app.config["EXTRACT_TIMEOUT_SECONDS"] = 0.0001
    d = upload(world, data=samples.docx(["x" * 1000] * 200), filename="big.docx")
    assert (
        d.versions[0].extraction_status == "failed" and d.versions[0].extraction_error == "timeout"
    )


def nothing_written():
    return (
        db.session.scalar(select(func.count()).select_from(Document)) == 0
        and db.session.scalar(select(func.count()).select_from(DocumentVersion)) == 0
        and db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 0
        and storage.stored_files() == []
    )


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("empty", lambda: b"", "empty"),
        ("executable", samples.executable, "Programs"),
        ("encrypted", samples.encrypted_pdf, "encrypted"),
        ("corrupt", samples.corrupt_pdf, "damaged"),
        ("zip bomb", lambda: samples.docx_bomb(20 * 1024 * 1024), "expands"),
        (
            "zip without document",
            lambda: __import__("io").BytesIO(b"PK\x03\x04 junk").getvalue(),
            "damaged",
        ),
        ("binary", lambda: bytes(range(256)) * 4, "Only PDF"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(app, world, name, make, message):
    app.config["DOCX_MAX_UNCOMPRESSED_BYTES"] = 10 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        upload(world, data=make(), filename="renamed.pdf")
    assert message in exc.value.fields["file"]
    db.session.rollback()
    assert nothing_written()


def test_over_the_cap_is_413(app, world):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    with pytest.raises(services.TooLarge) as exc:
        upload(world, data=b"a" * 1001)
    assert exc.value.status == 413 and "limit" in str(exc.value)
    db.session.rollback()
    assert nothing_written()
