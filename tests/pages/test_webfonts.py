"""The packaged web fonts cover what the pages show: every Japanese or Korean character of the
catalogs, the page templates and the demo data falls in a face's unicode-range (so no system
fallback is asked for it) and that face's subset has a glyph for it (no box)."""

from __future__ import annotations

import re
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "llp_gov" / "static"
FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}", re.S)
# Scripts no Latin system font draws: kana, CJK symbols and ideographs, Hangul, full-width forms.
CJK = re.compile(
    "[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u31f0-\u32ff\u4e00-\u9fff"
    "\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]"
)


def _faces() -> list[dict]:
    faces = []
    for match in FACE.finditer((STATIC / "app.css").read_text(encoding="utf-8")):
        body = match["body"]
        ranges = []
        for part in re.search(r"unicode-range:([^;]+);", body).group(1).split(","):
            lo, _, hi = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        faces.append(
            {
                "family": re.search(r'font-family:"([^"]+)"', body).group(1),
                "file": re.search(r'url\("([^"]+)"\)', body).group(1),
                "weight": re.search(r"font-weight:(\d+)", body).group(1),
                "ranges": ranges,
            }
        )
    return faces


def _page_text() -> str:
    paths = [
        *ROOT.glob("llp_gov/**/translations/*/LC_MESSAGES/messages.po"),
        *(p for p in ROOT.glob("templates/**/*.html") if "pdf" not in p.parts),
        *ROOT.glob("llp_gov/**/demo.py"),
        *ROOT.glob("llp_gov/demo/*.py"),
    ]
    return "".join(p.read_text(encoding="utf-8") for p in paths)


def test_every_japanese_and_korean_character_of_the_pages_has_a_packaged_glyph():
    faces = _faces()
    assert {(f["family"], f["weight"]) for f in faces} >= {
        ("LLP Gothic JA", "400"),
        ("LLP Gothic KO", "400"),
        ("LLP Gothic KO", "700"),
    }
    needed = set(CJK.findall(_page_text())) | set("髙﨑㈱")  # names users type
    assert len(needed) > 800  # the catalogs were read
    missing = {}
    for face in faces:
        cmap = TTFont(STATIC / face["file"]).getBestCmap()
        mine = {c for c in needed if any(lo <= ord(c) <= hi for lo, hi in face["ranges"])}
        if lacking := "".join(sorted(c for c in mine if ord(c) not in cmap)):
            missing[face["file"]] = lacking
    assert not missing, missing
    ranges = [r for face in faces for r in face["ranges"]]
    unserved = sorted(c for c in needed if not any(lo <= ord(c) <= hi for lo, hi in ranges))
    assert not unserved, unserved


def test_every_kanji_a_shift_jis_export_accepts_is_in_the_japanese_subset():
    cmap = TTFont(STATIC / "fonts" / "ja-regular.woff2").getBestCmap()
    lacking = []
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("cp932")
        except UnicodeEncodeError:
            continue
        if cp not in cmap:
            lacking.append(chr(cp))
    assert not lacking, "".join(lacking)
