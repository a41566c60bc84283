"""Benchmark: OCR of a 3-page Japanese scan (a multi-page TIFF drawn with the packaged IPAex font).

Runs our entry point (llp_gov.documents.ocr.ocr_bytes: `python -m ocrmypdf` as a child with the
configured languages, --output-type pdf, --optimize 0, --jobs 1) and raw `ocrmypdf` with the same
options on the same file, alternated. Prints per run: pages per minute (wall), CPU seconds of the
children, peak memory (max RSS of a child, MB), and the load average before and after.

    .venv/bin/python bench/ocr.py [--runs 2] [--languages jpn+jpn_vert+kor+eng]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from llp_gov import create_app

FONT = Path(__file__).resolve().parents[1] / "llp_gov" / "pdf" / "fonts" / "ipaexm.ttf"
LINES = [
    "有限責任事業組合契約書",
    "第1条 組合員は、共同で営利を目的とする事業を営むことを約する。",
    "第2条 本組合の名称は、九州ソウル開発有限責任事業組合とする。",
    "第3条 組合員は、出資の価額に応じて損益を分配する。",
    "甲 髙橋システム株式会社  乙 株式会社ソウル商事",
    "契約番号 KX-2026-0042  金額 1,200,000円",
]


def scan(pages: int = 3) -> bytes:
    """A 300 dpi grey A4 scan of `pages` pages of Japanese contract text."""
    font = ImageFont.truetype(str(FONT), 42)
    images = []
    for p in range(pages):
        im = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(im)
        for i in range(30):
            draw.text((180, 200 + i * 100), LINES[(i + p) % len(LINES)], font=font, fill=0)
        images.append(im)
    out = io.BytesIO()
    images[0].save(
        out, "TIFF", save_all=True, append_images=images[1:], dpi=(300, 300), compression="tiff_lzw"
    )
    return out.getvalue()


def children_usage():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime, u.ru_maxrss / 1024


def run_raw(data: bytes, languages: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.tif", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ocrmypdf",
                "--quiet",
                "-l",
                languages,
                "--output-type",
                "pdf",
                "--optimize",
                "0",
                "--jobs",
                "1",
                "--image-dpi",
                "300",
                str(src),
                str(dst),
            ],
            check=True,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--languages", default="jpn+jpn_vert+kor+eng")
    args = parser.parse_args()
    app = create_app()
    app.config["OCR_LANGUAGES"] = args.languages
    data = scan(3)
    print(f"scan: 3 pages, {len(data) / 1024:.0f} KB TIFF, languages {args.languages}")
    print(f"load average before: {os.getloadavg()}")
    from llp_gov.documents import extract, ocr

    with app.app_context():
        for run in range(args.runs):
            for name in ("ours", "raw ocrmypdf"):
                cpu0, _ = children_usage()
                t0 = time.perf_counter()
                if name == "ours":
                    pdf = ocr.ocr_bytes(data)
                    found = extract.extract(pdf, "application/pdf").text
                else:
                    run_raw(data, args.languages)
                    found = None
                wall = time.perf_counter() - t0
                cpu1, peak = children_usage()
                extra = ""
                if found is not None:
                    extra = (
                        f", text found: {'有限責任事業組合' in found and 'KX-2026-0042' in found}"
                    )
                print(
                    f"run {run + 1} {name:13s}: {3 / wall * 60:6.2f} pages/min, wall {wall:6.1f} s, "
                    f"child CPU {cpu1 - cpu0:6.1f} s, peak child RSS so far {peak:6.0f} MB{extra}"
                )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
