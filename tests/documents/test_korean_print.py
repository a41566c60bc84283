"""Korean in printed contracts breaks lines between words only (checked with pdftotext)."""

from __future__ import annotations

import subprocess

from llp_gov.documents.wordbreak import keep_korean_words
from llp_gov.pdf.render import render_pdf

CLAUSE = (
    "갑과 을은 본 계약의 내용을 성실하게 이행하여야 하며, 상대방의 사전 서면 동의 없이 "
    "본 계약상의 권리 또는 의무를 제3자에게 양도하거나 담보로 제공할 수 없다. "
) * 4


def test_no_printed_korean_line_ends_inside_a_word(app, tmp_path):
    template = app.jinja_env.from_string(
        '{% extends "pdf/_base_print.html" %}{% block content %}'
        "<h2>제7조 (성실 의무)</h2><p>{{ clause }}</p><p>有限責任事業組合契約の条項。</p>"
        "{% endblock %}"
    )
    pdf = tmp_path / "k.pdf"
    pdf.write_bytes(render_pdf(template.render(clause=CLAUSE, lang="ko")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = set(CLAUSE.split())
    lines = [
        line.split() for line in text.splitlines() if any("\uac00" <= c <= "\ud7a3" for c in line)
    ]
    body = [line for line in lines if line and line[0] not in ("제7조",)]
    assert len(body) >= 4  # the clause really wraps
    for line in body:
        assert line[0] in words and line[-1] in words, line
    assert "성실하게" in text and "有限責任事業組合契約" in text


def test_filter_wraps_hangul_words_only_outside_tags():
    html = keep_korean_words('<p title="계약">성실하게 이행 and 契約</p>')
    assert str(html) == (
        '<p title="계약"><span class="ko-word">성실하게</span> '
        '<span class="ko-word">이행</span> and 契約</p>'
    )
