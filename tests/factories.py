"""factory_boy factories for the foundation's models (setup only: they bypass the services)."""

import datetime as dt

import factory
from werkzeug.security import generate_password_hash

from llp_gov.audit import services as audit
from llp_gov.auth.models import User
from llp_gov.counterparties.models import Counterparty
from llp_gov.demo.data import corporate_number
from llp_gov.extensions import db
from llp_gov.orgs.models import Membership, Organisation
from llp_gov.partners.models import Partner

PASSWORD = "correct horse battery"
_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")


class Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Sequence(lambda n: f"User {n}")
    password_hash = _HASH
    timezone = "Asia/Tokyo"
    locale = "en"


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org{n}")
    legal_form = "jp_llp"
    name = factory.Sequence(lambda n: f"テスト{n}有限責任事業組合")
    name_en = factory.Sequence(lambda n: f"Test {n} LLP")
    office_address = "福岡県北九州市小倉北区1-1"
    business_purpose = "情報システムの共同受託"
    effective_date = dt.date(2025, 4, 1)
    end_date = dt.date(2035, 3, 31)
    fiscal_year_start_month = 4
    settings = factory.LazyFunction(lambda: {"chairman_approves_projects": True})

    @factory.post_generation
    def audit_chain(obj, create, extracted, **kwargs):
        """Like orgs.services.create_organisation, the organisation's chain starts with
        org:create (`audit verify` reports an existing organisation without events).
        `OrganisationFactory(audit_chain=False)` leaves the chain empty."""
        if create and extracted is not False:
            audit.record(tag="org:create", organisation_id=obj.id, target=obj)


class MembershipFactory(Base):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class PartnerFactory(Base):
    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "corporate"
    name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    name_kana = factory.Sequence(lambda n: f"テスト{n}")
    name_en = factory.Sequence(lambda n: f"Test {n} Co., Ltd.")
    address = factory.Sequence(lambda n: f"福岡県北九州市小倉北区{n}番")
    country = "JP"
    is_domestic = True
    representative_name = "代表取締役 山田 太郎"
    executing_person = "山田 太郎"
    corporate_number = factory.Sequence(lambda n: corporate_number(f"{290001000000 + n:012d}"))
    status = "active"
    admitted_on = dt.date(2025, 4, 1)
    position = factory.Sequence(lambda n: n)


class CounterpartyFactory(Base):
    class Meta:
        model = Counterparty

    name = factory.Sequence(lambda n: f"取引先{n}")
    name_en = factory.Sequence(lambda n: f"Client {n}")
    country = "JP"
