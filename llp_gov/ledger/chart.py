"""The chart of accounts: seeded with the usual Japanese small-business titles (勘定科目), one
capital account per partner."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import readcache
from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger.models import ACCOUNT_TYPES, INCOME_CATEGORIES, Account
from llp_gov.partners.models import Partner

CASH = "112"
PROPERTY = "170"
WITHHOLDING = "230"
CAPITAL_PREFIX = "3"

# (code, 日本語, English, 한국어, type, income category)
SEED = [
    ("111", "現金", "Cash", "현금", "asset", None),
    (CASH, "普通預金", "Ordinary deposits", "보통예금", "asset", None),
    ("135", "売掛金", "Accounts receivable", "외상매출금", "asset", None),
    ("150", "前払費用", "Prepaid expenses", "선급비용", "asset", None),
    (PROPERTY, "工具器具備品", "Tools, furniture and fixtures", "공구기구비품", "asset", None),
    ("210", "買掛金", "Accounts payable", "외상매입금", "liability", None),
    ("220", "未払金", "Other payables", "미지급금", "liability", None),
    (WITHHOLDING, "預り金", "Withholding tax payable", "예수금", "liability", None),
    ("240", "借入金", "Borrowings", "차입금", "liability", None),
    ("410", "受託収入", "Commission revenue", "수탁수익", "revenue", "business"),
    ("415", "売上高", "Sales", "매출액", "revenue", "business"),
    ("420", "受取利息", "Interest received", "이자수익", "revenue", "interest"),
    ("430", "受取配当金", "Dividends received", "배당금수익", "revenue", "dividends"),
    ("440", "受取家賃", "Rent received", "임대료수익", "revenue", "real_estate"),
    (
        "450",
        "固定資産売却益",
        "Gain on sale of fixed assets",
        "유형자산처분이익",
        "revenue",
        "capital_gains",
    ),
    ("490", "雑収入", "Miscellaneous income", "잡수익", "revenue", "other"),
    ("510", "外注費", "Subcontracting costs", "외주비", "expense", "business"),
    ("520", "旅費交通費", "Travel expenses", "여비교통비", "expense", "business"),
    ("530", "通信費", "Communication expenses", "통신비", "expense", "business"),
    ("540", "支払手数料", "Fees paid", "지급수수료", "expense", "business"),
    ("550", "会議費", "Meeting expenses", "회의비", "expense", "business"),
    ("560", "消耗品費", "Supplies", "소모품비", "expense", "business"),
    ("570", "租税公課", "Taxes and dues", "세금과공과", "expense", "business"),
    ("580", "支払利息", "Interest paid", "이자비용", "expense", "business"),
    ("599", "雑費", "Miscellaneous expenses", "잡비", "expense", "business"),
]


def capital_code(partner) -> str:
    return (
        f"{CAPITAL_PREFIX}{partner.position:03d}" if partner.position < 1000 else f"3P{partner.id}"
    )


def _missing(organisation) -> list[Account]:
    """The accounts the organisation lacks, not added to the session: the seeded chart when it
    has none, and a capital account for each partner of the register without one."""
    existing = {
        a.code: a
        for a in db.session.scalars(
            select(Account).where(Account.organisation_id == organisation.id)
        )
    }
    out = []
    if not existing:
        out += [
            Account(
                organisation_id=organisation.id, code=code, name=name, name_en=en,
                name_ko=ko, type=kind, income_category=category,
            )
            for code, name, en, ko, kind, category in SEED
        ]  # fmt: skip
    have_capital = {a.partner_id for a in existing.values() if a.partner_id}
    partners = db.session.scalars(
        select(Partner)
        .where(Partner.organisation_id == organisation.id)
        .order_by(Partner.position, Partner.id)
    )
    for partner in partners:
        if partner.id in have_capital:
            continue
        code = capital_code(partner)
        if code in existing:
            code = f"3P{partner.id}"
        out.append(
            Account(
                organisation_id=organisation.id,
                code=code,
                type="capital",
                partner_id=partner.id,
                name=f"出資金 {partner.name}"[:100],
                name_en=f"Capital: {partner.name_en or partner.name}"[:100],
                name_ko=f"출자금 {partner.name_ko or partner.name}"[:100],
            )
        )
    return out


def ensure_chart(organisation) -> None:
    """Seed the chart once and give every partner of the register its capital account. Called
    by the services that write (posting, accounts, closing), never by a read: pages and exports
    read what exists (`accounts`) or what would be seeded (`list_accounts`)."""
    created = _missing(organisation)
    if created:
        db.session.add_all(created)
        db.session.flush()
        audit.record(
            tag="ledger:chart:seed",
            organisation_id=organisation.id,
            target_type="ledger_accounts",
            target_id=organisation.id,
            diff={"codes": [None, [a.code for a in created]]},
        )


def accounts(organisation) -> list[Account]:
    """The organisation's accounts in code order (one query per request: read helpers share it)."""
    return readcache.cached(
        ("ledger.accounts", organisation.id),
        lambda: list(
            db.session.scalars(
                select(Account)
                .where(Account.organisation_id == organisation.id)
                .order_by(Account.code)
            )
        ),
    )


