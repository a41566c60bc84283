"""Streaming exports of the journal, the contribution ledger and the reports: the rows (from
server-side cursors in batches, so memory does not grow with the books) and the entry point.
Every file is written by the shared writer llp_gov/exports.py (neutralisation, cp932, XLSX
widths and number formats); the import files for Yayoi, MoneyForward and freee are in formats/."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from itertools import chain
from types import SimpleNamespace
from typing import Any

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import aliased

from llp_gov import exports as shared
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import formats
from llp_gov.ledger.formats import cp932_check
from llp_gov.ledger.journal_query import filter_journal
from llp_gov.ledger.labels import LABELS, label
from llp_gov.ledger.models import Account, Contribution, JournalEntry, JournalLine
from llp_gov.ledger.report_tables import REPORT_TITLES, report_columns, report_table
from llp_gov.legaltime import legal_timezone, today_in
from llp_gov.partners.models import Partner

BATCH = 2000  # rows per database fetch
Column = shared.Column

FORMATS = ("csv", "csv-sjis", "xlsx", "yayoi", "moneyforward", "freee")
# Import files for the accountants' packages (journal only), see llp_gov/ledger/formats/.
IMPORT_FORMATS = ("yayoi", "moneyforward", "freee")


def journal_columns() -> list[shared.Column]:
    """The journal's columns (localised headers, kinds, XLSX widths). Entry and line numbers
    are ``text`` kind so the totals row does not add them up."""
    return [
        Column(_("Entry no."), "text", 9),
        Column(_("Date"), "date"),
        Column(_("Kind"), "text", 12),
        Column(_("Description"), "text", 40),
        Column(_("Counterparty"), "text", 24),
        Column(_("Line"), "text", 6),
        Column(_("Account code"), "text", 10),
        Column(_("Account"), "text", 28),
        Column(_("Debit"), "money"),
        Column(_("Credit"), "money"),
        Column(_("Currency"), "text", 8),
        Column(_("Original amount"), "text", 16),
        Column(_("Rate"), "text", 14),
        Column(_("Rate date"), "date"),
        Column(_("Reverses entry"), "text", 10),
    ]


def csv_stream(headers: list | None, rows: Iterable) -> Iterator[bytes]:
    """Rows under plain headers (the partner statement CSV) through the shared writer."""
    return shared.csv_stream([Column(h) for h in headers] if headers else None, rows)


def _journal_headers():
    return [c.header for c in journal_columns()]


def _names(column, en, ko, words: str | None):
    """A name column in the file's language (`words`): the register's English or Korean name
    where it has one, else the Japanese name; the stored name when `words` is None."""
    if words == "en":
        return func.coalesce(en, column)
    if words == "ko":
        return func.coalesce(ko, column)
    return column


def _journal_stmt(
    organisation,
    date_from=None,
    date_to=None,
    partner_id=None,
    typed=True,
    *,
    labelled=False,
    words: str | None = None,
):
    """The journal lines query. typed=False (CSV) leaves dates and decimals as the driver returns
    them: their text form is the same, and skipping the conversion is most of the CPU saved.
    labelled=True gives the entry's kind in the reader's words (files for people); the import
    formats keep the code (Yayoi marks closing entries by it). words: the file's language, for
    the kind words and the account and counterparty names (the headers' language)."""

    reversed_entry = aliased(JournalEntry)
    stmt = (
        select(
            JournalEntry.number,
            JournalEntry.entry_date if typed else type_coerce(JournalEntry.entry_date, String),
            _kind_words(words) if labelled else JournalEntry.kind,
            JournalEntry.description,
            _names(Counterparty.name, Counterparty.name_en, Counterparty.name_ko, words),
            JournalLine.line_no,
            Account.code,
            _names(Account.name, Account.name_en, Account.name_ko, words),
            JournalLine.debit,
            JournalLine.credit,
            JournalLine.currency,
            JournalLine.original_amount
            if typed
            else type_coerce(JournalLine.original_amount, String),
            JournalLine.rate if typed else type_coerce(JournalLine.rate, String),
            JournalLine.rate_date if typed else type_coerce(JournalLine.rate_date, String),
            reversed_entry.number,
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .join(Account, Account.id == JournalLine.account_id)
        .outerjoin(Counterparty, Counterparty.id == JournalEntry.counterparty_id)
        .outerjoin(reversed_entry, reversed_entry.id == JournalEntry.reverses_id)
        # Driven from the entries in number order (unique index), lines by (entry_id, line_no):
        # rows stream in order with no sort of the whole journal first.
        .where(JournalEntry.organisation_id == organisation.id)
        .order_by(JournalEntry.number, JournalLine.line_no)
    )
    stmt = filter_journal(stmt, date_from=date_from, date_to=date_to, partner_id=partner_id)
    return stmt.execution_options(yield_per=BATCH)


def _kind_words(locale: str | None = None):
    """The entry kind as a word of `locale` (the reader's when None), computed by the database
    (no per-row Python)."""
    if locale:
        with force_locale(locale):
            words = {code: str(word) for code, word in LABELS["entry_kind"].items()}
    else:
        words = {code: str(word) for code, word in LABELS["entry_kind"].items()}
    return case(words, value=JournalEntry.kind, else_=JournalEntry.kind)


def journal_rows(organisation, **filters) -> Iterator[tuple]:
    """Journal lines streamed in batches from a server-side cursor (the writer neutralises)."""

    def batches():
        # Lazy: the query runs when the response body is read, after the view has committed
        # (a PostgreSQL server-side cursor does not survive the commit).
        result = db.session.connection().execute(_journal_stmt(organisation, **filters))
        yield from result.partitions()

    return chain.from_iterable(batches())


def _in_language(words: str | None):
    """force_locale(words), or the reader's language as it is when `words` is None."""
    return force_locale(words) if words else nullcontext()


def journal_with_totals(organisation, *, total: str | None = None, **filters) -> Iterator[tuple]:
    """Journal rows, then a totals row (labelled `total`, else "Total" in the reader's
    language) computed by the database after the last row."""
    label_text = total if total is not None else _("Total")

    def totals():
        stmt = (
            _journal_stmt(organisation, **filters)
            .with_only_columns(
                func.coalesce(func.sum(JournalLine.debit), 0),
                func.coalesce(func.sum(JournalLine.credit), 0),
            )
            .order_by(None)
        )
        debit, credit = db.session.connection().execute(stmt).one()
        row = [None] * 15
        row[0], row[8], row[9] = label_text, int(debit), int(credit)
        yield tuple(row)

    return chain(journal_rows(organisation, **filters), totals())


def _sum_columns(rows: Iterable[tuple], columns: tuple[int, ...]) -> Iterator[tuple]:
    """Pass rows through and append a totals row for the given numeric columns."""
    totals = [0] * len(columns)
    width = 0
    pairs = list(enumerate(columns))
    for row in rows:
        width = len(row)
        for i, col in pairs:
            totals[i] += row[col] or 0
        yield row
    if width:
        total_row: list[Any] = [None] * width
        total_row[0] = _("Total")
        for i, col in enumerate(columns):
            total_row[col] = totals[i]
        yield tuple(total_row)


def contribution_rows(organisation, partner_id=None) -> Iterator[tuple]:

    stmt = (
        select(
            Partner.name,
            Contribution.kind,
            Contribution.agreed_amount,
            Contribution.received_amount,
            Contribution.received_on,
            Contribution.valuation_basis,
            Contribution.currency,
            Contribution.original_amount,
            Contribution.note,
        )
        .join(Partner, Partner.id == Contribution.partner_id)
        .where(Contribution.organisation_id == organisation.id)
        .order_by(Partner.position, Contribution.id)
    )
    if partner_id:
        stmt = stmt.where(Contribution.partner_id == partner_id)
    for name, kind, agreed, received, on, basis, *rest in db.session.execute(stmt):
        yield (
            name,
            label(kind, "contribution_kind"),
            agreed,
            received,
            on,
            label(basis, "valuation_basis"),
            *rest,
        )


def contribution_columns() -> list[shared.Column]:
    return [
        Column(_("Partner"), "text", 30),
        Column(_("Kind"), "text", 10),
        Column(_("Agreed"), "money"),
        Column(pgettext("money", "Received"), "money"),
        Column(_("Received on"), "date"),
        Column(_("Valuation basis"), "text", 18),
        Column(_("Currency"), "text", 8),
        Column(_("Original amount"), "text", 16),
        Column(_("Note"), "text", 40),
    ]


def contribution_headers():
    return [c.header for c in contribution_columns()]


def _period_stamp(organisation, date_from, date_to, today) -> str:
    """The period a file holds, for its name: the dates asked for; an open bound is the first
    (last) journal entry's date, or today when the journal is empty (issue 12 item 4)."""
    if date_from is None or date_to is None:
        first, last = db.session.execute(
            select(func.min(JournalEntry.entry_date), func.max(JournalEntry.entry_date)).where(
                JournalEntry.organisation_id == organisation.id
            )
        ).one()
        date_from = date_from or first or today
        date_to = date_to or last or today
    return f"{date_from.isoformat()}_{date_to.isoformat()}"


def export(
    organisation,
    *,
    fmt: str,
    report: str,
    data_fn,
    date_from=None,
    date_to=None,
    partner_id=None,
    header: bool = False,
    locale: str | None = None,
) -> tuple[str, str, Iterator[bytes]]:
    """(filename, mimetype, byte stream). Checks run before the first byte is produced."""
    if fmt not in FORMATS:
        raise ValidationError(format=_("Choose csv, csv-sjis, xlsx, yayoi, moneyforward or freee."))
    if fmt in IMPORT_FORMATS and report != "journal":
        raise ValidationError(format=_("The Yayoi, MoneyForward and freee files hold the journal."))
    today = today_in(organisation)
    # The body streams after the view has committed and returned: keep no ORM object in it.
    organisation = SimpleNamespace(id=organisation.id, slug=organisation.slug)
    stamp = _period_stamp(organisation, date_from, date_to, today)
    sjis = fmt == "csv-sjis"
    # One rule for every file for people: headers, words and names in one language; a
    # Shift_JIS file is for Japanese software, so Japanese throughout.
    words = "ja" if sjis else locale
    tz = legal_timezone(organisation)
    if report == "journal":
        filters = {"date_from": date_from, "date_to": date_to, "partner_id": partner_id}

        def rows():
            return journal_rows(organisation, labelled=True, words=words, **filters)

        if fmt in IMPORT_FORMATS:
            body, mimetype = formats.build(fmt, organisation, header=header, **filters)
            return f"{organisation.slug}-journal-{fmt}-{stamp}.csv", mimetype, body
        if sjis or fmt == "csv":
            # Both CSVs for people end with the totals row (the import formats above do not).
            if sjis:  # refused in the reader's language, before the first byte
                cp932_check(rows(), lambda n, r: _("entry %(n)s line %(l)s", n=r[0], l=r[5]))
            with _in_language(words):
                columns = journal_columns()
                total = _("Total")
            body = shared.csv_stream(
                columns,
                journal_with_totals(
                    organisation, typed=False, labelled=True, words=words, total=total, **filters
                ),
                encoding="cp932" if sjis else "utf-8-sig",
                tz=tz,
            )
        else:
            sheet = shared.Sheet(
                _("Journal"), journal_columns(), rows(), totals=True, totals_label=_("Total")
            )
            body = shared.xlsx_stream([sheet], tz=tz)
    else:
        numeric: tuple[int, ...]
        if report == "contributions":
            columns_fn = contribution_columns
            numeric = (2, 3)

            def rows():
                return contribution_rows(organisation, partner_id)
        else:
            with _in_language(words):
                data = data_fn()
                _headers, table, numeric = report_table(data, words)

            def columns_fn():
                return report_columns(report_table(data, words)[0], report)

            def rows():
                return iter(table)

        def with_totals():
            return _sum_columns(rows(), numeric) if numeric else rows()

        title = REPORT_TITLES[report]()
        if sjis:
            # A Shift_JIS file is for Japanese software: Japanese headers.
            # Its rows too (kinds, valuation bases): read now, in Japanese, not while streaming
            # in the reader's language (a register and a report are small).
            with force_locale("ja"):
                columns = columns_fn()
                lines = list(with_totals())
                cp932_check(iter(lines), lambda n, r: _("row %(n)s", n=n))
            body = shared.csv_stream(columns, iter(lines), encoding="cp932", tz=tz)
        elif fmt == "csv":
            body = shared.csv_stream(columns_fn(), with_totals(), tz=tz)
        else:
            sheet = shared.Sheet(title, columns_fn(), with_totals())
            body = shared.xlsx_stream([sheet], tz=tz)
    ext = "xlsx" if fmt == "xlsx" else "csv"
    suffix = "-sjis" if sjis else ""
    mimetype = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else f"text/csv; charset={'shift_jis' if sjis else 'utf-8'}"
    )
    if report == "contributions":
        # The register is cumulative (every contribution to date), whatever the period asked.
        name = f"{organisation.slug}-contributions-register-as-of-{today}{suffix}.{ext}"
    else:
        name = f"{organisation.slug}-{report}-{stamp}{suffix}.{ext}"
    return name, mimetype, body
