"""Read-only questions other domains ask about resolutions."""

from __future__ import annotations

from sqlalchemy import select

from llp_gov.db import db
from llp_gov.resolutions.models import Resolution


def adopted_matters_for_project(project) -> set[str]:
    return set(
        db.session.scalars(
            select(Resolution.matter).where(
                Resolution.project_id == project.id, Resolution.status == "adopted"
            )
        )
    )


def resolutions_for_project(project) -> list[Resolution]:
    return list(
        db.session.scalars(
            select(Resolution).where(Resolution.project_id == project.id).order_by(Resolution.id)
        )
    )
