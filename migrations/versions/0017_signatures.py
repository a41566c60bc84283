"""signatures (wave 3): the board portal moves onto the partners' resolutions.

Convening notices, proxy votes and minutes now belong to resolutions.resolutions (tables
board_notices, board_proxy_votes, board_minutes). Each written resolution of the old portal
(written_resolutions) becomes a resolution decided in writing (matter "business", rule
"unanimous", basis "in_writing"; its statute text is kept at the end of the text), its consents
become the resolution's votes ("for"/"against"), a proxy's answer a board_proxy_votes row, its
notices and signed minutes follow it; then the old tables are dropped. Audit events keep naming
the old rows (the chain is never rewritten).

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
OLD = ("minutes", "convening_notices", "written_consents", "written_resolutions")


def _when(name, nullable=False):
    return sa.Column(name, llp_gov.db.UTCDateTime(timezone=True), nullable=nullable)


def _table(name, *columns, fks=(), uniques=(), indexes=()):
    """A table with an id primary key, named constraints (the models' naming convention)."""
    op.create_table(
        name,
        sa.Column("id", ID, nullable=False),
        *columns,
        *[
            sa.ForeignKeyConstraint([col], [f"{ref}.id"], name=f"fk_{name}_{col}_{ref}")
            for col, ref in fks
        ],
        *[sa.UniqueConstraint(*cols, name=f"uq_{name}_{'_'.join(cols)}") for cols in uniques],
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    for col in indexes:
        op.create_index(f"ix_{name}_{col}", name, [col], unique=False)


def _new_tables():
    _table(
        "board_notices",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        _when("delivered_at", nullable=True),
        _when("opened_at", nullable=True),
        fks=[("resolution_id", "resolutions"), ("partner_id", "partners"), ("user_id", "users")],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "board_proxy_votes",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("proxy_name", sa.String(200), nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("recorded_by_id", ID, nullable=False),
        _when("recorded_at"),
        fks=[
            ("resolution_id", "resolutions"),
            ("partner_id", "partners"),
            ("document_id", "documents"),
            ("recorded_by_id", "users"),
        ],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "board_minutes",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("signed_by_id", ID, nullable=False),
        _when("signed_at"),
        fks=[
            ("organisation_id", "organisations"),
            ("resolution_id", "resolutions"),
            ("document_id", "documents"),
            ("signed_by_id", "users"),
        ],
        uniques=[("resolution_id",)],
        indexes=["organisation_id"],
    )


TIMES = {"deadline", "opened_at", "closed_at", "at", "delivered_at", "signed_at", "recorded_at"}


def _t(name, *cols):
    """A lightweight table; its time columns typed, so that SQLite's text reads back as UTC."""
    return sa.table(
        name,
        *[
            sa.column(c, llp_gov.db.UTCDateTime(timezone=True)) if c in TIMES else sa.column(c)
            for c in cols
        ],
    )


def _move_data():
    conn = op.get_bind()
    written = _t(
        "written_resolutions",
        "id",
        "organisation_id",
        "title",
        "text",
        "statute",
        "deadline",
        "status",
        "opened_by_id",
        "opened_at",
        "closed_at",
    )
    consents = _t(
        "written_consents",
        "resolution_id",
        "partner_id",
        "consent",
        "user_id",
        "proxy_name",
        "proxy_document_id",
        "at",
    )
    notices = _t(
        "convening_notices", "resolution_id", "partner_id", "user_id", "delivered_at", "opened_at"
    )
    minutes = _t("minutes", "resolution_id", "document_id", "signed_by_id", "signed_at")
    resolutions = sa.table(
        "resolutions",
        sa.column("id", ID),
        sa.column("organisation_id", ID),
        sa.column("matter", sa.String),
        sa.column("title", sa.String),
        sa.column("text", sa.Text),
        sa.column("payload", sa.JSON),
        sa.column("rule", sa.String),
        sa.column("rule_basis", sa.String),
        sa.column("base", sa.Integer),
        sa.column("required", sa.Integer),
        sa.column("deadline", llp_gov.db.UTCDateTime(timezone=True)),
        sa.column("opened_by_id", ID),
        sa.column("opened_at", llp_gov.db.UTCDateTime(timezone=True)),
        sa.column("status", sa.String),
        sa.column("closed_at", llp_gov.db.UTCDateTime(timezone=True)),
        sa.column("close_reason", sa.String),
        sa.column("effects", sa.JSON),
    )
    votes = _t("resolution_votes", "resolution_id", "partner_id", "vote", "cast_by_id", "cast_at")
    new_notices = _t(
        "board_notices", "resolution_id", "partner_id", "user_id", "delivered_at", "opened_at"
    )
    proxies = _t(
        "board_proxy_votes",
        "resolution_id",
        "partner_id",
        "proxy_name",
        "document_id",
        "recorded_by_id",
        "recorded_at",
    )
    new_minutes = _t(
        "board_minutes",
        "organisation_id",
        "resolution_id",
        "document_id",
        "signed_by_id",
        "signed_at",
    )
    for w in conn.execute(sa.select(written).order_by(written.c.id)).mappings().all():
        answers = {
            a["partner_id"]: a
            for a in conn.execute(sa.select(consents).where(consents.c.resolution_id == w["id"]))
            .mappings()
            .all()
        }
        sent = (
            conn.execute(sa.select(notices).where(notices.c.resolution_id == w["id"]))
            .mappings()
            .all()
        )
        partners = sorted({n["partner_id"] for n in sent} | set(answers))
        base = max(len(partners), 1)
        text = w["text"] or ""
        if w["statute"]:
            text = f"{text}\n\n({w['statute']})".strip()
        new_id = conn.execute(
            resolutions.insert()
            .values(
                organisation_id=w["organisation_id"],
                matter="business",
                title=w["title"],
                text=text,
                payload={},
                rule="unanimous",
                rule_basis="in_writing",
                base=base,
                required=base,
                deadline=w["deadline"],
                opened_by_id=w["opened_by_id"],
                opened_at=w["opened_at"],
                status=w["status"],
                closed_at=w["closed_at"],
                close_reason=None if w["status"] == "open" else "decided",
                effects={},
            )
            .returning(resolutions.c.id)
        ).scalar_one()
        for pid in partners:
            a = answers.get(pid)
            conn.execute(
                votes.insert().values(
                    resolution_id=new_id,
                    partner_id=pid,
                    vote=None if a is None else ("for" if a["consent"] else "against"),
                    cast_by_id=a["user_id"] if a else None,
                    cast_at=a["at"] if a else None,
                )
            )
            if a is not None and a["proxy_document_id"] is not None:
                conn.execute(
                    proxies.insert().values(
                        resolution_id=new_id,
                        partner_id=pid,
                        proxy_name=a["proxy_name"] or "—",
                        document_id=a["proxy_document_id"],
                        recorded_by_id=a["user_id"],
                        recorded_at=a["at"],
                    )
                )
        for n in sent:
            conn.execute(
                new_notices.insert().values(
                    resolution_id=new_id,
                    partner_id=n["partner_id"],
                    user_id=n["user_id"],
                    delivered_at=n["delivered_at"],
                    opened_at=n["opened_at"],
                )
            )
        for m in (
            conn.execute(sa.select(minutes).where(minutes.c.resolution_id == w["id"]))
            .mappings()
            .all()
        ):
            if m["document_id"] is None or m["signed_at"] is None:
                continue  # unsigned minutes: listed again from the closed resolution
            conn.execute(
                new_minutes.insert().values(
                    organisation_id=w["organisation_id"],
                    resolution_id=new_id,
                    document_id=m["document_id"],
                    signed_by_id=m["signed_by_id"],
                    signed_at=m["signed_at"],
                )
            )


def upgrade():
    _new_tables()
    _move_data()
    for table in OLD:
        op.drop_table(table)


def downgrade():
    # The old portal's tables come back empty: the moved rows stay as resolutions.
    op.drop_table("board_minutes")
    op.drop_table("board_proxy_votes")
    op.drop_table("board_notices")
    _table(
        "written_resolutions",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("statute", sa.String(200), nullable=True),
        _when("deadline"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_by_id", ID, nullable=False),
        _when("opened_at"),
        _when("closed_at", nullable=True),
        fks=[("organisation_id", "organisations"), ("opened_by_id", "users")],
        indexes=["organisation_id"],
    )
    _table(
        "written_consents",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("proxy_name", sa.String(200), nullable=True),
        sa.Column("proxy_document_id", ID, nullable=True),
        _when("at"),
        fks=[
            ("resolution_id", "written_resolutions"),
            ("partner_id", "partners"),
            ("user_id", "users"),
            ("proxy_document_id", "documents"),
        ],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "convening_notices",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        _when("delivered_at", nullable=True),
        _when("opened_at", nullable=True),
        fks=[
            ("resolution_id", "written_resolutions"),
            ("partner_id", "partners"),
            ("user_id", "users"),
        ],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "minutes",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("signed_by_id", ID, nullable=True),
        _when("signed_at", nullable=True),
        _when("created_at"),
        fks=[
            ("organisation_id", "organisations"),
            ("resolution_id", "written_resolutions"),
            ("document_id", "documents"),
            ("signed_by_id", "users"),
        ],
        uniques=[("resolution_id",)],
        indexes=["organisation_id"],
    )
