"""The seed's story: the Kitakyushu league (klic) and its partner league in Seoul (sicam)."""

import datetime as dt
from typing import Any

from llp_gov.partners.identifiers import corporate_number_check_digit, kr_business_check_digit


def corporate_number(base12: str) -> str:
    return f"{corporate_number_check_digit(base12)}{base12}"


def kr_number(first9: str) -> str:
    d = f"{first9}{kr_business_check_digit(first9)}"
    return f"{d[:3]}-{d[3:5]}-{d[5:]}"


# The organisations' fields as create_organisation takes them (strings, dates, settings).
KLIC: dict[str, Any] = {
    "slug": "klic",
    "legal_form": "jp_llp",
    "name": "北九州国際IT推進有限責任事業組合",
    "name_en": "Kitakyushu League of International IT Companies LLP",
    "name_ko": "기타큐슈 국제 IT 추진 유한책임사업조합",
    "office_address": "福岡県北九州市小倉北区浅野三丁目8番1号",
    "business_purpose": "組合員の共同による情報システムの受託開発、共同提案、人材育成及び韓国との技術交流・貿易",
    "effective_date": dt.date(2024, 4, 1),
    "end_date": dt.date(2034, 3, 31),
    "fiscal_year_start_month": 4,
    "settings": {
        # The agreement delegates project approval to the chairman (Act 12(1)).
        "chairman_approves_projects": True,
        "important_property_threshold": 5_000_000,
        "large_borrowing_threshold": 10_000_000,
    },
}

# Each founding partner's part in executing the business (Act 13: every partner takes part).
KLIC_ROLES = (
    "業務の統括及び対外折衝（理事長）",
    "共同提案及び営業",
    "会計及び組合財産の管理",
    "情報システムの受託開発及び人材育成",
)

# (name, kana, English, Korean, address, representative, executing person)
KLIC_PARTNERS = [
    (
        "株式会社小倉システム開発",
        "オグラシステムカイハツ",
        "Kokura System Development Co., Ltd.",
        "고쿠라 시스템 개발 주식회사",
        "福岡県北九州市小倉北区京町二丁目1番1号",
        "代表取締役 山本 健一",
        "山本 健一",
    ),
    (
        "株式会社門司港ソフトウェア",
        "モジコウソフトウェア",
        "Mojiko Software Inc.",
        "모지코 소프트웨어 주식회사",
        "福岡県北九州市門司区港町5番3号",
        "代表取締役 田中 美咲",
        "田中 美咲",
    ),
    (
        "八幡データサービス株式会社",
        "ヤハタデータサービス",
        "Yahata Data Service Co., Ltd.",
        "야하타 데이터 서비스 주식회사",
        "福岡県北九州市八幡東区東田一丁目4番2号",
        "代表取締役 佐藤 浩二",
        "佐藤 浩二",
    ),
    (
        "株式会社若松ネットワークス",
        "ワカマツネットワークス",
        "Wakamatsu Networks Inc.",
        "와카마쓰 네트웍스 주식회사",
        "福岡県北九州市若松区本町三丁目7番10号",
        "代表取締役 中村 由美",
        "中村 由美",
    ),
    (
        "戸畑情報技術株式会社",
        "トバタジョウホウギジュツ",
        "Tobata Information Technology Co., Ltd.",
        "도바타 정보기술 주식회사",
        "福岡県北九州市戸畑区新池一丁目2番5号",
        "代表取締役 小林 大輔",
        "小林 大輔",
    ),
    (
        "株式会社黒崎クラウド",
        "クロサキクラウド",
        "Kurosaki Cloud Inc.",
        "구로사키 클라우드 주식회사",
        "福岡県北九州市八幡西区黒崎三丁目9番22号",
        "代表取締役 加藤 直樹",
        "加藤 直樹",
    ),
    (
        "株式会社小倉南ラボ",
        "コクラミナミラボ",
        "Kokura-Minami Lab Inc.",
        "고쿠라미나미 랩 주식회사",
        "福岡県北九州市小倉南区徳力新町二丁目3番1号",
        "代表取締役 吉田 真理子",
        "吉田 真理子",
    ),
    (
        "関門デジタル株式会社",
        "カンモンデジタル",
        "Kanmon Digital Co., Ltd.",
        "간몬 디지털 주식회사",
        "福岡県北九州市門司区西海岸一丁目6番2号",
        "代表取締役 山田 隆",
        "山田 隆",
    ),
    (
        "株式会社ひびきのAI",
        "ヒビキノエーアイ",
        "Hibikino AI Inc.",
        "히비키노 AI 주식회사",
        "福岡県北九州市若松区ひびきの2番1号",
        "代表取締役 松本 彩",
        "松本 彩",
    ),
    (
        "紫川ソリューションズ株式会社",
        "ムラサキガワソリューションズ",
        "Murasakigawa Solutions Co., Ltd.",
        "무라사키가와 솔루션즈 주식회사",
        "福岡県北九州市小倉北区室町一丁目1番1号",
        "代表取締役 井上 誠",
        "井上 誠",
    ),
    (
        "株式会社皿倉テック",
        "サラクラテック",
        "Sarakura Tech Inc.",
        "사라쿠라 테크 주식회사",
        "福岡県北九州市八幡東区尾倉二丁目8番3号",
        "代表取締役 木村 恵",
        "木村 恵",
    ),
    (
        "株式会社玄海インフォメーション",
        "ゲンカイインフォメーション",
        "Genkai Information Inc.",
        "겐카이 인포메이션 주식회사",
        "福岡県北九州市小倉北区米町一丁目4番17号",
        "代表取締役 林 誠司",
        "林 誠司",
    ),
]

SICAM: dict[str, Any] = {
    "slug": "sicam",
    "legal_form": "other",
    "name": "서울 국제 IT 협력 조합",
    "name_en": "Seoul International IT Cooperation Association",
    "name_ko": "서울 국제 IT 협력 조합",
    "office_address": "서울특별시 중구 세종대로 110",
    "business_purpose": "회원사 공동 IT 사업 및 기타큐슈 연맹과의 기술 교류",
    "effective_date": dt.date(2023, 1, 1),
    "end_date": dt.date(2032, 12, 31),
    "fiscal_year_start_month": 1,
    "settings": {},
}

# (name, English, address, representative)
SICAM_PARTNERS = [
    (
        "주식회사 한강소프트",
        "Hangang Soft Co., Ltd.",
        "서울특별시 영등포구 여의대로 24",
        "대표이사 김민준",
    ),
    ("주식회사 남산데이터", "Namsan Data Inc.", "서울특별시 용산구 후암로 35", "대표이사 이서연"),
    (
        "주식회사 종로시스템",
        "Jongno Systems Co., Ltd.",
        "서울특별시 종로구 종로 33",
        "대표이사 박지훈",
    ),
]


def klic_corporate_numbers() -> list[str]:
    # Fictional 12-digit registry numbers of the Fukuoka legal affairs bureau's Kitakyushu branch.
    return [corporate_number(f"2900010{n:05d}") for n in range(1011, 1011 + 12 * 37, 37)]


def sicam_business_numbers() -> list[str]:
    return [kr_number(f"{n}") for n in ("220816251", "105871234", "214869876")]
