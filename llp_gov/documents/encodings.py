"""Which encoding a plain-text file is in: chosen by validity and script plausibility.

The files these users meet: UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS (cp932,
including half-width katakana from bank and payroll systems), EUC-JP, ISO-2022-JP (JIS mail),
EUC-KR / cp949 (UHC). The legacy double-byte encodings overlap: cp932 half-width katakana bytes
decode as Hangul in cp949, EUC-JP kanji decode as Hangul, EUC-KR Hangul decode as kanji. So every
candidate that decodes strictly is scored by how plausible its text is as Japanese, Korean or
English (kana in Japanese prose, spaces between Korean words, well-formed half-width katakana,
no Hangul and hanja interleaved inside a word, no compatibility jamo or private-use characters),
with a small preference for the organisation's languages. charset-normalizer supplies the
frequency tables and ranks any remaining tie. No candidate plausible → None: the caller stores
the version as `failed` with the list of what was tried, never mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer.constant import FREQUENCIES

# (codec, name shown to people), in the order tried.
CANDIDATES = (
    ("utf_8", "UTF-8"),
    ("cp932", "Shift_JIS (cp932)"),
    ("euc_jp", "EUC-JP"),
    ("iso2022_jp", "ISO-2022-JP"),
    ("cp949", "EUC-KR (cp949)"),
)
TRIED = ", ".join(
    [name for _, name in CANDIDATES] + ["UTF-16 (with BOM)"]
)  # for the failure message

_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")
_DAKUTEN_OK = set("ｳｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ")
_HANDAKUTEN_OK = set("ﾊﾋﾌﾍﾎ")
# Hangul syllables common in Korean prose (the most frequent in this project's Korean texts):
# a cp949 reading of Japanese bytes is mostly rare syllables such as 쮜 뀨 좨 돨.
_KO_COMMON = set(FREQUENCIES["Korean"]) | set(
    "다니이합조하의습자입시수원는로사요일기세가을를서계결분에정없오액약십력지비은대할한출제명용업장인상어개전금항중록소있택트재선율했법호된되거행과도만목표유프산배번처젝래료나적필성직변"
    "내드연작저무문엔초종미또경태보알익현본그아않손주해으스당부류차파승리회됨마역체구동위야집등새감밀모청여반규납른관화권간건안형음각효발날식와었통취철임칭추고국편짜토영속바텍준버것검너"
    "참게칙메큰까올별탈퇴후같려았환함생허타코신든순뿐방외책실면최증닙색됩범평먼확름르언두불치완톤득공단급며포숫터월값및절크양많련읽잔예말능열람담존라우설따황찾격폐진견앞찬림채운천징글님"
    "뒤활페돌복객충누락근접슬러깁템곳탁맞첨귀잉므늘노큽심패워암브첫데족옵헤더냅웃잘못릅낸친잠횟몇픈교란품렬들씩억느칠낮년특셉될때벗곧삭총둘커히꿀갑레킬캔섭점끌놓램립쉼압축넘"
    "민국울별강남북동서김박최"
)
# Kanji common in Japanese business text (the most frequent in this project's Japanese texts).
_JA_COMMON = (
    set(FREQUENCIES["Japanese"])
    | set("のはがをにでとしたてるいうなか")
    | set(
        "合組員入日決額約力契事議書分資出名取記項要割金選録法者理以定文表業済数配限字必条語行引不期訳先認年度開仕目加上了始意存円類有効内付込保帳益払用号除下明産計件承財正未由同損消方所国締"
        "税代適当変更新整対一総算現任可使終通署在人登番状中借務成長本態権編集超織別責称役時載各発案択価指作英韓形間満種参修貨持規則費既戻過脱退他請多覧区版外続式象試待重受解純全勘貸収確住月"
        "次致自関異範囲評科結草生言見場後須読申第裁得前委検索知簿差職執実追個再示及手無属信依頼連替性束残高銭末能単位大抜閲会担管又査値況格求証含切回小幹社却完経処提棄点票賛基準照少源泉徴失"
        "支予題課抽空桁設容許詳細列絞居送半操身化構施止概共託展肢密履反添剰余来般採移繰越控負台減摘利為非労市順例氏和暦審換欄体壊従監今識初部型応去頭様略根拠的矛盾角籍注交流製品地域情報貿易"
        "研機並句留譲散果億否係将特願削誤訂振調推直預債万子母両増備考古首原弥最動捨等相甲轄判端輸免令覚秘軽率達起足複西敗積制暗歴"
        "髙橋佐藤鈴木田中渡辺伊山本中村小林加吉松井上木林清水森池"
    )
)
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Guess:
    codec: str | None  # None: nothing plausible
    text: str = ""
    language: str | None = None  # "ja", "ko" or None (Latin only)


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _is_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff"


def plausibility(text: str, languages=("ja", "ko", "en")) -> tuple[float, str | None]:
    """A score in about [-5, 1.2] (higher is more plausible) and the language it reads as."""
    if not text:
        return 1.0, None
    n = len(text)
    bad = len(_BAD.findall(text))
    hangul = sum(1 for c in text if _is_hangul(c))
    kana = sum(1 for c in text if _is_kana(c))
    han = sum(1 for c in text if _is_han(c))
    halfwidth = sum(len(m) for m in _HALFWIDTH_KANA.findall(text))
    jamo = sum(1 for c in text if "\u3130" <= c <= "\u318f")
    other = sum(
        1
        for c in text
        if not c.isascii()
        and not (_is_hangul(c) or _is_kana(c) or _is_han(c) or "\uff61" <= c <= "\uff9f")
        and unicodedata.category(c)[0] not in "PZ"
        and not ("\uff01" <= c <= "\uff5e")  # full-width ASCII
    )
    score = 1.0 - (5 * bad + 2 * jamo + other) / n
    language = None
    cjk = hangul + kana + han + halfwidth
    if cjk:
        if hangul >= kana + halfwidth and hangul:
            language = "ko"
            # Hangul and hanja interleaved inside one word: EUC-JP or cp932 read as cp949.
            mixed = len(
                re.findall(r"[\uac00-\ud7a3][\u4e00-\u9fff]|[\u4e00-\u9fff][\uac00-\ud7a3]", text)
            )
            score -= 3 * mixed / max(hangul, 1)
            # Korean separates words with spaces; a long run of syllables without one is not prose.
            runs = re.findall(r"[\uac00-\ud7a3]+", text)
            long_runs = sum(len(r) for r in runs if len(r) > 8)
            score -= long_runs / max(hangul, 1)
            common = sum(1 for c in text if c in _KO_COMMON)
            score -= 1.2 * (1 - common / hangul)
        else:
            language = "ja"
            if halfwidth:
                # Half-width katakana is a legacy form: a tie with another reading loses.
                score -= 0.1 + 2 * _malformed_halfwidth(text) / halfwidth
            if han and not kana and not halfwidth and han >= 3:
                # Kanji with no kana at all: maybe EUC-KR Hangul read as EUC-JP.
                score -= 0.2
            if han:
                common = sum(1 for c in text if c in _JA_COMMON)
                score -= 0.6 * (1 - common / han)
        if language not in languages:
            score -= 0.05  # a tie-breaker: every organisation has Korean and Japanese users
    return score, language


def _malformed_halfwidth(text: str) -> int:
    """Voiced marks (ﾞ ﾟ) after a kana that cannot take them, or at the start of a run."""
    bad = 0
    for run in _HALFWIDTH_KANA.findall(text):
        for i, c in enumerate(run):
            allowed = _DAKUTEN_OK if c == "ﾞ" else _HANDAKUTEN_OK if c == "ﾟ" else None
            if allowed is not None and (i == 0 or run[i - 1] not in allowed):
                bad += 1
    return bad


def guess(data: bytes, languages=("ja", "ko", "en")) -> Guess:
    """The most plausible decoding of `data`, or Guess(None) when none is plausible."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _guess_one(data.decode("utf_8_sig"), "utf_8_sig", languages)
        except UnicodeDecodeError:
            return Guess(None)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _guess_one(data.decode("utf_16"), "utf_16", languages)
        except UnicodeDecodeError:
            return Guess(None)
    if b"\x00" in data:
        return Guess(None)
    if b"\x1b$" in data and data.isascii():
        try:  # JIS (ISO-2022-JP) mail text is 7-bit with escape sequences
            return _guess_one(data.decode("iso2022_jp"), "iso2022_jp", languages)
        except UnicodeDecodeError:
            pass
    scored: list[tuple] = []
    for codec, _name in CANDIDATES:
        if codec == "iso2022_jp" and b"\x1b" not in data:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf_8":
            # Valid UTF-8 with non-ASCII bytes is practically never another encoding.
            return _guess_one(text, codec, languages)
        if codec != "iso2022_jp" and data.isascii():
            continue  # plain ASCII was answered by UTF-8 already
        score, language = plausibility(text, languages)
        scored.append((score, -len(scored), codec, text, language))
    if not scored:
        return Guess(None)
    score, _, codec, text, language = max(scored)
    if score < MIN_SCORE:
        return Guess(None)
    return Guess(codec, text, language)


def _guess_one(text: str, codec: str, languages) -> Guess:
    score, language = plausibility(text, languages)
    if score < MIN_SCORE:
        return Guess(None)
    return Guess(codec, text, language)


def looks_binary(data: bytes) -> bool:
    """Bytes no text encoding of ours produces (NUL without a UTF-16 BOM, many C0 controls)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls > len(head) // 100 + 1
