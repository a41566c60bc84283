"""Reopening the last closed fiscal year (the chairman, with a reason): the closing entry is
reversed, never deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.ledger import books
from llp_gov.ledger.book_language import book_text
from llp_gov.ledger.closing import partner_years
from llp_gov.ledger.models import Allocation, FiscalYear, JournalEntry


def require_chairman(actor, organisation) -> None:
    """NotFound for outsiders; PermissionDenied for anyone but the chairman."""
    policy.require(actor, organisation, "ledger:read")
    if policy.role_of(actor, organisation) != "chairman":
        raise PermissionDenied(_("Only the chairman can reopen a closed fiscal year."))


def reopen_fiscal_year(*, actor, organisation, year: int, reason: str) -> FiscalYear:
    """The chairman reopens the last closed fiscal year, stating why: the closing entry is
    reversed by a mirror entry pointing at it (never deleted; 電帳規 4(1)), the year's derived
    allocation rows are dropped (their figures stay in the audit event) and the year is open
    again. Raises PermissionDenied (not the chairman), NotFound, Conflict (not closed, or a
    later year is closed), ValidationError(reason)."""
    require_chairman(actor, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason=_("State why the year is reopened."))
    if len(reason) > 400:
        raise ValidationError(reason=_("At most %(n)d characters.", n=400))
    fy = books.get_fiscal_year(organisation, year) if isinstance(year, int) else None
    if fy is None:
        raise NotFound()
    if not fy.is_closed:
        raise Conflict(_("Fiscal year %(year)s is not closed.", year=year))
    later = db.session.scalar(
        select(func.min(FiscalYear.year)).where(
            FiscalYear.organisation_id == organisation.id,
            FiscalYear.year > year,
            FiscalYear.status == "closed",
        )
    )
    if later is not None:
        raise Conflict(
            _(
                "Fiscal year %(later)s is closed: only the last closed year can be reopened.",
                later=later,
            )
        )
    reversed_ids = select(JournalEntry.reverses_id).where(JournalEntry.reverses_id.is_not(None))
    closing_entry = db.session.scalars(
        select(JournalEntry)
        .where(
            JournalEntry.organisation_id == organisation.id,
            JournalEntry.fiscal_year == year,
            JournalEntry.kind == "closing",
            JournalEntry.reverses_id.is_(None),
            JournalEntry.id.not_in(reversed_ids),
        )
        .order_by(JournalEntry.id.desc())
    ).first()
    rows = partner_years(organisation, fy)
    old = {
        "status": fy.status,
        "net_income": fy.net_income,
        "allocation": {str(r.partner_id): r.net_result for r in rows},
    }
    fy.status, fy.closed_at, fy.closed_by_id = "open", None, None
    db.session.flush()
    reversal = None
    if closing_entry is not None:
        # Kind "closing" like the entry it mirrors, so the year's result excludes both.
        reversal = books.post(
            actor=actor,
            organisation=organisation,
            entry_date=closing_entry.entry_date,
            kind="closing",
            description=book_text(
                organisation,
                lambda: _(
                    "Reversal of entry %(n)s (fiscal year %(year)s reopened): %(reason)s",
                    n=closing_entry.number,
                    year=year,
                    reason=reason,
                ),
            )[:400],
            lines=[
                {"account": line.account, "debit": line.credit, "credit": line.debit}
                for line in closing_entry.lines
            ],
            reverses_id=closing_entry.id,
            audit_tag="ledger:entry:reverse",
        )
    for row in rows:
        db.session.delete(row)
    for alloc in db.session.scalars(select(Allocation).where(Allocation.fiscal_year_id == fy.id)):
        db.session.delete(alloc)
    fy.net_income, fy.ratio_agreement_id = None, None
    db.session.flush()
    audit.record(
        tag="ledger:year:reopen",
        actor=actor,
        organisation_id=organisation.id,
        target=fy,
        diff={
            "status": [old["status"], "open"],
            "reason": [None, reason],
            "net_income": [old["net_income"], None],
            "allocation": [old["allocation"], None],
            "reversal_entry_id": [None, reversal.id if reversal else None],
        },
    )
    return fy
