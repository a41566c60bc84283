"""The renderer: packaged fonts only, no missing glyphs, closed fetcher, deterministic PDF/A."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from llp_gov import create_app
from llp_gov.pdf.fetcher import PackagedFetcher, RefusedURL, resolve
from llp_gov.pdf.fonts import FACES, FONT_DIR, is_packaged_font_name
from llp_gov.pdf.render import PdfAttachment, render_pdf, render_template_pdf
from tests.pdf.checks import (
    assert_only_packaged_fonts,
    assert_qpdf_ok,
    embedded_fonts,
    no_weasyprint_warnings,
    text_of,
)

SAMPLE = """{% extends "pdf/_base_print.html" %}
{% block title %}業務委託契約書{% endblock %}
{% block doc_ref %}<p class="doc-ref">KLIC-2026-0007</p>{% endblock %}
{% block content %}
<h1>業務委託契約書</h1>
<p>北九州市（以下「甲」という。）と北九州リーグ有限責任事業組合（以下「乙」という。）</p>
<p>委託料 金四千八百六十万円（税込）</p>
<p lang="ko">서울 리그 유한책임사업조합 대표 김민수</p>
<h2 lang="ko">부속서</h2>
<p lang="en">Service commission contract between the City of Kitakyushu and the League.</p>
{% endblock %}"""


@pytest.fixture(scope="module")
def pdf_app():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    with app.app_context():
        yield app


def sample_html(app) -> str:
    return app.jinja_env.from_string(SAMPLE).render()


def qdf(pdf: bytes) -> bytes:
    """The PDF with uncompressed streams, to read its catalog and XMP."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["qpdf", "--qdf", "--object-streams=disable", str(src), str(dst)], check=True
        )
        return dst.read_bytes()


def test_japanese_korean_english_use_only_packaged_fonts(pdf_app):
    with no_weasyprint_warnings():
        pdf = render_pdf(sample_html(pdf_app))
    text = text_of(pdf)
    for expected in (
        "北九州市",
        "金四千八百六十万円",
        "서울리그유한책임사업조합",
        "김민수",
        "ServicecommissioncontractbetweentheCityofKitakyushu",
        "KLIC-2026-0007",
        "1/1",
    ):
        assert expected in text
    assert_only_packaged_fonts(pdf)
    assert_qpdf_ok(pdf)


def test_our_family_names_are_not_installed_on_the_machine():
    installed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=True
    )
    for face in FACES:
        assert face.family not in installed.stdout
        assert (FONT_DIR / face.filename).is_file()
    assert (FONT_DIR / "LICENSE-IPAexfont.txt").is_file()
    assert (FONT_DIR / "LICENSE-Nanum-OFL.txt").is_file()


def test_the_checks_catch_a_missing_glyph_and_a_system_font(pdf_app):
    html = (
        "<html><body><p style=\"font-family: 'DejaVu Sans'\">abc</p><p>\U00013000</p></body></html>"
    )
    with pytest.raises(AssertionError, match="notdef"), no_weasyprint_warnings():
        pdf = render_pdf(html)
    assert not all(is_packaged_font_name(name) for name in embedded_fonts(pdf))
    with pytest.raises(AssertionError, match="not shipped"):
        assert_only_packaged_fonts(pdf)


def test_same_input_gives_identical_bytes(pdf_app):
    html = sample_html(pdf_app)
    data = json.dumps({"number": "KLIC-2026-0007"}).encode()
    first = render_pdf(
        html, pdf_variant="pdf/a-3b", attachments=[PdfAttachment("contract.json", data)]
    )
    second = render_pdf(html, pdf_variant="pdf/a-3b", attachments=[("contract.json", data)])
    assert first == second
    assert render_pdf(html) == render_pdf(html)


def test_pdfa3_carries_metadata_and_the_json_attachment(pdf_app):
    data = json.dumps({"number": "KLIC-2026-0007", "amount": 48600000}).encode()
    pdf = render_pdf(
        sample_html(pdf_app),
        pdf_variant="pdf/a-3b",
        attachments=[PdfAttachment("contract.json", data, "contract data")],
        metadata={
            "title": "業務委託契約書 KLIC-2026-0007",
            "author": "北九州リーグ",
            "lang": "ja",
            "created": "2026-11-23T00:00:00Z",
        },
    )
    assert_qpdf_ok(pdf)
    raw = qdf(pdf)
    assert b'pdfaid:part="3"' in raw or b"<pdfaid:part>3</pdfaid:part>" in raw
    assert b'pdfaid:conformance="B"' in raw
    assert "業務委託契約書 KLIC-2026-0007".encode() in raw
    assert "北九州リーグ".encode() in raw
    assert b"/Lang (ja)" in raw
    assert b"/AFRelationship /Data" in raw
    assert b"/OutputIntents" in raw and b"/GTS_PDFA1" in raw
    assert b"/ID" in pdf  # PDF/A requires the file identifier (qpdf --qdf would add one)
    assert b"D:20261123000000" in raw
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdfdetach", "-saveall", "-o", tmp, str(path)], check=True)
        assert json.loads((Path(tmp) / "contract.json").read_bytes())["amount"] == 48600000


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "llpgov:fonts/../../config.py",
        "llpgov:static/../pdf/render.py",
        "llpgov:elsewhere/x",
        "llpgov:fonts/",
        "/etc/passwd",
    ],
)
def test_fetcher_refuses_files_and_network(url):
    with pytest.raises(RefusedURL):
        resolve(url)
    with pytest.raises(ValueError):
        PackagedFetcher().fetch(url)


def test_fetcher_serves_packaged_fonts_and_static_files():
    response = PackagedFetcher().fetch("llpgov:fonts/ipaexg.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"
    assert PackagedFetcher().fetch("llpgov:static/app.css").read()


def test_a_file_url_in_html_is_not_read(pdf_app):
    html = '<html><body><p>x</p><img src="file:///etc/hostname"><link rel="stylesheet" href="http://example.org/x.css"></body></html>'
    with pytest.raises(AssertionError) as excinfo, no_weasyprint_warnings():
        render_pdf(html)
    assert "refused" in str(excinfo.value)


def test_render_template_pdf_works_outside_a_request(pdf_app):
    pdf = render_template_pdf("pdf/_base_print.html", lang="ko")
    assert pdf.startswith(b"%PDF-")
    with pytest.raises(ValueError):
        render_pdf("<p>x</p>", pdf_variant="pdf/x-1a")
