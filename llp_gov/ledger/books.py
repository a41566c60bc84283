"""Fiscal years, posting journal entries, reversals and balances computed from the lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.documents.models import Document
from llp_gov.errors import NotFound, ValidationError
from llp_gov.ledger import chart, years
from llp_gov.ledger.book_language import in_book_language
from llp_gov.ledger.models import Account, FiscalYear, JournalEntry, JournalLine

MAX_YEN = 10**15  # a quadrillion yen: beyond any LLP, inside BIGINT with room for sums


def fiscal_year_of(organisation, on: dt.date) -> int:
    """The fiscal year containing `on`, named by the calendar year it starts in."""
    if organisation.setting(years.SETTINGS_KEY):  # the agreement changed its start month
        return years.fiscal_year_of(organisation, on)
    start = organisation.fiscal_year_start_month or 1
    return on.year if on.month >= start else on.year - 1


def fiscal_year_bounds(organisation, year: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of fiscal year `year` (named by the calendar year it starts in), legal-zone dates; honours a changed start month (years.py)."""
    if organisation.setting(years.SETTINGS_KEY):
        return years.fiscal_year_bounds(organisation, year)
    start_month = organisation.fiscal_year_start_month or 1
    starts = dt.date(year, start_month, 1)
    next_start = dt.date(year + 1, start_month, 1)
    return starts, next_start - dt.timedelta(days=1)


@overload
def get_fiscal_year(organisation, year: int, create: Literal[True]) -> FiscalYear: ...


@overload
def get_fiscal_year(organisation, year: int, create: bool = False) -> FiscalYear | None: ...


def get_fiscal_year(organisation, year: int, create: bool = False) -> FiscalYear | None:
    """The fiscal year `year` (named by the calendar year it starts in), or None; with
    `create` it is added (open, with its bounds) when missing."""
    fy = db.session.execute(
        select(FiscalYear).where(
            FiscalYear.organisation_id == organisation.id, FiscalYear.year == year
        )
    ).scalar_one_or_none()
    if fy is None and create:
        starts, ends = fiscal_year_bounds(organisation, year)
        fy = FiscalYear(
            organisation_id=organisation.id,
            year=year,
            starts_on=starts,
            ends_on=ends,
            status="open",
        )
        db.session.add(fy)
        db.session.flush()
    return fy


def fiscal_years(organisation) -> list[FiscalYear]:
    """The organisation's fiscal years that have rows, oldest first."""
    return list(
        db.session.scalars(
            select(FiscalYear)
            .where(FiscalYear.organisation_id == organisation.id)
            .order_by(FiscalYear.year)
        )
    )


def latest_year_with_entries(organisation) -> int | None:
    """The latest fiscal year (named by the calendar year it starts in) holding a journal
    entry, or None when the books are empty: what an export form offers by default."""
    return db.session.scalar(
        select(func.max(JournalEntry.fiscal_year)).where(
            JournalEntry.organisation_id == organisation.id
        )
    )


def is_closed(organisation, on: dt.date) -> bool:
    """True when the fiscal year containing `on` (a legal-zone date) is closed."""
    fy = get_fiscal_year(organisation, fiscal_year_of(organisation, on))
    return fy is not None and fy.is_closed


def yen(value, field: str, *, allow_zero: bool = True) -> int:
    """An amount in whole yen: an int (or a string of digits), never a float or a fraction."""
    if isinstance(value, bool):
        raise ValidationError(**{field: _("Enter a whole number of yen.")})
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int):
        raise ValidationError(**{field: _("Enter a whole number of yen (no fractions).")})
    if value < 0:
        raise ValidationError(**{field: _("The amount cannot be negative.")})
    if value == 0 and not allow_zero:
        raise ValidationError(**{field: _("The amount must be more than zero.")})
    if value > MAX_YEN:
        raise ValidationError(**{field: _("The amount is too large.")})
    return value


