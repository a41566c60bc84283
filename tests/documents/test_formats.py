"""Documents as they arrive: encodings, every DOCX text part, XLSX, scans, encryption, text status."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from docx import Document as Docx
from docx.oxml import parse_xml
from PIL import Image

from llp_gov.documents import encodings, extract, files, services
from llp_gov.documents.extract_worker import docx_text
from llp_gov.extensions import db
from tests.documents import samples


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def found_ids(client, world, token_for, q):
    headers = token_for(world.user("member"))
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/search", query_string={"q": q}, headers=headers
    )
    return [r["document_id"] for r in resp.json["results"]]


def upload(world, data, filename="file.bin", **kw):
    doc = services.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title=kw.pop("title", "書類"),
        doc_type="other",
        data=data,
        filename=filename,
        **kw,
    )
    db.session.commit()
    return doc


# --- item 6: encodings ---------------------------------------------------------------------

KATAKANA_PAYEES = "ﾀｶﾊｼｼｽﾃﾑ,ｶﾌﾞｼｷｶﾞｲｼｬ\r\nｽｽﾞｷｼｮｳｼﾞ,ﾕｳｹﾞﾝｶﾞｲｼｬ\r\n"
MINUTE_JA = "第3回組合員会議議事録\n出席者：高橋、佐藤\n本日の議題は次のとおりである。\n"
MINUTE_KO = "제3차 조합원 총회 의사록\n출석자: 김철수, 박영희\n"


@pytest.mark.parametrize(
    "text, codec",
    [
        (KATAKANA_PAYEES, "cp932"),
        ("ﾀｶﾊｼｼｽﾃﾑ,ｶﾌﾞｼｷｶﾞｲｼｬ", "cp932"),
        (MINUTE_JA, "cp932"),
        (MINUTE_JA, "euc_jp"),
        (MINUTE_JA, "iso2022_jp"),
        (MINUTE_JA, "utf_8"),
        (MINUTE_JA, "utf_8_sig"),
        (MINUTE_JA, "utf_16"),
        ("有限責任事業組合契約書", "euc_jp"),
        (MINUTE_KO, "cp949"),
        (MINUTE_KO, "euc_kr"),
        (MINUTE_KO, "utf_16"),
        ("서울상사", "cp949"),
    ],
)
def test_each_encoding_is_read_without_mojibake(text, codec):
    guess = encodings.guess(text.encode(codec))
    assert guess.text.removeprefix("\ufeff") == text


def test_halfwidth_katakana_payees_are_found_as_fullwidth(app, world, client, token_for):
    doc = upload(world, KATAKANA_PAYEES.encode("cp932"), "payees.csv")
    v = doc.versions[0]
    assert v.text_status == "ok" and "タカハシシステム" in v.extracted_text
    assert "カブシキガイシャ" in v.extracted_text and v.languages == "ja"
    assert found_ids(client, world, token_for, "タカハシシステム") == [doc.id]


def test_euc_jp_minute_is_japanese_not_hangul(app, world):
    doc = upload(world, MINUTE_JA.encode("euc_jp"), "minute.txt")
    v = doc.versions[0]
    assert "組合員会議議事録" in v.extracted_text and v.languages == "ja"
    assert not any("\uac00" <= c <= "\ud7a3" for c in v.extracted_text)


def test_text_without_a_plausible_encoding_is_failed_naming_what_was_tried(app, world):
    # Bytes valid in cp949 and cp932 but reading as noise in both: no mojibake is stored.
    data = bytes([0xFD, 0xFE, 0xA1, 0xA1, 0xFD, 0xFE, 0xC8, 0xFE] * 8)
    doc = upload(world, data, "noise.txt")
    v = doc.versions[0]
    assert v.text_status == "failed" and v.extracted_text is None
    assert "Shift_JIS (cp932)" in v.extraction_error and "EUC-KR" in v.extraction_error


# --- item 1: every text part of a DOCX -----------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def rich_docx() -> bytes:
    d = Docx()
    d.sections[0].header.paragraphs[0].text = "髙橋システム株式会社"
    d.sections[0].footer.paragraphs[0].text = "契約番号 KX-2026-0042"
    d.add_paragraph("本文の段落")
    table = d.add_table(rows=1, cols=1)
    inner = table.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "入れ子の表の文字"
    second = d.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "第二節の見出し"
    body = d.element.body
    body.append(
        parse_xml(
            f"<w:p {W_NS}><w:r><w:t>残す文</w:t></w:r>"
            '<w:ins w:id="1" w:author="a"><w:r><w:t>挿入された文</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="a"><w:r><w:delText>削除された文</w:delText></w:r></w:del>'
            "</w:p>"
        )
    )
    body.append(
        parse_xml(
            f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>コンテンツコントロール</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
    )
    body.append(
        parse_xml(
            f'<w:p {W_NS}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            "<w:r><w:instrText> MERGEFIELD name </w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>差込結果</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    )
    body.append(
        parse_xml(
            f'<w:p {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
            "<w:txbxContent><w:p><w:r><w:t>テキストボックスの文</w:t></w:r></w:p></w:txbxContent>"
            "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
            "<w:t>テキストボックスの文</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>"
        )
    )
    out = io.BytesIO()
    d.save(out)
    data = out.getvalue()
    # Footnotes and endnotes parts (python-docx writes none): add them to the package.
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for part, text in (("footnotes", "脚注の文"), ("endnotes", "文末脚注の文")):
            tag = part[:-1]
            dst.writestr(
                f"word/{part}.xml",
                f'<w:{part} {W_NS}><w:{tag} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                f"</w:{tag}></w:{part}>",
            )
    return buf.getvalue()


def test_docx_text_comes_from_every_part():
    text = docx_text(rich_docx())
    for expected in (
        "髙橋システム株式会社",
        "KX-2026-0042",
        "第二節の見出し",
        "入れ子の表の文字",
        "挿入された文",
        "コンテンツコントロール",
        "差込結果",
        "脚注の文",
        "文末脚注の文",
    ):
        assert expected in text, expected
    assert "削除された文" not in text and "MERGEFIELD" not in text
    assert text.count("テキストボックスの文") == 1


def test_party_only_in_the_header_is_found(app, world, client, token_for):
    doc = upload(world, rich_docx(), "contract.docx", title="業務委託契約")
    for q in ("髙橋システム", "KX-2026-0042"):
        assert found_ids(client, world, token_for, q) == [doc.id], q


# --- item 7: Korean keeps its word spaces ------------------------------------------------


def test_korean_line_breaks_keep_the_word_space_japanese_lines_join():
    assert extract.normalise("성실하게\n이행한다") == "성실하게 이행한다"
    assert extract.normalise("有限責任事業\n組合") == "有限責任事業組合"


def test_korean_pdf_keeps_word_spaces(app, world):
    doc = upload(world, samples.cjk_pdf(["본 계약은 갑과", "을 사이에 체결한다"]), "k.pdf")
    text = doc.versions[0].extracted_text
    assert "갑과 을" in text and "본 계약은" in text
    assert doc.versions[0].languages == "ko"


# --- item 5: encryption asked of the PDF library ---------------------------------------------


def _encrypted(user: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(samples.text_pdf(["Restricted printing only"])))
    out = io.BytesIO()
    pdf.save(
        out,
        encryption=pikepdf.Encryption(
            owner="owner-secret", user=user, allow=pikepdf.Permissions(print_highres=False)
        ),
    )
    return out.getvalue()


def test_pdf_that_opens_without_a_password_is_read(app, world):
    data = _encrypted(user="")
    assert b"/Encrypt" in data
    doc = upload(world, data, "restricted.pdf")
    assert "Restricted printing only" in doc.versions[0].extracted_text
    assert doc.versions[0].text_status == "ok"


def test_pdf_needing_a_user_password_is_refused(app, world):
    from llp_gov.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        upload(world, _encrypted(user="open-sesame"), "secret.pdf")
    assert "encrypted" in exc.value.fields["file"]


# --- item 4: an honest text status ----------------------------------------------------------


def blank_pdf() -> bytes:
    return samples._pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def test_pdf_page_without_text_is_no_text_and_ocr_unavailable_says_what_to_install(
    app, world, login_as
):
    app.config["OCR_TESSERACT"] = ""  # as on a machine without Tesseract
    doc = upload(world, blank_pdf(), "scan.pdf")
    v = doc.versions[0]
    assert v.text_status == "no_text" and v.ocr_status == "unavailable"
    client = login_as(world.user("member"))
    page = client.get(f"/o/{world.org.slug}/documents/{doc.id}").get_data(as_text=True)
    assert 'data-text-status="no_text"' in page and "tesseract-ocr-jpn" in page


def test_garbled_text_is_garbled():
    assert extract.judge("\ue000\ue001\ue002\ufffd\ufffd abc") == "garbled"
    assert extract.judge("有限責任事業組合 LLP") == "ok"
    assert extract.judge("  \n ") == "no_text"


def test_api_carries_text_status_and_languages(app, world, client, token_for):
    doc = upload(world, "본 계약서는 서울상사와 체결한다".encode(), "k.txt")
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/documents/{doc.id}",
        headers=token_for(world.user("member")),
    )
    version = resp.json["versions"][0]
    assert version["text_status"] == "ok" and version["languages"] == ["ko"]
    assert version["type_words"] == "Plain text"


# --- item 2: XLSX and images ------------------------------------------------------------------


def test_xlsx_cells_of_every_sheet_are_text(app, world):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "見積"
    wb.active.append(["品目", "金額"])
    wb.active.append(["システム保守", 1200000])
    wb.create_sheet("条件").append(["支払条件", "月末締め翌月末払い"])
    out = io.BytesIO()
    wb.save(out)
    doc = upload(world, out.getvalue(), "見積書.xlsx")
    v = doc.versions[0]
    assert v.mime_type.endswith("spreadsheetml.sheet") and v.text_status == "ok"
    assert "システム保守\t1200000" in v.extracted_text and "月末締め翌月末払い" in v.extracted_text


@pytest.mark.parametrize("fmt, mime", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_images_are_accepted_by_content_and_wait_for_ocr(app, world, fmt, mime):
    app.config["OCR_TESSERACT"] = ""
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, fmt)
    doc = upload(world, out.getvalue(), "scan.pdf")  # a wrong extension
    v = doc.versions[0]
    assert v.mime_type == mime and v.text_status == "no_text"
    assert v.filename == "scan." + ("jpg" if fmt == "JPEG" else "png")


def test_multipage_tiff_is_one_document(app, world):
    app.config["OCR_TESSERACT"] = ""
    out = io.BytesIO()
    pages = [Image.new("L", (100, 100), 255) for _ in range(3)]
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    doc = upload(world, out.getvalue(), "scan.tif")
    assert doc.versions[0].mime_type == "image/tiff"
    assert doc.versions[0].text_status == "no_text"


# --- item 11: file names ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, mime, expected",
    [
        ("invoice\u202efdp.exe", "application/pdf", "invoicefdp.pdf"),
        ("請求書\x00.pdf", "application/pdf", "請求書.pdf"),
        ("\u2066見積\u2069書.PDF", "application/pdf", "見積書.PDF"),
        ("契約書", "application/pdf", "契約書.pdf"),
        ("v1.2 final", "text/plain", "v1.2 final.txt"),
        ("\u202e\u200b", "text/plain", "document.txt"),
    ],
)
def test_file_names_are_cleaned_and_match_the_type(name, mime, expected):
    assert files.clean_filename(name, mime) == expected


def test_download_of_a_non_ascii_name_has_an_ascii_fallback(app, world, login_as):
    doc = upload(world, "本文".encode(), "계약서.txt")
    client = login_as(world.user("member"))
    cd = client.get(f"/o/{world.org.slug}/documents/{doc.id}/versions/1/file").headers[
        "Content-Disposition"
    ]
    fallback = cd.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback and fallback.isascii() and fallback.endswith(".txt")


# --- item 8: the list pages, sorts and filters with no cap ---------------------------------


def test_list_pages_through_every_document_and_filters(app, world, login_as):
    app.config["OCR_TESSERACT"] = ""
    import datetime as dt

    from llp_gov.documents.models import Document

    # Rows written directly (the list reads rows; uploading 205 files would only cost time).
    db.session.add_all(
        Document(organisation_id=world.org.id, title=f"doc-{i:03d}", doc_type="other", tags=[])
        for i in range(205)
    )
    db.session.commit()
    upload(world, blank_pdf(), "scan.pdf", title="scan-only")
    upload(
        world,
        "請求書".encode(),
        "inv.txt",
        title="big-invoice",
        amount=900000,
        transaction_date=dt.date(2026, 3, 31),
    )
    client = login_as(world.user("member"))
    base = f"/o/{world.org.slug}/documents/"
    seen = set()
    page = 1
    while True:
        html = client.get(base, query_string={"page": page, "sort": "title"}).get_data(True)
        titles = {t for t in html.split(">") if t.startswith("doc-")}
        seen |= {t.split("<")[0] for t in titles}
        if 'rel="next"' not in html:
            break
        page += 1
    assert len(seen) == 205  # no silent cap at 200
    html = client.get(base, query_string={"text_status": "no_text"}).get_data(True)
    assert "scan-only" in html and "doc-001" not in html
    html = client.get(base, query_string={"amount_min": "500,000"}).get_data(True)
    assert "big-invoice" in html and "doc-001" not in html
    html = client.get(base, query_string={"date_from": "2026-03-01", "type": "other"}).get_data(
        True
    )
    assert "big-invoice" in html and "doc-001" not in html
    assert client.get(base, query_string={"date_from": "31/03"}).status_code == 422


def test_document_page_shows_a_cached_preview_of_the_first_page(app, world, login_as):
    doc = upload(world, samples.text_pdf(["Preview me"]), "p.pdf")
    client = login_as(world.user("member"))
    page = client.get(f"/o/{world.org.slug}/documents/{doc.id}").get_data(as_text=True)
    url = f"/o/{world.org.slug}/documents/{doc.id}/versions/1/preview.png"
    assert url in page and "PDF document" in page
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"\x89PNG")
    cached = list((Path(app.config["DOCUMENTS_DIR"]) / "previews").rglob("*.png"))
    assert len(cached) == 1
    assert client.get(url).data == first.data
    text = upload(world, "本文".encode(), "t.txt")
    assert (
        client.get(f"/o/{world.org.slug}/documents/{text.id}/versions/1/preview.png").status_code
        == 404
    )


def test_api_list_pages_with_a_next_link(app, world, client, token_for):
    from llp_gov.documents.models import Document

    db.session.add_all(
        Document(organisation_id=world.org.id, title=f"doc-{i}", doc_type="other", tags=[])
        for i in range(3)
    )
    db.session.commit()
    headers = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/documents"
    first = client.get(url, query_string={"per_page": 2}, headers=headers)
    assert len(first.json) == 2 and 'rel="next"' in first.headers["Link"]
    nxt = first.headers["Link"].split(">")[0].lstrip("<")
    second = client.get(nxt, headers=headers)
    assert len(second.json) == 1 and "Link" not in second.headers
    assert client.get(url, query_string={"sort": "x"}, headers=headers).status_code == 422


def test_search_filters_by_text_status(app, world, client, token_for, login_as):
    app.config["OCR_TESSERACT"] = ""
    scan = upload(world, blank_pdf(), "scan.pdf", title="scan-only")
    upload(world, "本文のある書類".encode(), "t.txt", title="with-text")
    headers = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/search"
    resp = client.get(url, query_string={"text_status": "no_text"}, headers=headers)
    assert [r["document_id"] for r in resp.json["results"]] == [scan.id]
    assert client.get(url, query_string={"text_status": "x"}, headers=headers).status_code == 422
    page = login_as(world.user("member")).get(f"/o/{world.org.slug}/search?text_status=no_text")
    html = page.get_data(as_text=True)
    assert "scan-only" in html and "with-text" not in html
    assert '<option value="no_text" selected>' in html


def test_heic_photo_is_accepted_by_content(app, world):
    import pillow_heif

    app.config["OCR_TESSERACT"] = ""
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "HEIF")
    doc = upload(world, out.getvalue(), "IMG_0001.JPG")
    v = doc.versions[0]
    assert v.mime_type == "image/heic" and v.filename == "IMG_0001.heic"
    assert v.text_status == "no_text" and v.ocr_status == "unavailable"


def test_pdf_whose_font_has_no_unicode_map_is_garbled(app, world, login_as):
    # Fonts without a usable Unicode map extract as private-use characters.
    app.config["OCR_TESSERACT"] = ""
    pua = "".join(chr(0xE000 + i) for i in range(40))
    doc = upload(world, samples.cjk_pdf([pua[:20], pua[20:]]), "legacy.pdf")
    v = doc.versions[0]
    assert v.text_status == "garbled" and v.ocr_status == "unavailable"
    page = login_as(world.user("member")).get(f"/o/{world.org.slug}/documents/{doc.id}")
    assert 'data-text-status="garbled"' in page.get_data(as_text=True)
