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


def adopted_matters_for_projects(project_ids) -> dict[int, set[str]]:
    """{project id: adopted matters} for many projects in one query (dashboard, lists)."""
    out: dict[int, set[str]] = {pid: set() for pid in project_ids}
    if not out:
        return out
    rows = db.session.execute(
        select(Resolution.project_id, Resolution.matter).where(
            Resolution.project_id.in_(list(out)), Resolution.status == "adopted"
        )
    )
    for project_id, matter in rows:
        if project_id is not None:  # the query selects project resolutions only
            out[project_id].add(matter)
    return out


def resolutions_for_project(project) -> list[Resolution]:
    return list(
        db.session.scalars(
            select(Resolution).where(Resolution.project_id == project.id).order_by(Resolution.id)
        )
    )
