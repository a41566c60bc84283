"""Benchmark: a 3-page ja+en commission contract with a Korean annex.

Prints cold and warm seconds (first render in the process, then the median of 9), wall and CPU
time of this process (steadier on a shared machine), the number of pages, the PDF size,
and the ratio of our warm render to WeasyPrint rendering the same HTML directly (same fetcher,
its own warm font configuration). Targets (issue 4): warm <= 0.8 s, ratio <= 1.1, PDF <= 300 KB.

    .venv/bin/python bench/pdf.py
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import statistics
import time

from llp_gov import create_app


def build_contract():
    from llp_gov.contracts.models import Contract, ContractMilestone, ContractParty
    from llp_gov.contracts.validation import compute_tax

    # Two drafted clauses after which the standard articles, the closing and the signatures
    # fill two pages; the Korean annex is the third.
    ja = "乙は、甲の指示に従い、善良な管理者の注意をもって本業務を遂行する。" * 3
    en = (
        "Party B performs the services with the care of a prudent manager, following Party A's instructions. "
        * 2
    )
    clauses = [
        {"title": {"ja": f"業務内容{i}", "en": f"Services {i}"}, "body": {"ja": ja, "en": en}}
        for i in range(1, 3)
    ]
    tax, incl = compute_tax(45_000_000, "reduced_8")
    contract = Contract(
        id=1,
        number="KLIC-2026-0007",
        year=2026,
        seq=7,
        title="観光DX推進業務",
        contract_type="commission",
        language="ja+en",
        date_style="wareki",
        currency="JPY",
        amount_excl_tax=45_000_000,
        tax_treatment="reduced_8",
        tax_amount=tax,
        amount_incl_tax=incl,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2027, 11, 30),
        signing_date=dt.date(2026, 11, 23),
        court="福岡地方裁判所小倉支部",
        clauses=clauses,
        status="approved",
        details={
            "annexes": [
                {
                    "lang": "ko",
                    "title": "부속서: 서울 지역 연합 협력 사항",
                    "body": "서울지역연합은 한국어 관광 정보의 번역 및 검수를 담당한다. " * 12,
                }
            ]
        },
        created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
    )
    contract.parties = [
        ContractParty(
            position=0,
            kind="counterparty",
            name="北九州市",
            name_en="City of Kitakyushu",
            name_ko="기타큐슈시",
            address="福岡県北九州市小倉北区城内1番1号",
            representative_title="市長",
            representative_name="武内 和久",
        ),
        ContractParty(
            position=1,
            kind="organisation",
            name="北九州国際IT推進有限責任事業組合",
            name_en="Kitakyushu International IT LLP",
            address="福岡県北九州市小倉北区浅野三丁目8番1号",
            representative_title="理事長",
            representative_name="山田 太郎",
        ),
    ]
    contract.milestones = [
        ContractMilestone(
            position=0, due_date=dt.date(2027, 3, 31), amount=22_500_000, description="第1期"
        ),
        ContractMilestone(
            position=1, due_date=dt.date(2027, 11, 30), amount=22_500_000, description="第2期"
        ),
    ]
    return contract


class Org:
    name = "北九州国際IT推進有限責任事業組合"


RUNS = 9
LOAD = os.getloadavg()[0]


def _timed(fn):
    """(wall seconds, CPU seconds of this process), result. On a shared machine the CPU time is
    the steadier figure: the wall time also counts the other processes' turns. The garbage of
    the previous render is collected first, so that it is not billed to this one."""
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - w0, time.process_time() - c0), result


def _median(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _fmt(t) -> str:
    return f"{t[0]:.3f} s wall, {t[1]:.3f} s CPU"


def main() -> None:
    import weasyprint
    from flask import current_app
    from weasyprint.text.fonts import FontConfiguration

    from llp_gov.contracts import printing
    from llp_gov.pdf.fetcher import PackagedFetcher
    from llp_gov.pdf.render import BASE_URL

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"}
    )
    with app.app_context():
        contract = build_contract()
        cold, pdf = _timed(lambda: printing.render_contract_pdf(contract, Org()))
        warm_runs = []
        for _ in range(RUNS):
            t, again = _timed(lambda: printing.render_contract_pdf(contract, Org()))
            warm_runs.append(t)
        assert again == pdf, "not deterministic"
        html = current_app.jinja_env.get_template(printing.TEMPLATES["commission"]).render(
            **printing.print_context(contract, Org())
        )
        font_config = FontConfiguration()

        def direct_render():
            return weasyprint.HTML(
                string=html, base_url=BASE_URL, url_fetcher=PackagedFetcher()
            ).write_pdf(font_config=font_config)

        attachment = json.dumps(
            printing.contract_data(contract), ensure_ascii=False, sort_keys=True, indent=1
        ).encode()

        def direct_archive():
            # WeasyPrint's own PDF/A-3b with the same JSON attached (its stock sRGB intent).
            return weasyprint.HTML(
                string=html, base_url=BASE_URL, url_fetcher=PackagedFetcher()
            ).write_pdf(
                font_config=font_config,
                pdf_variant="pdf/a-3b",
                attachments=[weasyprint.Attachment(string=attachment, name="contract.json")],
                pdf_identifier=True,
            )

        direct_render()  # the first run loads the fonts: compare warm with warm
        # Alternate ours and WeasyPrint's so that a change in the machine's load hits both alike.
        plain_runs, direct_runs, archive_runs, direct_archive_runs = [], [], [], []
        for _ in range(RUNS):
            plain_runs.append(
                _timed(lambda: printing.render_contract_pdf(contract, Org(), archive=False))[0]
            )
            t, direct = _timed(direct_render)
            direct_runs.append(t)
            archive_runs.append(_timed(lambda: printing.render_contract_pdf(contract, Org()))[0])
            direct_archive_runs.append(_timed(direct_archive)[0])
        import pypdfium2

        doc = pypdfium2.PdfDocument(pdf)
        pages = len(doc)
        doc.close()
    warm, plain, direct_warm = (_median(r) for r in (warm_runs, plain_runs, direct_runs))
    archive, direct_archive = _median(archive_runs), _median(direct_archive_runs)
    print(
        f"load average at the start: {LOAD:.2f} ({os.cpu_count()} CPUs); wall s / CPU s of this process"
    )
    print(f"cold render (archived PDF/A-3b, fonts loaded): {_fmt(cold)}")
    print(f"warm render (archived PDF/A-3b + JSON):         {_fmt(warm)}")
    print(f"warm render (plain PDF):                        {_fmt(plain)}")
    print(f"WeasyPrint direct, same HTML (warm):            {_fmt(direct_warm)}")
    print(
        f"ratio plain / direct:                           {plain[0] / direct_warm[0]:.2f} wall, "
        f"{plain[1] / direct_warm[1]:.2f} CPU"
    )
    print(
        f"ratio archived / direct:                        {warm[0] / direct_warm[0]:.2f} wall, "
        f"{warm[1] / direct_warm[1]:.2f} CPU"
    )
    print(f"WeasyPrint direct, PDF/A-3b + the same JSON:    {_fmt(direct_archive)}")
    print(
        f"ratio archived / direct PDF/A-3b (alternated):  {archive[0] / direct_archive[0]:.2f} wall, "
        f"{archive[1] / direct_archive[1]:.2f} CPU"
    )
    print(
        f"PDF size (archived): {len(pdf) / 1024:.1f} KB; direct: {len(direct) / 1024:.1f} KB; pages: {pages}"
    )


if __name__ == "__main__":
    main()
