"""Demo documents in Japanese, Korean and English, made in code and uploaded through the services."""

from __future__ import annotations

import datetime as dt
import io

import docx

from llp_gov.documents import services


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A DOCX with paragraphs and an optional table (demo data and tests use it)."""
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Latin text (the base-14 Helvetica font needs no embedding)."""
    body = (
        "BT /F1 12 Tf 72 720 Td 16 TL "
        + " ".join(
            "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for s in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body.encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def load(ctx) -> None:
    klic, sicam = ctx["klic"], ctx["sicam"]
    users = ctx["users"]
    chairman, member, accountant = users["chairman"], users["member"], users["accountant"]
    services.create_document(
        actor=chairman,
        organisation=klic,
        title="有限責任事業組合契約書",
        doc_type="agreement",
        data=make_docx(
            [
                f"{klic.name} 組合契約書",
                "第1条（目的）本組合は、有限責任事業組合契約に関する法律に基づき、情報システムの共同受託を行う。",
                "第2条（出資）各組合員の出資の価額は別表のとおりとする。",
                "第3条（損益分配）損益は出資の価額に応じて分配する。",
            ],
            [["組合員", "出資の価額"], ["甲", "3,000,000円"], ["乙", "2,000,000円"]],
        ),
        filename="組合契約書.docx",
        tags=("組合契約", "設立"),
    )
    services.create_document(
        actor=member,
        organisation=klic,
        title="業務委託契約書（北九州市 情報システム保守）",
        doc_type="contract",
        data=(
            f"業務委託契約書\n\n委託者 北九州市（以下「甲」という。）と受託者 {klic.name}"
            "（以下「乙」という。）は、情報システム保守業務について次のとおり契約を締結する。\n"
            "第1条 乙は甲の指示に従い、システムの保守を行う。\n第2条 委託料は金1,100,000円（税込）とする。\n"
        ).encode("cp932"),
        filename="業務委託契約書.txt",
        counterparty_name="北九州市",
        transaction_date=dt.date(2025, 6, 1),
        amount=1_100_000,
        tags=("保守", "自治体"),
    )
    services.create_document(
        actor=accountant,
        organisation=klic,
        title="Invoice INV-2025-014 (Seoul office consulting)",
        doc_type="invoice",
        data=_pdf(
            [
                "INVOICE INV-2025-014",
                "Consulting services for the Seoul office integration, May 2025.",
                "Amount due: KRW 5,000,000 (JPY 550,000). Export-exempt service.",
            ]
        ),
        filename="INV-2025-014.pdf",
        counterparty_name="Seoul Digital Co., Ltd.",
        transaction_date=dt.date(2025, 5, 31),
        amount=5_000_000,
        currency="KRW",
        amount_jpy=550_000,
        tags=("seoul", "export"),
    )
    services.create_document(
        actor=chairman,
        organisation=klic,
        title="理事会議事録（非公開：2社限り）",
        doc_type="minutes",
        data="理事長が議長となり、次年度の事業計画案を審議した。ＫＬＩＣの新規案件について報告があった。".encode(),
        filename="議事録.txt",
        transaction_date=dt.date(2025, 7, 10),
        restricted_partner_ids=[p.id for p in ctx["klic_partners"][:2]],
    )
    services.create_document(
        actor=users["sicam_chairman"],
        organisation=sicam,
        title="용역 계약서 (서울)",
        doc_type="contract",
        data="용역 계약서\n갑과 을은 다음과 같이 계약서를 작성한다. 계약 금액은 1,000만원으로 한다.".encode(
            "euc-kr"
        ),
        filename="용역계약서.txt",
        counterparty_name="서울디지털",
        transaction_date=dt.date(2025, 8, 1),
        amount=10_000_000,
        currency="KRW",
        amount_jpy=1_100_000,
        tags=("용역",),
    )
