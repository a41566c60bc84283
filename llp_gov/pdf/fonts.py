"""The fonts that ship with llp-gov, so that PDFs never depend on the machine's fonts.

IPAex Gothic/Mincho (IPA Font License v1.0) cover Japanese and Latin; Nanum Gothic/Myeongjo
(SIL OFL 1.1) cover Korean. Licence texts are beside the files. Each face is declared under a
family name no system font uses ("LLPGov ..."), so fontconfig can never substitute a local font.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"


@dataclass(frozen=True)
class FontFace:
    family: str
    filename: str
    weight: int
    postscript_name: str


FACES = (
    FontFace("LLPGov Gothic JP", "ipaexg.ttf", 400, "IPAexGothic"),
    FontFace("LLPGov Mincho JP", "ipaexm.ttf", 400, "IPAexMincho"),
    FontFace("LLPGov Gothic KR", "NanumGothic.ttf", 400, "NanumGothic"),
    FontFace("LLPGov Gothic KR", "NanumGothicBold.ttf", 700, "NanumGothicBold"),
    FontFace("LLPGov Myeongjo KR", "NanumMyeongjo.ttf", 400, "NanumMyeongjo"),
)

# WeasyPrint names an embedded font after its family ("ABCDEF+LLPGov-Gothic-JP-Bold"); a PDF
# with any font not named after one of these families used a font of the machine.
PACKAGED_FAMILIES = frozenset(face.family for face in FACES)


def is_packaged_font_name(pdf_font_name: str) -> bool:
    """Whether an embedded PDF font name (subset prefix allowed) is one of our families."""
    name = pdf_font_name.lstrip("/").split("+", 1)[-1]
    return any(
        name == family.replace(" ", "-") or name.startswith(family.replace(" ", "-") + "-")
        for family in PACKAGED_FAMILIES
    )


FONT_URL_PREFIX = "llpgov:fonts/"


def font_face_css() -> str:
    """Return the @font-face rules for every packaged face."""
    rules = []
    for face in FACES:
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; font-weight: {face.weight}; "
            f"font-style: normal; src: url('{FONT_URL_PREFIX}{face.filename}') format('truetype'); }}"
        )
    return "\n".join(rules)
