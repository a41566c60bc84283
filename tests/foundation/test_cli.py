"""The command line: users create, users create-token, audit verify, demo load, db upgrade."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text

from llp_gov import create_app
from llp_gov.audit import services as audit
from llp_gov.audit.models import AuditEvent
from llp_gov.auth import services as auth
from llp_gov.auth.models import ApiToken, User
from llp_gov.extensions import db
from llp_gov.orgs.models import Membership, Organisation
from llp_gov.partners.models import Partner


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_users_create_with_a_role(runner, world):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Liaison@City.test",
            "--name",
            "市 連絡員",
            "--password",
            "a long password",
            "--org",
            world.org.slug,
            "--role",
            "observer",
        ]
    )
    assert result.exit_code == 0, result.output
    user = auth.get_by_email("liaison@city.test")
    assert user.password_hash.startswith("scrypt:")
    m = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert m.role == "observer" and m.organisation_id == world.org.id


def test_users_create_prompts_for_the_password(runner, app):
    result = runner.invoke(
        args=["users", "create", "root@example.test", "--name", "Root", "--superadmin"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long password" not in result.output
    user = auth.get_by_email("root@example.test")
    assert user.is_superadmin and auth.authenticate("root@example.test", "a long password") == user


def test_users_create_refuses_bad_input_and_saves_nothing(runner, world):
    before = (count(User), count(AuditEvent))
    for args in (
        ["--org", world.org.slug, "--role", "king"],  # unknown role
        ["--org", "no-such-org"],
    ):
        result = runner.invoke(
            args=[
                "users",
                "create",
                "x@example.test",
                "--name",
                "X",
                "--password",
                "a long password",
                *args,
            ]
        )
        assert result.exit_code != 0
    result = runner.invoke(
        args=["users", "create", "not-an-address", "--name", "X", "--password", "a long password"]
    )
    assert (
        result.exit_code != 0 and "email:" in result.output
    )  # the field and its translated message
    result = runner.invoke(
        args=["users", "create", "y@example.test", "--name", "Y", "--password", "short"]
    )
    assert result.exit_code != 0
    db.session.expire_all()
    assert (count(User), count(AuditEvent)) == before


def test_create_token_prints_it_once_and_stores_a_hash(runner, client, world):
    result = runner.invoke(
        args=["users", "create-token", "member@klic.test", "--name", "nightly export"]
    )
    assert result.exit_code == 0, result.output
    plain = result.output.strip()
    assert plain.startswith("llpg_") and "\n" not in plain
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "nightly export"))
    assert plain not in (token.token_hash, token.prefix)
    resp = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert resp.status_code == 200 and resp.get_json()["email"] == "member@klic.test"
    result = runner.invoke(args=["users", "create-token", "nobody@klic.test", "--name", "x"])
    assert result.exit_code != 0


def test_audit_verify_passes_then_names_the_first_broken_link(runner, world):
    for i in range(4):
        audit.record(tag="test:event", organisation_id=world.org.id, diff={"i": [None, i]})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    third = db.session.scalar(
        select(AuditEvent).where(AuditEvent.chain_key == f"org:{world.org.id}", AuditEvent.seq == 3)
    )
    db.session.execute(
        text("UPDATE audit_events SET tag = 'test:forged' WHERE id = :id"), {"id": third.id}
    )
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"chain=org:{world.org.id} seq=3 event={third.id}" in result.output


def test_audit_verify_catches_a_deleted_row(runner, world):
    for i in range(3):
        audit.record(tag="test:event", organisation_id=world.org.id, diff={"i": [None, i]})
    db.session.commit()
    db.session.execute(
        text("DELETE FROM audit_events WHERE chain_key = :k AND seq = 2"),
        {"k": f"org:{world.org.id}"},
    )
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "seq=2" in result.output and "missing" in result.output


def test_demo_load_only_in_demo_mode(runner, app):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "LLP_GOV_DEMO_MODE" in result.output
    assert count(Organisation) == 0


def test_demo_load_tells_the_seeds_story(runner, app, tmp_path):
    app.config["DEMO_MODE"] = True
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["demo", "load", "--password", "demo-password"])
    assert result.exit_code == 0, result.output
    for email in (
        "chairman@klic.example",
        "member@klic.example",
        "accountant@klic.example",
        "admin@klic.example",
        "chairman@sicam.example",
        "member@sicam.example",
    ):
        assert email in result.output
    assert "demo-password" in result.output
    klic = db.session.scalar(select(Organisation).where(Organisation.slug == "klic"))
    sicam = db.session.scalar(select(Organisation).where(Organisation.slug == "sicam"))
    assert klic.name == "北九州国際IT推進有限責任事業組合" and klic.legal_form == "jp_llp"
    assert klic.name_en == "Kitakyushu League of International IT Companies LLP"
    assert sicam.legal_form == "other"
    klic_partners = list(
        db.session.scalars(select(Partner).where(Partner.organisation_id == klic.id))
    )
    # Twelve founding partners and one admitted after the effective date (issue 10 item 5).
    assert len(klic_partners) == 13
    newcomer = next(p for p in klic_partners if p.name == "株式会社響灘データラボ")
    assert newcomer.status == "active" and newcomer.admitted_on > klic.effective_date
    from llp_gov.resolutions.models import Resolution

    story = {
        r.matter: r
        for r in db.session.scalars(select(Resolution).where(Resolution.organisation_id == klic.id))
    }
    assert story["admission"].status == "adopted"
    assert story["admission"].subject_partner_id == newcomer.id
    assert story["amendment"].effects["amendment"] == "applied"
    assert klic.office_address == story["amendment"].payload["changes"]["office_address"]
    assert all(
        p.name_kana and p.name_en and p.address and p.corporate_number and p.representative_user_id
        for p in klic_partners
    )
    from llp_gov.partners.identifiers import is_valid_corporate_number, is_valid_kr_business_number

    assert all(is_valid_corporate_number(p.corporate_number) for p in klic_partners)
    sicam_partners = list(
        db.session.scalars(select(Partner).where(Partner.organisation_id == sicam.id))
    )
    assert sicam_partners and all(
        is_valid_kr_business_number(p.kr_business_number) for p in sicam_partners
    )
    chairman = auth.get_by_email("chairman@klic.example")
    assert any(
        p.representative_user_id == chairman.id for p in klic_partners
    )  # his own company votes
    # The demo's own agreement and commission name the demo LLP, not some other one.
    from llp_gov.documents.models import Document

    texts = [
        v.extracted_text or ""
        for d in db.session.scalars(select(Document).where(Document.organisation_id == klic.id))
        if d.title in ("有限責任事業組合契約書", "業務委託契約書（北九州市 情報システム保守）")
        for v in d.versions
    ]
    assert len(texts) == 2 and all(klic.name in t for t in texts)
    assert audit.verify() == []
    # A second run leaves the data alone.
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0 and "not empty" in result.output
    assert count(Organisation) == 2


def test_db_upgrade_creates_the_schema_on_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    fresh = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url}
    )
    result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {
        "users",
        "organisations",
        "memberships",
        "partners",
        "counterparties",
        "audit_events",
        "audit_chains",
        "api_tokens",
        "alembic_version",
    } <= tables


def test_orgs_create_then_users_create_in_it(runner, app):
    result = runner.invoke(
        args=[
            "orgs",
            "create",
            "fukuoka",
            "--name",
            "福岡テスト有限責任事業組合",
            "--name-en",
            "Fukuoka Test LLP",
            "--effective-date",
            "2026-04-01",
            "--end-date",
            "2036-03-31",
        ]
    )
    assert result.exit_code == 0, result.output
    org = db.session.scalar(select(Organisation).where(Organisation.slug == "fukuoka"))
    assert org.is_jp_llp and org.end_date.isoformat() == "2036-03-31"
    result = runner.invoke(
        args=[
            "users",
            "create",
            "chair@fukuoka.test",
            "--name",
            "理事長",
            "--password",
            "a long password",
            "--org",
            "fukuoka",
            "--role",
            "chairman",
        ]
    )
    assert result.exit_code == 0, result.output


def test_orgs_create_refuses_a_japanese_llp_without_the_statutory_words(runner, app):
    result = runner.invoke(args=["orgs", "create", "fukuoka", "--name", "福岡テスト組合"])
    assert result.exit_code != 0 and "有限責任事業組合" in result.output
    assert count(Organisation) == 0 and count(AuditEvent) == 0
    result = runner.invoke(
        args=["orgs", "create", "busan", "--name", "부산 IT 협회", "--legal-form", "other"]
    )
    assert result.exit_code == 0, result.output


def test_users_create_names_a_missing_organisation(runner, app):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "x@example.test",
            "--name",
            "X",
            "--password",
            "a long password",
            "--org",
            "nowhere",
        ]
    )
    assert result.exit_code != 0 and "nowhere" in result.output
    assert count(User) == 0