def _decimal(value, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(**{field: _("Enter a number.")}) from exc
    if not d.is_finite() or d <= 0:
        raise ValidationError(**{field: _("Enter a positive number.")})
    return d


def _clean_lines(organisation, lines) -> list[dict]:
    if not isinstance(lines, list | tuple) or len(lines) < 2:
        raise ValidationError(lines=_("An entry needs at least two lines."))
    accounts = {a.code: a for a in chart.accounts(organisation)}
    by_id = {a.id: a for a in accounts.values()}
    out, errors = [], {}
    for i, line in enumerate(lines):
        prefix = f"lines.{i}"
        account = line.get("account")
        if isinstance(account, Account):
            acc = account if account.organisation_id == organisation.id else None
        elif isinstance(account, int) and not isinstance(account, bool):
            acc = by_id.get(account)
        else:
            acc = accounts.get(str(account or "").strip())
        if acc is None:
            errors[f"{prefix}.account"] = _("Unknown account: %(code)s", code=str(account or ""))
            continue
        try:
            debit = yen(line.get("debit") or 0, f"{prefix}.debit")
            credit = yen(line.get("credit") or 0, f"{prefix}.credit")
        except ValidationError as exc:
            errors.update(exc.fields)
            continue
        if (debit == 0) == (credit == 0):
            errors[f"{prefix}.debit"] = _(
                "Each line has either a debit or a credit, not both or neither."
            )
            continue
        clean: dict[str, Any] = {"account": acc, "debit": debit, "credit": credit}
        currency = (line.get("currency") or "").strip().upper() or None
        if currency and currency != "JPY":
            try:
                clean["currency"] = currency
                clean["original_amount"] = _decimal(
                    line.get("original_amount"), f"{prefix}.original_amount"
                )
                clean["rate"] = _decimal(line.get("rate"), f"{prefix}.rate")
                rate_date = line.get("rate_date")
                if isinstance(rate_date, str):
                    rate_date = dt.date.fromisoformat(rate_date)
                if not isinstance(rate_date, dt.date):
                    raise ValidationError(
                        **{f"{prefix}.rate_date": _("Give the date of the exchange rate.")}
                    )
                clean["rate_date"] = rate_date
            except ValidationError as exc:
                errors.update(exc.fields)
            except ValueError:
                errors[f"{prefix}.rate_date"] = _("Enter a date as YYYY-MM-DD.")
            if len(currency) != 3 or not currency.isalpha():
                errors[f"{prefix}.currency"] = _("Use a three-letter currency code such as KRW.")
        out.append(clean)
    if errors:
        raise ValidationError(_("The entry was not posted."), **errors)
    debits = sum(line["debit"] for line in out)
    credits = sum(line["credit"] for line in out)
    if debits != credits:
        raise ValidationError(
            _(
                "Debits (%(d)s) and credits (%(c)s) do not balance.",
                d=f"{debits:,}",
                c=f"{credits:,}",
            ),
            lines=_("Debits and credits must be equal."),
        )
    return out


def check_open(organisation, on: dt.date, field: str = "date") -> FiscalYear:
    """The open fiscal year containing `on`; nothing posts into a closed year."""
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationError(**{field: _("Enter a date as YYYY-MM-DD.")})
    fy = get_fiscal_year(organisation, fiscal_year_of(organisation, on), create=True)
    if fy.is_closed:
        raise ValidationError(
            _("Fiscal year %(year)s is closed: nothing can be posted into it.", year=fy.year),
            **{field: _("This date is in a closed fiscal year.")},
        )
    return fy


def post(
    *,
    actor,
    organisation,
    entry_date: dt.date,
    description: str,
    lines,
    kind: str = "ordinary",
    counterparty_id: int | None = None,
    document_id: int | None = None,
    reverses_id: int | None = None,
    audit_tag: str = "ledger:entry:post",
) -> JournalEntry:
    """Post a balanced entry (callers have checked the permission for its kind)."""
    chart.ensure_chart(organisation)
    description = (description or "").strip()
    if not description or len(description) > 400:
        raise ValidationError(description=_("Describe the entry (at most 400 characters)."))
    fy = check_open(organisation, entry_date)
    clean = _clean_lines(organisation, lines)
    if counterparty_id is not None:
        cp = db.session.get(Counterparty, counterparty_id)
        if cp is None or cp.organisation_id != organisation.id:
            raise ValidationError(counterparty_id=_("Unknown counterparty."))
    if document_id is not None:
        _check_document(organisation, document_id)
    number = (
        db.session.scalar(
            select(func.max(JournalEntry.number)).where(
                JournalEntry.organisation_id == organisation.id
            )
        )
        or 0
    ) + 1
    entry = JournalEntry(
        organisation_id=organisation.id,
        number=number,
        entry_date=entry_date,
        fiscal_year=fy.year,
        kind=kind,
        description=description,
        counterparty_id=counterparty_id,
        document_id=document_id,
        reverses_id=reverses_id,
        posted_by_id=getattr(actor, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    for i, line in enumerate(clean, start=1):
        db.session.add(
            JournalLine(
                entry_id=entry.id,
                organisation_id=organisation.id,
                line_no=i,
                account_id=line["account"].id,
                debit=line["debit"],
                credit=line["credit"],
                currency=line.get("currency"),
                original_amount=line.get("original_amount"),
                rate=line.get("rate"),
                rate_date=line.get("rate_date"),
            )
        )
    db.session.flush()
    audit.record(
        tag=audit_tag,
        actor=actor,
        organisation_id=organisation.id,
        target=entry,
        diff={
            "number": [None, number],
            "date": [None, entry_date],
            "kind": [None, kind],
            "description": [None, description],
            "lines": [None, [[x["account"].code, x["debit"], x["credit"]] for x in clean]],
        },
    )
    return entry


def _check_document(organisation, document_id: int) -> None:
    doc = db.session.get(Document, document_id)
    if doc is None or getattr(doc, "organisation_id", organisation.id) != organisation.id:
        raise ValidationError(document_id=_("Unknown document."))


def post_entry(
    *, actor, organisation, entry_date, description, lines, counterparty_id=None, document_id=None
) -> JournalEntry:
    """Post an ordinary journal entry (仕訳)."""
    policy.require(actor, organisation, "ledger:post")
    return post(
        actor=actor,
        organisation=organisation,
        entry_date=entry_date,
        description=description,
        lines=lines,
        counterparty_id=counterparty_id,
        document_id=document_id,
    )


def get_entry(*, actor, organisation, entry_id: int) -> JournalEntry:
    """A journal entry of the organisation by id, with its lines. Raises NotFound (also for
    another organisation's entry) and PermissionDenied (needs ledger:read)."""
    policy.require(actor, organisation, "ledger:read")
    entry = db.session.get(JournalEntry, entry_id)
    if entry is None or entry.organisation_id != organisation.id:
        raise NotFound()
    return entry


def reverse_entry(
    *,
    actor,
    organisation,
    entry: JournalEntry,
    on: dt.date | None = None,
    reason: str | None = None,
) -> JournalEntry:
    """Post the mirror image of an entry, pointing at it; the original stays as it was."""
    policy.require(actor, organisation, "ledger:post")
    if entry.organisation_id != organisation.id:
        raise NotFound()
    if entry.kind == "closing":
        raise ValidationError(_("A year-end closing entry cannot be reversed."))
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed; post a new entry instead."))
    already = db.session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == entry.id))
    if already:
        raise ValidationError(_("This entry has already been reversed."))
    on = on or entry.entry_date
    lines = [
        {
            "account": line.account,
            "debit": line.credit,
            "credit": line.debit,
            "currency": line.currency,
            "original_amount": line.original_amount,
            "rate": line.rate,
            "rate_date": line.rate_date,
        }
        for line in entry.lines
    ]
    with in_book_language(organisation):
        text = _("Reversal of entry %(n)s", n=entry.number)
    if reason and reason.strip():
        text = f"{text}: {reason.strip()}"
    return post(
        actor=actor,
        organisation=organisation,
        entry_date=on,
        description=text[:400],
        lines=lines,
        kind="reversal",
        counterparty_id=entry.counterparty_id,
        reverses_id=entry.id,
        audit_tag="ledger:entry:reverse",
    )


def balances(
    organisation, *, date_from=None, date_to=None, exclude_closing: bool = False
) -> dict[int, tuple[int, int]]:
    """account_id -> (sum of debits, sum of credits) over the lines in the date range.

    Read from the per-account monthly balances (ledger/balances.py) plus the lines of any
    partial month at either end, so the cost does not grow with the journal."""
    from llp_gov.ledger import balances as monthly  # noqa: PLC0415 (balances imports books' models)

    return monthly.sums(
        organisation, date_from=date_from, date_to=date_to, exclude_closing=exclude_closing
    )


def net_assets(organisation, on: dt.date) -> int:
    """Assets minus liabilities on `on` (end of day), in yen, from the books."""
    from llp_gov.ledger import balances as monthly  # noqa: PLC0415 (balances imports books' models)

    return monthly.net_assets_from(organisation, monthly.sums(organisation, date_to=on))