def list_accounts(*, actor, organisation) -> list[Account]:
    """The chart of accounts in code order, including those the first write will seed (the
    standard chart of a new organisation, a new partner's capital account): those are not
    stored by reading (they have no id yet). Raises PermissionDenied."""
    policy.require(actor, organisation, "ledger:read")
    return sorted([*accounts(organisation), *_missing(organisation)], key=lambda a: a.code)


def by_code(organisation, code: str) -> Account | None:
    """The organisation's account with `code`, or None (nothing is seeded)."""
    return db.session.execute(
        select(Account).where(Account.organisation_id == organisation.id, Account.code == code)
    ).scalar_one_or_none()


def find_capital_account(organisation, partner) -> Account | None:
    """The partner's capital account, or None before the first write seeds it (for reads)."""
    return db.session.execute(
        select(Account).where(
            Account.organisation_id == organisation.id, Account.partner_id == partner.id
        )
    ).scalar_one_or_none()


def capital_account(organisation, partner) -> Account:
    """The partner's capital account, seeded when missing (for services that write)."""
    ensure_chart(organisation)
    return db.session.execute(
        select(Account).where(
            Account.organisation_id == organisation.id, Account.partner_id == partner.id
        )
    ).scalar_one()


def create_account(
    *, actor, organisation, code, name, type, name_en=None, name_ko=None, income_category=None
) -> Account:
    """Add an account title (capital accounts are created per partner, not by hand)."""
    policy.require(actor, organisation, "ledger:post")
    ensure_chart(organisation)
    errors = {}
    code = (code or "").strip()
    name = (name or "").strip()
    if not code or len(code) > 12 or not code.isalnum():
        errors["code"] = _("Use up to 12 letters or digits.")
    elif by_code(organisation, code):
        errors["code"] = _("This account code is already used.")
    if not name or len(name) > 100:
        errors["name"] = _("Give a name of at most 100 characters.")
    if type not in ACCOUNT_TYPES or type == "capital":
        errors["type"] = _("Choose asset, liability, revenue or expense.")
    if type in ("revenue", "expense"):
        if income_category not in INCOME_CATEGORIES:
            errors["income_category"] = _("Choose the income category of this account.")
    elif income_category:
        errors["income_category"] = _("Only revenue and expense accounts have an income category.")
    if errors:
        raise ValidationError(**errors)
    account = Account(
        organisation_id=organisation.id,
        code=code,
        name=name,
        name_en=name_en or None,
        name_ko=name_ko or None,
        type=type,
        income_category=income_category or None,
    )
    db.session.add(account)
    audit.record(
        tag="ledger:account:create",
        actor=actor,
        organisation_id=organisation.id,
        target=account,
        diff={"code": [None, code], "name": [None, name], "type": [None, type]},
    )
    return account
