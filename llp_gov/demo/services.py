"""Load the demo data through the services, so that it is validated and audited like real data."""

from __future__ import annotations

import importlib
import secrets
from pathlib import Path

from sqlalchemy import func, select

from llp_gov.auth import services as auth
from llp_gov.demo import data
from llp_gov.extensions import db
from llp_gov.orgs import services as orgs
from llp_gov.orgs.models import Organisation
from llp_gov.partners import services as partners

# Later domains add their demo data here, in dependency order; each module has load(ctx).
DOMAIN_DEMOS = ("documents", "ledger", "contracts", "projects", "resolutions", "invoices")


def is_empty() -> bool:
    """True when the database has no organisation yet (`flask demo load` loads only then)."""
    return db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def _user(email: str, name: str, password: str, locale: str | None = None):
    return auth.create_user(actor=None, email=email, name=name, password=password, locale=locale)


def load(password: str | None = None) -> dict:
    """Create both demo organisations (KLIC, a Japanese LLP, and SICAM, a Korean association)
    with their partners, users and each domain's demo data (DOMAIN_DEMOS, in order), all
    through the services, so it is validated and audited like real data; the caller commits.

    `password` is every demo user's password (a random one when None). Returns the context
    handed to the domains' demo loaders (organisations, partners, users, password). Raises
    ValidationError if a service refuses the data (a bug in the demo data)."""
    password = password or secrets.token_urlsafe(9)
    admin = _user("admin@klic.example", "事務局 管理者", password)
    admin.is_superadmin = True
    # The founding register is entered before the agreement takes effect (Act 3(1), 24): the
    # effective date is recorded once the founding partners are on it.
    klic = orgs.create_organisation(actor=admin, **(data.KLIC | {"effective_date": None}))
    chairman = _user("chairman@klic.example", "山本 健一", password)
    member = _user("member@klic.example", "田中 美咲", password)
    accountant = _user("accountant@klic.example", "佐藤 浩二", password)
    orgs.set_membership(actor=None, organisation=klic, user=admin, role="admin")
    orgs.set_membership(actor=None, organisation=klic, user=chairman, role="chairman")
    orgs.set_membership(actor=None, organisation=klic, user=member, role="member")
    orgs.set_membership(actor=None, organisation=klic, user=accountant, role="accountant")
    reps = [chairman, member, accountant]
    for i, row in enumerate(data.KLIC_PARTNERS[3:], start=4):
        user = _user(f"rep{i:02d}@klic.example", row[6], password)
        orgs.set_membership(actor=None, organisation=klic, user=user, role="member")
        reps.append(user)
    klic_partners = []
    numbers = data.klic_corporate_numbers()
    for i, (name, kana, en, ko, address, rep, executing) in enumerate(data.KLIC_PARTNERS):
        klic_partners.append(
            partners.create_partner(
                actor=admin,
                organisation=klic,
                kind="corporate",
                name=name,
                name_kana=kana,
                name_en=en,
                name_ko=ko,
                address=address,
                country="JP",
                is_domestic=True,
                representative_name=rep,
                executing_person=executing,
                corporate_number=numbers[i],
                invoice_number=f"T{numbers[i]}",
                execution_role=data.KLIC_ROLES[min(i, len(data.KLIC_ROLES) - 1)],
                admitted_on=data.KLIC["effective_date"],
                representative_user_id=reps[i].id,
            )
        )

    orgs.record_effective_date(actor=admin, organisation=klic, on=data.KLIC["effective_date"])

    sicam_chair = _user("chairman@sicam.example", "김민준", password, locale="ko")
    sicam_chair.is_superadmin = False
    sicam = orgs.create_organisation(actor=None, **(data.SICAM | {"effective_date": None}))
    sicam_member = _user("member@sicam.example", "이서연", password, locale="ko")
    sicam_third = _user("rep03@sicam.example", "박지훈", password, locale="ko")
    orgs.set_membership(actor=None, organisation=sicam, user=sicam_chair, role="chairman")
    orgs.set_membership(actor=None, organisation=sicam, user=sicam_member, role="member")
    orgs.set_membership(actor=None, organisation=sicam, user=sicam_third, role="member")
    sicam_reps = [sicam_chair, sicam_member, sicam_third]
    sicam_partners = []
    for i, (name, en, address, rep) in enumerate(data.SICAM_PARTNERS):
        sicam_partners.append(
            partners.create_partner(
                actor=None,
                organisation=sicam,
                kind="corporate",
                name=name,
                name_en=en,
                name_ko=name,
                address=address,
                country="KR",
                is_domestic=False,
                representative_name=rep,
                kr_business_number=data.sicam_business_numbers()[i],
                execution_role="日韓技術交流・共同開発（ソウル側）",
                admitted_on=data.SICAM["effective_date"],
                representative_user_id=sicam_reps[i].id,
            )
        )
    orgs.record_effective_date(actor=None, organisation=sicam, on=data.SICAM["effective_date"])
    db.session.flush()
    ctx = {
        "klic": klic,
        "sicam": sicam,
        "klic_partners": klic_partners,
        "sicam_partners": sicam_partners,
        "users": {
            "admin": admin,
            "chairman": chairman,
            "member": member,
            "accountant": accountant,
            "sicam_chairman": sicam_chair,
            "sicam_member": sicam_member,
        },
        "password": password,
    }
    for name in DOMAIN_DEMOS:
        try:
            module = importlib.import_module(f"llp_gov.{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"llp_gov.{name}.demo":
                raise
            continue
        module.load(ctx)
        db.session.flush()
    return ctx


SIGN_INS = (
    "chairman@klic.example",
    "member@klic.example",
    "accountant@klic.example",
    "admin@klic.example",
    "chairman@sicam.example",
    "member@sicam.example",
)


def write_credentials(instance_path: str, password: str) -> Path:
    """Write the demo sign-ins and their password to <instance>/demo-sign-ins.txt (mode 0600,
    readable by the installing user only) and return its path."""
    path = Path(instance_path) / "demo-sign-ins.txt"
    lines = ["Demo sign-ins (demo mode only):"] + [
        f"  {email:<26} {password}" for email in SIGN_INS
    ]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path
