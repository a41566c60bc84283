"""The foundation's services: organisations, compliance, partners, counterparties, users, tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.auth import services as auth
from llp_gov.auth.models import ApiToken, User
from llp_gov.counterparties import services as counterparties
from llp_gov.counterparties.models import Counterparty
from llp_gov.errors import NotFound, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.orgs import compliance
from llp_gov.orgs import services as orgs
from llp_gov.orgs.models import Membership, Organisation
from llp_gov.partners import services as partners
from llp_gov.partners.models import Partner
from tests import factories as f

VALID_CN = "7123456789012"
VALID_KR = "124-81-00998"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def events(tag: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if tag:
        stmt = stmt.where(AuditEvent.tag == tag)
    return list(db.session.scalars(stmt))


@pytest.fixture
def superadmin(app):
    user = f.UserFactory(is_superadmin=True)
    db.session.commit()
    return user


def org_data(**extra):
    return {
        "legal_form": "jp_llp",
        "name": "北九州テスト有限責任事業組合",
        "name_en": "Kitakyushu Test LLP",
        "office_address": "福岡県北九州市小倉北区1-1",
        "business_purpose": "共同受託開発",
        "effective_date": dt.date(2025, 4, 1),
        "end_date": dt.date(2035, 3, 31),
        "fiscal_year_start_month": 4,
    } | extra


def partner_data(**extra):
    return {
        "kind": "corporate",
        "name": "株式会社新規",
        "name_kana": "シンキ",
        "address": "福岡県北九州市戸畑区1-1",
        "country": "JP",
        "executing_person": "鈴木 一郎",
        "corporate_number": VALID_CN,
    } | extra


# Organisations ---------------------------------------------------------------------------------


def test_a_superadmin_creates_an_organisation_with_an_audit_event(superadmin):
    org = orgs.create_organisation(actor=superadmin, slug="kita", **org_data())
    db.session.commit()
    assert org.is_jp_llp
    [event] = events("org:create")
    assert event.organisation_id == org.id and event.actor_id == superadmin.id
    assert event.diff["name"] == [None, "北九州テスト有限責任事業組合"]
    assert event.chain_key == f"org:{org.id}"


def test_only_a_superadmin_creates_organisations(world):
    with pytest.raises(PermissionDenied):
        orgs.create_organisation(actor=world.user("admin"), slug="kita", **org_data())


@pytest.mark.parametrize("name", ["北九州テスト組合", "Kitakyushu LLP", "北九州テスト LLP"])
def test_a_japanese_llp_name_must_contain_the_statutory_words(superadmin, name):
    before = count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        orgs.create_organisation(actor=superadmin, slug="kita", **org_data(name=name))
    assert "有限責任事業組合" in exc.value.fields["name"]
    db.session.rollback()
    assert count(Organisation) == 0 and count(AuditEvent) == before


def test_llp_may_be_added_to_the_name_but_never_replaces_it(superadmin):
    org = orgs.create_organisation(
        actor=superadmin, slug="kita", **org_data(name="北九州テスト有限責任事業組合 LLP")
    )
    assert org.name.endswith("LLP")


def test_the_name_rule_does_not_apply_to_other_legal_forms(superadmin):
    org = orgs.create_organisation(
        actor=superadmin,
        slug="seoul",
        **org_data(legal_form="other", name="서울 국제 IT 협력 조합"),
    )
    assert not org.is_jp_llp
    assert compliance.compute(org) == []


def test_editing_a_japanese_llp_keeps_the_name_rule(world):
    with pytest.raises(ValidationError) as exc:
        orgs.update_organisation(
            actor=world.user("chairman"), organisation=world.org, name="北九州LLP"
        )
    assert "name" in exc.value.fields


def test_organisation_edits_are_audited_with_a_diff(world):
    old = world.org.office_address
    world.org.effective_date = None  # before the agreement takes effect (Act 5 after)
    orgs.update_organisation(
        actor=world.user("admin"), organisation=world.org, office_address="福岡県北九州市門司区1-1"
    )
    db.session.commit()
    [event] = events("org:update")
    assert event.diff == {"office_address": [old, "福岡県北九州市門司区1-1"]}


def test_members_and_accountants_cannot_edit_the_organisation(world):
    for role in ("member", "accountant", "observer"):
        with pytest.raises(PermissionDenied):
            orgs.update_organisation(actor=world.user(role), organisation=world.org, name_en="X")
    with pytest.raises(NotFound):
        orgs.update_organisation(
            actor=world.other_users["chairman"], organisation=world.org, name_en="X"
        )


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"end_date": dt.date(2020, 1, 1)}, "end_date"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"name_en": "x" * 201}, "name_en"),
        ({"legal_form": "gmbh"}, "legal_form"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_bad_organisation_edits_are_refused(world, changes, field):
    before = count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        orgs.update_organisation(actor=world.user("admin"), organisation=world.org, **changes)
    assert field in exc.value.fields
    db.session.rollback()
    assert count(AuditEvent) == before


def test_slugs_are_checked(superadmin):
    with pytest.raises(ValidationError) as exc:
        orgs.create_organisation(actor=superadmin, slug="Bad Slug", **org_data())
    assert "slug" in exc.value.fields
    orgs.create_organisation(actor=superadmin, slug="kita", **org_data())
    with pytest.raises(ValidationError) as exc:
        orgs.create_organisation(actor=superadmin, slug="kita", **org_data())
    assert "slug" in exc.value.fields


# Compliance panel ------------------------------------------------------------------------------


def _checks(org) -> dict:
    return {c.key: c for c in compliance.compute(org)}


def test_the_compliance_panel_of_a_complete_llp(world):
    checks = _checks(world.org)
    assert checks["min_partners"].status == "ok"
    assert checks["domestic_partner"].status == "ok"
    assert checks["name_rule"].status == "ok"
    # Contributions come with the ledger: until it says otherwise the item is pending.
    items = {key: ok for key, _label, ok in compliance.agreement_items(world.org, world.partners)}
    assert len(items) == 8
    if compliance._contributions_provider is None:
        assert items["contributions"] is None
        assert checks["agreement_items"].status == "pending"
    assert all(ok for key, ok in items.items() if key != "contributions")


def test_fewer_than_two_partners_fails(app):
    org = f.OrganisationFactory()
    f.PartnerFactory(organisation=org)
    db.session.commit()
    assert _checks(org)["min_partners"].status == "failed"


def test_withdrawn_partners_do_not_count(world):
    for p in world.partners[1:]:
        p.status = "withdrawn"
    db.session.commit()
    assert _checks(world.org)["min_partners"].status == "failed"


def test_no_domestic_partner_fails(world):
    for p in world.partners:
        p.is_domestic = False
    db.session.commit()
    assert _checks(world.org)["domestic_partner"].status == "failed"


def test_a_missing_agreement_item_fails(world):
    world.org.business_purpose = None
    world.org.end_date = None
    db.session.commit()
    check = _checks(world.org)["agreement_items"]
    assert check.status == "failed"
    assert "Business" in check.details[0] or "事業" in check.details[0]


def test_a_name_without_the_statutory_words_fails_the_panel(world):
    world.org.name = "テスト組合"  # e.g. data imported before validation existed
    db.session.commit()
    assert _checks(world.org)["name_rule"].status == "failed"


# Partners --------------------------------------------------------------------------------------


def test_create_a_partner(world):
    admin = world.user("admin")
    partner = partners.create_partner(
        actor=admin, organisation=world.org, **partner_data(corporate_number="7123-4567-89012")
    )
    db.session.commit()
    assert partner.corporate_number == VALID_CN
    assert partner.status == "pending" and partner.is_domestic
    [event] = events("partner:create")
    assert event.actor_id == admin.id and event.target_id == str(partner.id)
    assert event.diff["name"] == [None, "株式会社新規"]


def test_a_korean_partner_with_a_business_number(world):
    partner = partners.create_partner(
        actor=world.user("chairman"),
        organisation=world.org,
        **partner_data(corporate_number=None, country="kr", kr_business_number=VALID_KR),
    )
    assert partner.country == "KR" and partner.kr_business_number == "1248100998"
    assert partner.is_domestic is False


@pytest.mark.parametrize(
    "data,field",
    [
        ({"corporate_number": "1234567890123"}, "corporate_number"),
        ({"kr_business_number": "124-81-00999"}, "kr_business_number"),
        ({"invoice_number": "7123456789012"}, "invoice_number"),
        ({"name": ""}, "name"),
        ({"name": "株" * 201}, "name"),
        ({"address": "住" * 401}, "address"),
        ({"kind": "robot"}, "kind"),
        ({"country": "Japan"}, "country"),
        ({"executing_person": None}, "executing_person"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_bad_partner_input_saves_nothing(world, data, field):
    before_partners, before_events = count(Partner), count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        partners.create_partner(
            actor=world.user("admin"), organisation=world.org, **partner_data(**data)
        )
    assert field in exc.value.fields and exc.value.fields[field]
    db.session.rollback()
    assert count(Partner) == before_partners and count(AuditEvent) == before_events


def test_partner_edit_writes_a_diff(world):
    partner = world.partners[0]
    old = partner.name_en
    partners.update_partner(
        actor=world.user("chairman"),
        organisation=world.org,
        partner=partner,
        name_en="New Name",
        address=partner.address,
    )
    db.session.commit()
    [event] = events("partner:update")
    assert event.diff == {"name_en": [old, "New Name"]}  # the unchanged address is not in the diff


def test_an_edit_that_changes_nothing_writes_no_event(world):
    partner = world.partners[0]
    partners.update_partner(
        actor=world.user("admin"), organisation=world.org, partner=partner, name=partner.name
    )
    assert events("partner:update") == []


def test_partner_edit_rejects_a_bad_number_and_keeps_the_old_one(world):
    partner = world.partners[0]
    old = partner.corporate_number
    with pytest.raises(ValidationError):
        partners.update_partner(
            actor=world.user("admin"), organisation=world.org, partner=partner, corporate_number="1"
        )
    db.session.rollback()
    assert db.session.get(Partner, partner.id).corporate_number == old
    assert events("partner:update") == []


def test_only_chairman_and_admin_maintain_the_register(world):
    for role in ("member", "accountant", "observer"):
        with pytest.raises(PermissionDenied):
            partners.create_partner(
                actor=world.user(role), organisation=world.org, **partner_data()
            )
    with pytest.raises(NotFound):
        partners.create_partner(
            actor=world.other_users["chairman"], organisation=world.org, **partner_data()
        )
    with pytest.raises(NotFound):
        partners.get_partner(actor=world.user("member"), organisation=world.org, partner_id=999999)


def test_another_organisations_partner_is_not_found(world):
    theirs = db.session.scalar(select(Partner).where(Partner.organisation_id == world.other_org.id))
    with pytest.raises(NotFound):
        partners.get_partner(
            actor=world.user("chairman"), organisation=world.org, partner_id=theirs.id
        )


def test_withdrawal(world):
    partner = world.partners[4]
    partners.record_withdrawal(
        actor=world.user("admin"),
        organisation=world.org,
        partner=partner,
        on=dt.date(2026, 3, 31),
        reason="事業縮小",
    )
    db.session.commit()
    assert partner.status == "withdrawn" and partner.withdrawn_on == dt.date(2026, 3, 31)
    [event] = events("partner:withdraw")
    assert event.diff["status"] == ["active", "withdrawn"]
    with pytest.raises(ValidationError):
        partners.record_withdrawal(
            actor=world.user("admin"),
            organisation=world.org,
            partner=partner,
            on=dt.date(2026, 4, 1),
            reason="again",
        )


def test_a_withdrawal_needs_a_reason(world):
    with pytest.raises(ValidationError) as exc:
        partners.record_withdrawal(
            actor=world.user("admin"),
            organisation=world.org,
            partner=world.partners[4],
            on=dt.date(2026, 3, 31),
            reason=" ",
        )
    assert "reason" in exc.value.fields


def test_list_filters_by_status_and_name(world):
    world.partners[2].status = "withdrawn"
    db.session.commit()
    chairman = world.user("chairman")
    assert len(partners.list_partners(actor=chairman, organisation=world.org)) == 12
    assert [
        p.id
        for p in partners.list_partners(actor=chairman, organisation=world.org, status="withdrawn")
    ] == [world.partners[2].id]
    found = partners.list_partners(
        actor=chairman, organisation=world.org, q=world.partners[5].name_en
    )
    assert [p.id for p in found] == [world.partners[5].id]


def test_one_designated_representative_per_partner_and_user(world):
    chairman = world.user("chairman")
    # world: the chairman represents partners[0]; he cannot also represent partners[1].
    with pytest.raises(ValidationError) as exc:
        partners.update_partner(
            actor=chairman,
            organisation=world.org,
            partner=world.partners[1],
            representative_user_id=chairman.id,
        )
    assert "representative_user_id" in exc.value.fields
    assert partners.represented_by(world.org, chairman).id == world.partners[0].id


def test_the_representative_must_belong_to_the_organisation(world):
    outsider = world.other_users["member"]
    with pytest.raises(ValidationError) as exc:
        partners.create_partner(
            actor=world.user("admin"),
            organisation=world.org,
            **partner_data(representative_user_id=outsider.id),
        )
    assert "representative_user_id" in exc.value.fields


def test_the_representative_becomes_staff_of_the_partner(world):
    user = f.UserFactory()
    f.MembershipFactory(organisation=world.org, user=user, role="observer")
    db.session.commit()
    partner = partners.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        **partner_data(representative_user_id=user.id),
    )
    db.session.commit()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.partner_id == partner.id and membership.role == "observer"


# Counterparties --------------------------------------------------------------------------------


def test_counterparties_are_per_organisation(world):
    member = world.user("member")
    cp = counterparties.create_counterparty(
        actor=member,
        organisation=world.org,
        name="北九州市",
        name_en="City of Kitakyushu",
        corporate_number="2120901007402",
    )
    db.session.commit()
    assert [
        c.id
        for c in counterparties.list_counterparties(
            actor=member, organisation=world.org, q="kitakyushu"
        )
    ] == [cp.id]
    assert (
        counterparties.list_counterparties(
            actor=world.other_users["chairman"], organisation=world.other_org
        )
        == []
    )
    with pytest.raises(NotFound):
        counterparties.get_counterparty(
            actor=world.other_users["chairman"], organisation=world.other_org, counterparty_id=cp.id
        )
    [event] = events("counterparty:create")
    assert event.organisation_id == world.org.id


@pytest.mark.parametrize(
    "data,field",
    [
        ({"corporate_number": "2120901007403"}, "corporate_number"),
        ({"kr_business_number": "220-81-62510"}, "kr_business_number"),
        ({"name": " "}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"country": "KOR"}, "country"),
    ],
)
def test_bad_counterparty_input_saves_nothing(world, data, field):
    before = count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        counterparties.create_counterparty(
            actor=world.user("member"), organisation=world.org, **({"name": "取引先"} | data)
        )
    assert field in exc.value.fields
    db.session.rollback()
    assert count(Counterparty) == 0 and count(AuditEvent) == before


def test_counterparty_update_is_for_chairman_and_admin(world):
    cp = counterparties.create_counterparty(
        actor=world.user("member"), organisation=world.org, name="ソウル連盟"
    )
    with pytest.raises(PermissionDenied):
        counterparties.update_counterparty(
            actor=world.user("member"), organisation=world.org, counterparty=cp, name_ko="서울 연맹"
        )
    counterparties.update_counterparty(
        actor=world.user("admin"), organisation=world.org, counterparty=cp, name_ko="서울 연맹"
    )
    [event] = events("counterparty:update")
    assert event.diff == {"name_ko": [None, "서울 연맹"]}


def test_match_or_create_finds_by_any_language(world):
    member = world.user("member")
    cp = counterparties.create_counterparty(
        actor=member, organisation=world.org, name="北九州市", name_en="City of Kitakyushu"
    )
    assert (
        counterparties.match_or_create(
            actor=member, organisation=world.org, name="city of kitakyushu"
        ).id
        == cp.id
    )
    other = counterparties.match_or_create(actor=member, organisation=world.org, name="福岡市")
    assert other.id != cp.id


# Users, roles, profile, tokens -----------------------------------------------------------------


def test_create_user_hashes_the_password_and_audits_on_the_system_chain(app):
    user = auth.create_user(
        actor=None, email="New@Example.test", name="新しい人", password="long enough pw"
    )
    db.session.commit()
    assert user.email == "new@example.test"
    assert user.password_hash.startswith("scrypt:") and "long enough pw" not in user.password_hash
    assert auth.authenticate("new@example.test", "long enough pw") == user
    assert auth.authenticate("new@example.test", "wrong password") is None
    [event] = events("user:create")
    assert event.chain_key == "system" and event.organisation_id is None
    assert "password" not in event.diff


@pytest.mark.parametrize(
    "data,field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"password": "short"}, "password"),
        ({"locale": "fr"}, "locale"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_user_input_saves_nothing(app, data, field):
    before = count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        auth.create_user(
            actor=None, **({"email": "a@b.test", "name": "A", "password": "long enough pw"} | data)
        )
    assert field in exc.value.fields
    db.session.rollback()
    assert count(User) == 0 and count(AuditEvent) == before


def test_duplicate_email_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        auth.create_user(
            actor=None, email="CHAIRMAN@klic.test", name="Dup", password="long enough pw"
        )
    assert "email" in exc.value.fields


def test_deactivated_users_cannot_sign_in(world):
    user = world.user("member")
    user.active = False
    db.session.commit()
    assert auth.authenticate(user.email, f.PASSWORD) is None


def test_admin_assigns_roles_and_staff(world):
    admin = world.user("admin")
    user = auth.create_user(actor=admin, email="liaison@city.test", name="Liaison", password=None)
    m = orgs.set_membership(actor=admin, organisation=world.org, user=user, role="observer")
    db.session.commit()
    assert m.role == "observer"
    orgs.set_membership(
        actor=admin,
        organisation=world.org,
        user=user,
        role="member",
        partner_id=world.partners[3].id,
    )
    db.session.commit()
    [created] = events("membership:create")
    [updated] = events("membership:update")
    assert created.diff["role"] == [None, "observer"]
    assert updated.diff == {
        "role": ["observer", "member"],
        "partner_id": [None, world.partners[3].id],
    }


def test_a_user_has_one_role_per_organisation_in_several_organisations(world):
    user = world.user("accountant")
    orgs.set_membership(actor=None, organisation=world.other_org, user=user, role="observer")
    db.session.commit()
    assert {o.slug for o in orgs.orgs_of(user)} == {world.org.slug, world.other_org.slug}


def test_unknown_role_is_refused(world):
    before = count(AuditEvent)
    with pytest.raises(ValidationError) as exc:
        orgs.set_membership(
            actor=world.user("admin"),
            organisation=world.org,
            user=world.user("observer"),
            role="king",
        )
    assert "role" in exc.value.fields
    db.session.rollback()
    assert count(AuditEvent) == before
    db.session.refresh(world.user("observer"))
    assert orgs.policy.role_of(world.user("observer"), world.org) == "observer"


def test_staff_of_another_organisations_partner_is_refused(world):
    theirs = db.session.scalar(select(Partner).where(Partner.organisation_id == world.other_org.id))
    with pytest.raises(ValidationError) as exc:
        orgs.set_membership(
            actor=world.user("admin"),
            organisation=world.org,
            user=world.user("observer"),
            role="observer",
            partner_id=theirs.id,
        )
    assert "partner_id" in exc.value.fields


def test_only_the_admin_manages_users(world):
    for role in ("chairman", "member", "accountant", "observer"):
        with pytest.raises(PermissionDenied):
            orgs.set_membership(
                actor=world.user(role),
                organisation=world.org,
                user=world.user("observer"),
                role="member",
            )


def test_profile_language_and_time_zone(world):
    user = world.user("member")
    auth.update_profile(actor=user, user=user, locale="ko", timezone="Asia/Seoul")
    db.session.commit()
    assert (user.locale, user.timezone) == ("ko", "Asia/Seoul")
    [event] = events("user:profile")
    assert event.diff["timezone"] == ["Asia/Tokyo", "Asia/Seoul"]
    with pytest.raises(ValidationError):
        auth.update_profile(actor=user, user=user, timezone="Nowhere/Else")
    with pytest.raises(PermissionDenied):
        auth.update_profile(actor=world.user("admin"), user=user, locale="en")


def test_new_users_default_to_tokyo_time(app):
    user = auth.create_user(
        actor=None, email="tz@example.test", name="TZ", password="long enough pw"
    )
    assert user.timezone == "Asia/Tokyo"


def test_tokens_are_stored_hashed_and_can_be_revoked(world):
    user = world.user("member")
    token, plain = auth.create_token(actor=user, user=user, name="script")
    db.session.commit()
    assert plain.startswith("llpg_") and len(plain) > 40
    stored = db.session.get(ApiToken, token.id)
    assert plain not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64
    assert auth.user_for_token(plain) == user
    assert auth.user_for_token(plain + "x") is None
    with pytest.raises(NotFound):
        auth.revoke_token(actor=world.user("admin"), token_id=token.id)
    auth.revoke_token(actor=user, token_id=token.id)
    db.session.commit()
    assert auth.user_for_token(plain) is None
    assert [e.tag for e in events() if e.tag.startswith("token:")] == [
        "token:create",
        "token:revoke",
    ]
    assert all(plain not in str(e.diff) for e in events())


def test_nobody_creates_a_token_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        auth.create_token(actor=world.user("admin"), user=world.user("member"), name="x")


def test_an_admin_cannot_change_their_own_role(world):
    admin = world.user("admin")
    with pytest.raises(ValidationError) as exc:
        orgs.set_membership(actor=admin, organisation=world.org, user=admin, role="member")
    assert "role" in exc.value.fields
    # Setting their own staff partner with the same role is fine.
    orgs.set_membership(
        actor=admin,
        organisation=world.org,
        user=admin,
        role="admin",
        partner_id=world.partners[0].id,
    )


def test_demo_users_sign_in_only_in_demo_mode(app):
    user = auth.create_user(
        actor=None, email="chairman@klic.example", name="Demo", password="demo-password"
    )
    _token, plain = auth.create_token(actor=None, user=user, name="demo")
    db.session.commit()
    assert auth.authenticate("chairman@klic.example", "demo-password") is None
    assert auth.user_for_token(plain) is None
    app.config["DEMO_MODE"] = True
    assert auth.authenticate("chairman@klic.example", "demo-password") == user
    assert auth.user_for_token(plain) == user


def test_contributions_are_pending_until_a_provider_states_them(world, monkeypatch):
    monkeypatch.setattr(compliance, "_contributions_provider", None)
    check = _checks(world.org)["agreement_items"]
    items = {key: ok for key, _label, ok in compliance.agreement_items(world.org, world.partners)}
    assert check.status == "pending" and items["contributions"] is None and check.details
    monkeypatch.setattr(compliance, "_contributions_provider", lambda org, partners: True)
    assert _checks(world.org)["agreement_items"].status == "ok"
    monkeypatch.setattr(compliance, "_contributions_provider", lambda org, partners: False)
    assert _checks(world.org)["agreement_items"].status == "failed"
