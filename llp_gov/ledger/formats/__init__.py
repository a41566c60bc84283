"""Journal import files for the accountants' packages: Yayoi (弥生会計), MoneyForward クラウド
会計 and freee. Each module has its column list and limits; this module reads the journal lines
they share (one query, in entry and line order) and runs the checks that refuse a file the
package would import wrongly, naming the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import exports as shared
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger.journal_query import filter_journal
from llp_gov.ledger.models import Account, JournalEntry, JournalLine
from llp_gov.partners.models import Partner

IMPORT_FORMATS = ("yayoi", "moneyforward", "freee")
MAX_NAMED = 20


class Line(NamedTuple):
    number: int
    date: dt.date
    kind: str
    description: str
    counterparty: str | None
    supplier_registered: bool
    line_no: int
    code: str
    account: str
    account_type: str
    partner: str | None  # the partner of a capital account (its sub-account)
    debit: int
    credit: int


def journal_lines(organisation, *, date_from=None, date_to=None, partner_id=None):
    """The journal's lines as `Line` tuples, streamed in (entry number, line) order."""

    stmt = (
        select(
            JournalEntry.number,
            JournalEntry.entry_date,
            JournalEntry.kind,
            JournalEntry.description,
            Counterparty.name,
            Counterparty.invoice_number,
            JournalLine.line_no,
            Account.code,
            Account.name,
            Account.type,
            Partner.name,
            JournalLine.debit,
            JournalLine.credit,
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .join(Account, Account.id == JournalLine.account_id)
        .outerjoin(Partner, Partner.id == Account.partner_id)
        .outerjoin(Counterparty, Counterparty.id == JournalEntry.counterparty_id)
        .where(JournalEntry.organisation_id == organisation.id)
        .order_by(JournalEntry.number, JournalLine.line_no)
    )
    stmt = filter_journal(stmt, date_from=date_from, date_to=date_to, partner_id=partner_id)
    for r in db.session.execute(stmt.execution_options(yield_per=2000)):
        registered = r[4] is None or bool((r[5] or "").strip())
        yield Line(
            r[0], r[1], r[2], r[3], r[4], registered, r[6], r[7], r[8], r[9], r[10],
            int(r[11]), int(r[12]),
        )  # fmt: skip


def entries(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """Lines grouped by entry number."""
    for _number, group in groupby(lines, key=lambda ln: ln.number):
        yield list(group)


def pairs(entry: list[Line]) -> list[tuple[Line | None, Line | None]]:
    """An entry's debit and credit lines side by side, one row each (the layout of the
    packages whose rows carry a debit and a credit half with the same entry number)."""
    debits = [ln for ln in entry if ln.debit]
    credits = [ln for ln in entry if ln.credit]
    size = max(len(debits), len(credits))
    return [
        (debits[i] if i < len(debits) else None, credits[i] if i < len(credits) else None)
        for i in range(size)
    ]


def line_label(line: Line) -> str:
    return _("entry %(n)s line %(l)s", n=line.number, l=line.line_no)


def refuse(problems: list[str], message: str, field: str = "format") -> None:
    """Raise a ValidationError naming at most MAX_NAMED problems (rows and what is wrong)."""
    if not problems:
        return
    named = "; ".join(problems[:MAX_NAMED]) + (" …" if len(problems) > MAX_NAMED else "")
    raise ValidationError(f"{message} {named}", **{field: message})


def cp932_check(rows: Iterable[tuple], label) -> None:
    """Refuse a Shift_JIS file when a cell holds a character cp932 cannot encode even after
    `llp_gov.exports.to_cp932`: the message names each row (`label(number, row)`, 1-based)
    and the characters."""
    problems = []
    for number, row in enumerate(rows, start=1):
        bad = shared.cp932_problems([row])
        if bad:
            chars = " ".join(f"「{c}」" for c in bad[0][1])
            problems.append(_("%(row)s: %(chars)s", row=label(number, row), chars=chars))
            if len(problems) > MAX_NAMED:
                break
    refuse(
        problems,
        _(
            "Shift_JIS (cp932) cannot encode these characters; export as UTF-8 CSV or XLSX "
            "instead, or change the text:"
        ),
    )


def cp932_bytes(text: str) -> int:
    """Length of `text` in Shift_JIS bytes (a full-width character counts 2)."""
    return len(shared.to_cp932(text).encode("cp932", errors="replace"))


def cut_cp932(text: str, limit: int) -> str:
    """`text` cut at a character boundary to at most `limit` Shift_JIS bytes."""
    out, used = [], 0
    for ch in text:
        size = cp932_bytes(ch)
        if used + size > limit:
            break
        out.append(ch)
        used += size
    return "".join(out)


def build(fmt: str, organisation, *, header: bool = False, **filters):
    """(filename stem suffix, mimetype, byte stream) of an import file; the checks run on a
    first pass before any byte is produced."""
    # The format modules import Line and the helpers above from this package: a cycle at the top.
    from llp_gov.ledger.formats import freee, moneyforward, yayoi  # noqa: PLC0415 (cycle: see above)

    module = {"yayoi": yayoi, "moneyforward": moneyforward, "freee": freee}[fmt]

    def lines():
        return journal_lines(organisation, **filters)

    module.check(lines())
    return module.stream(lines(), header=header), module.MIMETYPE
