"""The foundation's pages, as a signed-in user meets them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from llp_gov import create_app
from llp_gov.audit import services as audit
from llp_gov.audit.models import AuditEvent
from llp_gov.auth.models import ApiToken, User
from llp_gov.counterparties.models import Counterparty
from llp_gov.extensions import db
from llp_gov.orgs.models import Membership, Organisation
from llp_gov.partners.models import Partner
from tests import factories as f

VALID_CN = "7123456789012"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def html_of(resp) -> str:
    return resp.get_data(as_text=True)


def partner_form(**extra):
    return {
        "kind": "corporate",
        "name": "株式会社新規",
        "name_kana": "シンキ",
        "name_en": "Shinki Inc.",
        "address": "福岡県北九州市戸畑区1-1",
        "country": "JP",
        "is_domestic": "y",
        "representative_name": "代表取締役 鈴木 一郎",
        "executing_person": "鈴木 一郎",
        "corporate_number": VALID_CN,
        "admitted_on": "2026-04-01",
        "representative_user_id": "",
    } | extra


# Sign-in and landing ---------------------------------------------------------------------------


def test_sign_in_lands_on_the_dashboard_and_sign_out_ends_the_session(client, world):
    resp = client.post("/login", data={"email": "Chairman@KLIC.test", "password": f.PASSWORD})
    assert resp.status_code == 302
    resp = client.get("/", follow_redirects=True)
    assert "Dashboard" in html_of(resp) and world.org.name_en in html_of(resp)
    assert client.post("/logout").status_code == 302
    assert client.get(f"/o/{world.org.slug}/").status_code == 302


def test_a_wrong_password_shows_a_translated_error(client, world):
    resp = client.post(
        "/login",
        data={"email": "chairman@klic.test", "password": "wrong"},
        headers={"Accept-Language": "ja"},
    )
    assert resp.status_code == 200
    assert "メールアドレスまたはパスワードが正しくありません" in html_of(resp)
    assert client.get("/profile").status_code == 302


def test_a_user_of_several_organisations_chooses_one(client, world, login_as):
    user = world.user("accountant")
    f.MembershipFactory(organisation=world.other_org, user=user, role="observer")
    db.session.commit()
    login_as(user)
    resp = client.get("/")
    assert resp.headers["Location"].endswith("/orgs")
    page = html_of(client.get("/orgs"))
    assert f"/o/{world.org.slug}/" in page and f"/o/{world.other_org.slug}/" in page


def test_next_is_followed_only_inside_the_site(client, world):
    resp = client.post(
        "/login?next=/profile", data={"email": "member@klic.test", "password": f.PASSWORD}
    )
    assert resp.headers["Location"].endswith("/profile")
    client.post("/logout")
    resp = client.post(
        "/login?next=https://evil.example/",
        data={"email": "member@klic.test", "password": f.PASSWORD},
    )
    assert "evil" not in resp.headers["Location"]


# Organisation page and compliance panel --------------------------------------------------------


def test_the_organisation_page_shows_the_compliance_panel(client, world, login_as):
    login_as(world.user("member"))
    page = html_of(client.get(f"/o/{world.org.slug}/about"))
    for key in ("min_partners", "domestic_partner", "name_rule", "agreement_items"):
        assert f'data-check="{key}"' in page
    assert "Act 3(2)" in page and "Act 4(3)" in page
    assert "Each partner&#39;s contribution" in page or "Each partner's contribution" in page


def test_an_other_legal_form_has_no_llp_act_panel(client, world, login_as):
    login_as(world.other_users["member"])
    page = html_of(client.get(f"/o/{world.other_org.slug}/about"))
    assert "data-check" not in page


def test_edit_the_organisation(client, world, login_as):
    login_as(world.user("chairman"))
    org = world.org
    org.effective_date = dt.date(2030, 4, 1)  # not yet in effect: every item is on the form
    db.session.commit()
    data = {
        "legal_form": "jp_llp",
        "name": org.name,
        "name_en": "Renamed LLP",
        "name_ko": "새 이름",
        "office_address": org.office_address,
        "business_purpose": org.business_purpose,
        "effective_date": "2030-04-01",
        "end_date": "2035-03-31",
        "fiscal_year_start_month": "4",
    }
    assert client.post(f"/o/{org.slug}/edit", data=data).status_code == 302
    db.session.refresh(org)
    assert org.name_en == "Renamed LLP"
    resp = client.post(f"/o/{org.slug}/edit", data=data | {"name": "北九州LLP"})
    assert resp.status_code == 200 and "有限責任事業組合" in html_of(resp)
    db.session.refresh(org)
    assert org.name != "北九州LLP"
    assert count(AuditEvent, AuditEvent.tag == "org:update") == 1


# Partners --------------------------------------------------------------------------------------


def test_partner_list_filters_by_status_and_name(client, world, login_as):
    world.partners[1].status = "withdrawn"
    db.session.commit()
    login_as(world.user("observer"))
    base = f"/o/{world.org.slug}/partners/"
    page = html_of(client.get(base))
    assert all(p.name in page for p in world.partners)
    page = html_of(client.get(base + "?status=withdrawn"))
    assert world.partners[1].name in page and world.partners[0].name not in page
    page = html_of(client.get(base, query_string={"q": world.partners[7].name_kana}))
    assert world.partners[7].name in page and world.partners[6].name not in page


def test_partner_status_is_shown_translated(client, world, login_as):
    world.partners[1].status = "withdrawn"
    world.user("observer").locale = "ja"
    db.session.commit()
    login_as(world.user("observer"))
    page = html_of(client.get(f"/o/{world.org.slug}/partners/"))
    assert ">脱退<" in page and ">withdrawn<" not in page


def test_create_edit_and_withdraw_a_partner_through_the_pages(client, world, login_as):
    login_as(world.user("admin"))
    slug = world.org.slug
    world.org.effective_date = None  # the founding register: active partners (Act 24 later)
    rep = f.UserFactory(email="newrep@klic.test")
    f.MembershipFactory(organisation=world.org, user=rep, role="member")
    db.session.commit()
    form = html_of(client.get(f"/o/{slug}/partners/new"))
    assert "newrep@klic.test" in form
    resp = client.post(
        f"/o/{slug}/partners/new", data=partner_form(representative_user_id=str(rep.id))
    )
    assert resp.status_code == 302
    partner = db.session.scalar(select(Partner).where(Partner.name == "株式会社新規"))
    assert partner.representative_user_id == rep.id and partner.corporate_number == VALID_CN
    assert resp.headers["Location"].endswith(f"/o/{slug}/partners/{partner.id}")

    resp = client.post(
        f"/o/{slug}/partners/{partner.id}/edit",
        data=partner_form(name_en="Shinki Holdings", representative_user_id=str(rep.id)),
    )
    assert resp.status_code == 302
    db.session.refresh(partner)
    assert partner.name_en == "Shinki Holdings"

    resp = client.post(
        f"/o/{slug}/partners/{partner.id}/withdraw",
        data={"withdrawn_on": "2026-09-30", "reason": "やむを得ない事由"},
    )
    assert resp.status_code == 302
    db.session.refresh(partner)
    assert partner.status == "withdrawn"
    tags = [
        e.tag
        for e in db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.target_type == "partners", AuditEvent.target_id == str(partner.id)
            )
        )
    ]
    assert tags == ["partner:create", "partner:update", "partner:withdraw"]


def test_the_edit_form_is_filled_with_the_partner(client, world, login_as):
    login_as(world.user("chairman"))
    p = world.partners[3]
    page = html_of(client.get(f"/o/{world.org.slug}/partners/{p.id}/edit"))
    assert f'value="{p.name}"' in page and f'value="{p.corporate_number}"' in page
    rep_id = p.representative_user_id
    assert re.search(
        rf'<option selected value="{rep_id}">|<option value="{rep_id}" selected>', page
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"corporate_number": "1234567890123"}, "This is not a valid 13-digit corporate number"),
        (
            {"kr_business_number": "124-81-00999"},
            "This is not a valid Korean business registration number",
        ),
        ({"name": ""}, "This field is required."),
        ({"name": "株" * 201}, "200"),
        ({"executing_person": ""}, "executing person"),
        ({"country": "Japan"}, "2"),
    ],
)
def test_bad_partner_forms_show_the_error_and_save_nothing(client, world, login_as, data, message):
    login_as(world.user("admin"))
    before_p, before_e = count(Partner), count(AuditEvent)
    resp = client.post(f"/o/{world.org.slug}/partners/new", data=partner_form(**data))
    assert resp.status_code == 200
    assert message in html_of(resp)
    assert 'class="error"' in html_of(resp)
    assert count(Partner) == before_p and count(AuditEvent) == before_e


def test_a_bad_withdrawal_shows_the_error(client, world, login_as):
    login_as(world.user("admin"))
    p = world.partners[2]
    resp = client.post(
        f"/o/{world.org.slug}/partners/{p.id}/withdraw", data={"withdrawn_on": "", "reason": ""}
    )
    assert resp.status_code == 422 and "This field is required." in html_of(resp)
    db.session.refresh(p)
    assert p.status == "active"


def test_members_see_no_edit_buttons(client, world, login_as):
    login_as(world.user("member"))
    page = html_of(client.get(f"/o/{world.org.slug}/partners/{world.partners[0].id}"))
    assert "/edit" not in page and "/withdraw" not in page


# Counterparties --------------------------------------------------------------------------------


def test_counterparty_pages(client, world, login_as):
    login_as(world.user("member"))
    slug = world.org.slug
    resp = client.post(
        f"/o/{slug}/counterparties/new",
        data={
            "name": "北九州市",
            "name_en": "City of Kitakyushu",
            "country": "JP",
            "corporate_number": "2120901007402",
        },
    )
    assert resp.status_code == 302
    page = html_of(client.get(f"/o/{slug}/counterparties/", query_string={"q": "kitakyushu"}))
    assert "北九州市" in page
    assert "北九州市" not in html_of(
        client.get(f"/o/{slug}/counterparties/", query_string={"q": "Seoul"})
    )
    resp = client.post(
        f"/o/{slug}/counterparties/new",
        data={"name": "悪い番号", "country": "JP", "corporate_number": "2120901007403"},
    )
    assert resp.status_code == 200 and "corporate number" in html_of(resp)
    assert count(Counterparty) == 1


def test_counterparty_edit(client, world, login_as):
    cp = f.CounterpartyFactory(organisation_id=world.org.id)
    db.session.commit()
    login_as(world.user("admin"))
    resp = client.post(
        f"/o/{world.org.slug}/counterparties/{cp.id}/edit",
        data={
            "name": cp.name,
            "name_ko": "서울 연맹",
            "country": "KR",
            "kr_business_number": "124-81-00998",
        },
    )
    assert resp.status_code == 302
    db.session.refresh(cp)
    assert cp.name_ko == "서울 연맹" and cp.kr_business_number == "1248100998"


# Users and roles -------------------------------------------------------------------------------


def test_the_admin_adds_a_user_with_a_role(client, world, login_as):
    login_as(world.user("admin"))
    url = f"/o/{world.org.slug}/users"
    page = html_of(client.get(url))
    assert "chairman@klic.test" in page and "rep12@klic.test" in page
    resp = client.post(
        url,
        data={
            "email": "liaison@city.test",
            "name": "市 連絡員",
            "password": "a long password",
            "role": "observer",
            "partner_id": "",
        },
    )
    assert resp.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "liaison@city.test"))
    m = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert m.role == "observer" and m.organisation_id == world.org.id
    assert user.password_hash.startswith("scrypt:")


def test_the_admin_changes_a_role_and_staff(client, world, login_as):
    login_as(world.user("admin"))
    observer = world.user("observer")
    resp = client.post(
        f"/o/{world.org.slug}/users",
        data={
            "email": observer.email,
            "role": "accountant",
            "partner_id": str(world.partners[5].id),
        },
    )
    assert resp.status_code == 302
    m = db.session.scalar(select(Membership).where(Membership.user_id == observer.id))
    assert (m.role, m.partner_id) == ("accountant", world.partners[5].id)


@pytest.mark.parametrize(
    "data",
    [
        {"email": "new@x.test", "role": "king"},  # unknown role
        {"email": "not an address", "role": "member"},
        {"email": "", "role": "member"},
        {"email": "new@x.test", "name": "n" * 201, "role": "member"},
        {"email": "new@x.test", "role": "member", "password": "short"},
    ],
)
def test_bad_user_forms_save_nothing(client, world, login_as, data):
    login_as(world.user("admin"))
    before_u, before_m, before_e = count(User), count(Membership), count(AuditEvent)
    resp = client.post(f"/o/{world.org.slug}/users", data={"partner_id": "", **data})
    assert resp.status_code == 200 and 'class="error"' in html_of(resp)
    assert (count(User), count(Membership), count(AuditEvent)) == (before_u, before_m, before_e)


def test_an_unknown_role_is_a_translated_error(client, world, login_as):
    world.user("admin").locale = "ja"
    db.session.commit()
    login_as(world.user("admin"))
    resp = client.post(
        f"/o/{world.org.slug}/users", data={"email": "new@x.test", "role": "king", "partner_id": ""}
    )
    assert 'class="error"' in html_of(resp)
    assert "Not a valid choice" not in html_of(resp)


# Profile and tokens ----------------------------------------------------------------------------


def test_profile_sets_language_and_time_zone(client, world, login_as):
    user = world.user("member")
    login_as(user)
    resp = client.post(
        "/profile", data={"name": user.name, "locale": "ko", "timezone": "Asia/Seoul"}
    )
    assert resp.status_code == 302
    db.session.refresh(user)
    assert (user.locale, user.timezone) == ("ko", "Asia/Seoul")
    assert "프로필" in html_of(client.get("/profile"))
    resp = client.post(
        "/profile", data={"name": user.name, "locale": "ko", "timezone": "Mars/Base"}
    )
    assert resp.status_code == 200 and 'class="error"' in html_of(resp)
    db.session.refresh(user)
    assert user.timezone == "Asia/Seoul"


def test_a_token_is_shown_once_stored_hashed_and_revocable(client, world, login_as):
    user = world.user("accountant")
    login_as(user)
    page = html_of(client.post("/profile/tokens", data={"token-name": "会計スクリプト"}))
    plain = re.search(r'id="new-token">([^<]+)<', page).group(1)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.name == "会計スクリプト" and plain not in token.token_hash
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    page = html_of(client.get("/profile"))
    assert plain not in page and token.prefix in page
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_nobody_revokes_another_users_token(client, world, login_as, token_for):
    token_for(world.user("member"))
    token = db.session.scalar(select(ApiToken))
    login_as(world.user("admin"))
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


# Audit page ------------------------------------------------------------------------------------


def _event(org, tag, actor, when):
    e = audit.record(
        tag=tag,
        actor=actor,
        organisation_id=org.id,
        target_type="partners",
        target_id=1,
        diff={"x": [1, 2]},
    )
    e.created_at = when  # setup only: the filter is by time
    return e


def test_the_audit_page_filters_by_tag_actor_and_date(client, world, login_as):
    chairman, admin = world.user("chairman"), world.user("admin")
    _event(world.org, "partner:update", chairman, dt.datetime(2026, 5, 1, 3, 0, tzinfo=dt.UTC))
    _event(world.org, "counterparty:create", admin, dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC))
    _event(
        world.other_org,
        "partner:update",
        world.other_users["chairman"],
        dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    )
    db.session.commit()
    login_as(chairman)
    url = f"/o/{world.org.slug}/audit"

    def rows(**q):
        page = html_of(client.get(url, query_string=q))
        return re.findall(r'data-tag="([a-z:_]+)"', page)

    assert "partner:update" in rows() and "counterparty:create" in rows()
    assert set(rows(tag="partner")) == {"partner:update"}
    assert set(rows(actor="admin@")) == {"counterparty:create"}
    assert rows(date_from="2026-05-01", date_to="2026-05-01") == ["partner:update"]
    assert rows(date_from="2026-05-02", date_to="2026-05-31") == []
    # Outsiders' events never show.
    assert "other.test" not in html_of(client.get(url))


def test_the_audit_page_shows_times_in_the_users_time_zone(client, world, login_as):
    user = world.user("admin")
    user.locale = "en"
    _event(world.org, "partner:update", user, dt.datetime(2026, 5, 1, 23, 30, tzinfo=dt.UTC))
    db.session.commit()
    login_as(user)
    url = f"/o/{world.org.slug}/audit"
    # 23:30 UTC is 08:30 the next morning in Tokyo and 19:30 the same evening in New York.
    assert "May 2, 2026, 8:30" in html_of(client.get(url))
    user.timezone = "America/New_York"
    db.session.commit()
    assert "May 1, 2026, 7:30" in html_of(client.get(url))
    # The day filter follows the user's time zone too.
    assert "partner:update" in html_of(
        client.get(url, query_string={"date_from": "2026-05-01", "date_to": "2026-05-01"})
    )


def test_the_audit_pager_keeps_the_filters(client, world, login_as):
    chairman = world.user("chairman")
    for _ in range(101):
        audit.record(tag="partner:update", actor=chairman, organisation_id=world.org.id, diff={})
    db.session.commit()
    login_as(chairman)
    page = html_of(client.get(f"/o/{world.org.slug}/audit", query_string={"tag": "partner"}))
    # Keyset pages: the "Older" link names the last row shown and keeps the filter.
    link = re.search(r'rel="next" href="([^"]*)"', page).group(1).replace("&amp;", "&")
    assert "tag=partner" in link and "after=" in link
    older = html_of(client.get(link))
    back = re.search(r'rel="prev" href="([^"]*)"', older).group(1).replace("&amp;", "&")
    assert "tag=partner" in back and "before=" in back


# Organisations: creation by a superadmin -------------------------------------------------------


def _new_org_form(**extra):
    return {
        "slug": "fukuoka",
        "legal_form": "jp_llp",
        "name": "福岡テスト有限責任事業組合",
        "name_en": "Fukuoka Test LLP",
        "office_address": "福岡県福岡市中央区1-1",
        "business_purpose": "共同受託",
        "effective_date": "2026-04-01",
        "end_date": "2036-03-31",
        "fiscal_year_start_month": "4",
    } | extra


def test_a_superadmin_creates_an_organisation_through_the_page(client, world, login_as):
    root = f.UserFactory(is_superadmin=True)
    db.session.commit()
    login_as(root)
    assert "/orgs/new" in html_of(client.get("/orgs"))
    resp = client.post("/orgs/new", data=_new_org_form())
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/o/fukuoka/about")
    org = db.session.scalar(select(Organisation).where(Organisation.slug == "fukuoka"))
    assert org.name == "福岡テスト有限責任事業組合" and org.fiscal_year_start_month == 4
    assert (
        count(AuditEvent, AuditEvent.tag == "org:create", AuditEvent.organisation_id == org.id) == 1
    )


@pytest.mark.parametrize(
    "data,field_message",
    [
        ({"name": "福岡テスト組合"}, "有限責任事業組合"),  # the LLP Act 9 name rule
        ({"slug": "Has Spaces"}, "hyphens"),
        ({"slug": "klic-test"}, "already taken"),
        ({"name": ""}, "This field is required."),
        ({"name_en": "x" * 201}, "200"),
        ({"fiscal_year_start_month": "13"}, "12"),
    ],
)
def test_bad_organisations_are_refused(client, world, login_as, data, field_message):
    root = f.UserFactory(is_superadmin=True)
    db.session.commit()
    login_as(root)
    before = (count(Organisation), count(AuditEvent))
    resp = client.post("/orgs/new", data=_new_org_form(**data))
    assert resp.status_code == 200 and field_message in html_of(resp)
    assert (count(Organisation), count(AuditEvent)) == before


def test_an_other_legal_form_needs_no_llp_words(client, world, login_as):
    root = f.UserFactory(is_superadmin=True)
    db.session.commit()
    login_as(root)
    resp = client.post(
        "/orgs/new", data=_new_org_form(slug="busan", legal_form="other", name="부산 IT 협회")
    )
    assert resp.status_code == 302


def test_organisation_admins_cannot_create_organisations(client, world, login_as):
    login_as(world.user("admin"))
    assert "/orgs/new" not in html_of(client.get("/orgs"))
    assert client.post("/orgs/new", data=_new_org_form()).status_code == 403
    assert count(Organisation) == 2


# Users page: change and remove -----------------------------------------------------------------


def test_change_link_fills_the_form_with_the_users_role(client, world, login_as):
    login_as(world.user("admin"))
    page = html_of(
        client.get(f"/o/{world.org.slug}/users", query_string={"email": "rep05@klic.test"})
    )
    assert 'value="rep05@klic.test"' in page
    assert re.search(r'<option selected value="member">|<option value="member" selected>', page)
    partner_id = world.partners[4].id
    assert re.search(
        rf'<option selected value="{partner_id}">|<option value="{partner_id}" selected>', page
    )
    assert "Designated representative" in page


def test_the_admin_removes_a_user_from_the_organisation(client, world, login_as):
    login_as(world.user("admin"))
    observer = world.user("observer")
    resp = client.post(f"/o/{world.org.slug}/users/{observer.id}/remove")
    assert resp.status_code == 302
    assert count(Membership, Membership.user_id == observer.id) == 0
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == "membership:remove")
    ).all()
    assert event.diff["role"] == ["observer", None]
    assert db.session.get(User, observer.id) is not None  # the user and their history stay


def test_a_designated_representative_cannot_be_removed(client, world, login_as):
    login_as(world.user("admin"))
    rep = world.users["rep12"]
    client.post(f"/o/{world.org.slug}/users/{rep.id}/remove")
    page = html_of(client.get(f"/o/{world.org.slug}/users"))
    assert "choose another one first" in page
    assert count(Membership, Membership.user_id == rep.id) == 1
    assert count(AuditEvent, AuditEvent.tag == "membership:remove") == 0


def test_the_admin_cannot_remove_themselves(client, world, login_as):
    admin = world.user("admin")
    login_as(admin)
    client.post(f"/o/{world.org.slug}/users/{admin.id}/remove")
    assert count(Membership, Membership.user_id == admin.id) == 1


def test_an_outsider_cannot_be_removed_through_another_organisation(client, world, login_as):
    login_as(world.user("admin"))
    outsider = world.other_users["member"]
    assert client.post(f"/o/{world.org.slug}/users/{outsider.id}/remove").status_code == 404
    assert count(Membership, Membership.user_id == outsider.id) == 1


# Profile: automatic language, time zone list, organisations ------------------------------------


def test_profile_language_can_follow_the_browser_again(client, world, login_as):
    user = world.user("member")
    login_as(user)
    page = html_of(client.get("/profile"))
    assert '<option selected value="en">' in page or '<option value="en" selected>' in page
    assert "Asia/Seoul" in page and world.org.name_en in page
    resp = client.post("/profile", data={"name": user.name, "locale": "", "timezone": "Asia/Tokyo"})
    assert resp.status_code == 302
    db.session.refresh(user)
    assert user.locale is None
    assert "ダッシュボード" in html_of(
        client.get(f"/o/{world.org.slug}/", headers={"Accept-Language": "ja"})
    )


def test_creating_a_token_leaves_the_profile_form_alone(client, world, login_as):
    user = world.user("member")
    login_as(user)
    page = html_of(client.post("/profile/tokens", data={"token-name": "script"}))
    assert (
        f'id="name" name="name" required type="text" value="{user.name}"' in page
        or f'value="{user.name}"' in page
    )
    assert 'id="token-name"' in page


def test_partner_page_lists_its_staff(client, world, login_as):
    login_as(world.user("member"))
    page = html_of(client.get(f"/o/{world.org.slug}/partners/{world.partners[0].id}"))
    assert "Chairman" in page and "Designated representative" in page


def test_statutes_are_cited_in_the_users_language(client, world, login_as):
    user = world.user("member")
    user.locale = "ja"
    db.session.commit()
    login_as(user)
    page = html_of(client.get(f"/o/{world.org.slug}/about"))
    assert "法3条2項" in page and "法4条3項" in page


def test_the_dashboard_warns_the_chairman_of_unmet_llp_act_checks(client, world, login_as):
    for p in world.partners:
        p.is_domestic = False
    db.session.commit()
    login_as(world.user("chairman"))
    page = html_of(client.get(f"/o/{world.org.slug}/"))
    assert (
        'id="compliance-panel"' in page
        and "At least one partner resident or incorporated in Japan" in page
    )
    client.post("/logout")
    login_as(world.user("member"))
    assert 'id="compliance-panel"' not in html_of(client.get(f"/o/{world.org.slug}/"))


def test_a_user_changes_their_password(client, world, login_as):
    user = world.user("member")
    login_as(user)
    data = {
        "pw-current": f.PASSWORD,
        "pw-new": "a brand new password",
        "pw-confirm": "a brand new password",
    }
    assert client.post("/profile/password", data=data).status_code == 302
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "user:password")).all()
    assert "brand new" not in str(event.diff) and event.actor_id == user.id
    client.post("/logout")
    assert (
        client.post("/login", data={"email": user.email, "password": f.PASSWORD}).status_code == 200
    )
    assert (
        client.post(
            "/login", data={"email": user.email, "password": "a brand new password"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {
                "pw-current": "wrong",
                "pw-new": "a brand new password",
                "pw-confirm": "a brand new password",
            },
            "The current password is wrong.",
        ),
        (
            {"pw-current": f.PASSWORD, "pw-new": "short", "pw-confirm": "short"},
            "Use at least 10 characters.",
        ),
        (
            {
                "pw-current": f.PASSWORD,
                "pw-new": "a brand new password",
                "pw-confirm": "another one",
            },
            "The two new passwords differ.",
        ),
    ],
)
def test_a_bad_password_change_changes_nothing(client, world, login_as, data, message):
    user = world.user("member")
    old_hash = user.password_hash
    login_as(user)
    resp = client.post("/profile/password", data=data)
    assert resp.status_code == 200 and message in html_of(resp)
    db.session.refresh(user)
    assert user.password_hash == old_hash
    assert count(AuditEvent, AuditEvent.tag == "user:password") == 0


def test_the_sign_in_page_lists_demo_users_only_in_demo_mode(client, app, database_url, tmp_path):
    assert "demo-sign-ins" not in html_of(client.get("/login"))
    demo = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DEMO_MODE": True,
        }
    )
    with demo.app_context():
        page = html_of(demo.test_client().get("/login"))
        db.session.remove()
        db.engine.dispose()
    assert 'id="demo-sign-ins"' in page and "chairman@klic.example" in page


def test_korean_numbers_are_shown_with_hyphens_and_identifiers_listed(client, world, login_as):
    p = world.partners[0]
    p.kr_business_number = "1248100998"
    f.CounterpartyFactory(
        organisation_id=world.org.id,
        kr_business_number="2208162517",
        invoice_number="T2120901007402",
    )
    db.session.commit()
    login_as(world.user("member"))
    assert "124-81-00998" in html_of(client.get(f"/o/{world.org.slug}/partners/{p.id}"))
    page = html_of(client.get(f"/o/{world.org.slug}/counterparties/"))
    assert "220-81-62517" in page and "T2120901007402" in page
