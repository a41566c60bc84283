"""Build the pages' web fonts: subset WOFF2 files from the fonts the PDFs bundle.

    .venv/bin/python scripts/build_webfonts.py

Writes llp_gov/static/fonts/{ja-regular,ko-regular,ko-bold}.woff2 (committed; rerun after
adding text in a new script). Japanese: IPAex Gothic (IPA Font License; one weight only, so
bold Japanese is the browser's synthetic bold) with ASCII, Latin-1, general punctuation, CJK
symbols, kana, full-width forms, every kanji of cp932 (JIS X 0208 levels 1 and 2, which the
ledger's exports bound the text to, and the NEC/IBM extensions that names use: 髙, 﨑, ㈱) and
every character of the project's catalogs, templates and demo data. Korean: Nanum Gothic and
Nanum Gothic Bold (SIL OFL) with the same Latin and punctuation, the 2,350 Hangul syllables of
KS X 1001, the compatibility jamo and every character of the sources. llp_gov/static/app.css
names each file with its unicode-range, so a browser downloads a file only for a page that
needs its characters; tests/pages/test_webfonts.py checks the subsets cover the pages' text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "llp_gov" / "pdf" / "fonts"
OUT = ROOT / "llp_gov" / "static" / "fonts"

COMMON = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x100))
    + list(range(0x2000, 0x2070))  # general punctuation
    + list(range(0x2100, 0x2200))  # letterlike, arrows
    + list(range(0x2460, 0x24FF))  # circled numbers
    + list(range(0x25A0, 0x2600))  # shapes
    + list(range(0x3000, 0x3040))  # CJK symbols and punctuation
    + list(range(0xFF00, 0xFFF0))  # full-width forms
)


def _encodable(codec: str, ranges) -> list[int]:
    out = []
    for cp in ranges:
        try:
            chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        out.append(cp)
    return out


def _source_chars() -> set[int]:
    chars: set[int] = set()
    globs = ["llp_gov/**/*.po", "templates/**/*.html", "llp_gov/**/demo.py", "llp_gov/demo/*.py"]
    for pattern in globs:
        for path in ROOT.glob(pattern):
            chars |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x80}
    return chars


def build(source: str, target: str, codepoints: set[int]) -> tuple[int, int]:
    font = TTFont(FONTS / source)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # smaller; browsers hint CJK outlines poorly anyway
    cmap = font.getBestCmap()
    wanted = sorted(cp for cp in codepoints if cp in cmap)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    OUT.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(OUT / target)
    return len(wanted), (OUT / target).stat().st_size


def main() -> int:
    extra = _source_chars()
    # cp932, not only JIS X 0208: names are written with the NEC/IBM extension kanji (髙, 﨑)
    # and ㈱, and users type them into titles and the register.
    kanji = _encodable(
        "cp932", [*range(0x3200, 0x3300), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]
    )
    kana = list(range(0x3040, 0x3100)) + list(range(0x31F0, 0x3200))
    ja = set(COMMON) | set(kana) | set(kanji) | {c for c in extra if c < 0xAC00 or c > 0xD7A3}
    hangul = _encodable("euc_kr", range(0xAC00, 0xD7A4))
    ko = set(COMMON) | set(hangul) | set(range(0x3130, 0x3190)) | extra
    ko -= set(range(0x3040, 0x3100))  # kana are the Japanese font's
    for source, target, points in [
        ("ipaexg.ttf", "ja-regular.woff2", ja),
        ("NanumGothic.ttf", "ko-regular.woff2", ko),
        ("NanumGothicBold.ttf", "ko-bold.woff2", ko),
    ]:
        count, size = build(source, target, points)
        print(f"{target}: {count} characters, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
