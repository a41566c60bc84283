"""An audit event's changes as the reader reads them (issue 14): a label per field and each value
in words — statuses through the domains' own words, users and partners by name, money as money,
dates in the locale, nested values (versions, tallies, journal lines, allocations) as lines.

`changes_of(events, organisation)` reads the names a page needs in a few queries (users,
partners, counterparties, accounts: one each, whatever the number of events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from babel.dates import get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit.fields import IN_CATEGORY, KINDS, LABELS, code_words
from llp_gov.extensions import db
from llp_gov.web import local_date, local_datetime, money

Value = str | list[str]  # one line, or several lines (a nested value)


@dataclass(frozen=True)
class Change:
    """One field of an event: its label, the value before (None when it had none) and after."""

    label: str
    old: Value | None
    new: Value | None


@dataclass
class Names:
    """The names the page's changes refer to, read once for the page."""

    users: dict[int, str] = field(default_factory=dict)
    partners: dict[int, str] = field(default_factory=dict)
    counterparties: dict[int, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)


def field_label(category: str, key: str) -> str:
    """The reader's word for a diff key; words made of the key when it has none."""
    label = IN_CATEGORY.get((category, key)) or LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def _locale() -> str:
    return str(get_locale() or "en")


def _date(value: Any) -> str:
    try:
        return local_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _datetime(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:  # stored naive = UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return local_datetime(moment)


def _number(value: Any) -> str:
    return format_decimal(value, locale=_locale()) if isinstance(value, int | float) else str(value)


def _joined(items: list[str]) -> str:
    """A list as the reader's language writes one (ja 「A、B、C」, en "A, B, and C")."""
    return format_list(items, locale=_locale()) if items else "—"


def _id_name(names: dict, value: Any) -> str:
    name = names.get(int(value)) if str(value).isdigit() else None
    return name if name is not None else "#" + str(value)


class Reader:
    """Values of one page in words; `names` holds what the page's events refer to."""

    def __init__(self, names: Names, category: str, currency: str = "JPY"):
        self.names, self.category, self.currency = names, category, currency

    def code(self, key: str, value: Any) -> str | None:
        words = code_words()
        table = words.get(f"{self.category}:{key}") or words.get(key)
        if table is not None and value in table:
            return str(table[value])
        return None

    def value(self, key: str, value: Any) -> Value:
        if value is None or value in ("", []):
            return "—"
        kind = KINDS.get(key)
        words = self.code(key, value) if isinstance(value, str | None) else None
        if words is not None:
            return words
        method = getattr(self, f"_{kind}", None) if kind else None
        if method is not None:
            return method(value)
        return self.plain(value)

    def plain(self, value: Any) -> Value:
        """A value by its shape: yes/no, a number grouped, a list joined, a dict as lines."""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, int | float):
            return _number(value)
        if isinstance(value, dict):
            return [
                f"{field_label(self.category, str(k))}: {self.inline(v)}" for k, v in value.items()
            ]
        if isinstance(value, list):
            return _joined([self.inline(v) for v in value])
        return str(value)

    def inline(self, value: Any) -> str:
        shown = self.plain(value)
        return "; ".join(shown) if isinstance(shown, list) else shown

    # kinds (KINDS in fields.py)
    def _user(self, value):
        return _id_name(self.names.users, value)

    def _partner(self, value):
        return _id_name(self.names.partners, value)

    def _partners(self, value):
        if not isinstance(value, list):
            return self._partner(value)
        return _joined([self._partner(v) for v in value])

    def _counterparty(self, value):
        return _id_name(self.names.counterparties, value)

    def _money(self, value):
        return money(value, self.currency) if isinstance(value, int | float) else str(value)

    def _partner_money(self, value):
        if not isinstance(value, dict):
            return self.plain(value)
        return [f"{self._partner(k)}: {self._money(v)}" for k, v in value.items()]

    def _partner_ratio(self, value):
        if not isinstance(value, dict):
            return self.plain(value)
        return [f"{self._partner(k)}: {self.plain(v)}" for k, v in value.items()]

    def _date(self, value):
        return _date(value)

    def _datetime(self, value):
        return _datetime(value)

    def _ref(self, value):
        return "#" + str(value)

    def _text(self, value):
        return str(value)

    def _fingerprint(self, value):
        return str(value)[:12] + "…"

    def _month(self, value):
        try:
            return str(get_month_names("wide", locale=_locale())[int(value)])
        except (KeyError, ValueError):
            return str(value)

    def _country(self, value):
        from babel import Locale  # noqa: PLC0415 (babel's territory names, only when shown)

        return Locale.parse(_locale()).territories.get(str(value), str(value))

    def _hidden(self, _value):
        return "••••"

    def _version(self, value):
        if not isinstance(value, dict):
            return _("Version %(n)s", n=value)
        text = _("Version %(n)s", n=value.get("number", "?"))
        if value.get("filename"):
            text += f" · {value['filename']}"
        if value.get("sha256"):
            text += f" · SHA-256 {self._fingerprint(value['sha256'])}"
        return text

    def _tally(self, value):
        if not isinstance(value, dict):
            return self.plain(value)
        return _(
            "For %(for)s, against %(against)s, abstained %(abstain)s, not voted %(missing)s"
            " (%(required)s of %(base)s required)",
            **{k: value.get(k, 0) for k in ("for", "against", "abstain", "missing")},
            required=value.get("required", "?"),
            base=value.get("base", "?"),
        )

    def _lines(self, value):
        if not isinstance(value, list):
            return self.plain(value)
        out = []
        for line in value:
            if not (isinstance(line, list) and len(line) == 3):
                out.append(self.inline(line))
                continue
            code, debit, credit = line
            account = self.names.accounts.get(str(code))
            head = f"{code} {account}" if account else str(code)
            side = (
                _("debit %(amount)s", amount=self._money(debit))
                if debit
                else _("credit %(amount)s", amount=self._money(credit))
            )
            out.append(f"{head}: {side}")
        return out

    def _milestones(self, value):
        if not isinstance(value, list):
            return self.plain(value)
        out = []
        for row in value:
            if isinstance(row, list) and len(row) == 2 and isinstance(row[1], int):
                out.append(f"{_date(row[0])}: {self._money(row[1])}")  # contract: date, amount
            elif isinstance(row, list) and len(row) == 2:
                out.append(f"{row[0]}: {_date(row[1])}")  # project: title, due date
            else:
                out.append(self.inline(row))
        return out

    def _participants(self, value):
        if not isinstance(value, list):
            return self.plain(value)
        out = []
        for row in value:
            if isinstance(row, list) and len(row) == 3:
                partner, role, share = row
                role_words = code_words()["project:role"].get(role, role)
                percent = format_percent((share or 0) / 100, locale=_locale())
                out.append(f"{self._partner(partner)} ({role_words}, {percent})")
            else:
                out.append(self.inline(row))
        return out

    def _clauses(self, value):
        if not isinstance(value, list):
            return self.plain(value)
        locale, out = _locale(), []
        for number, clause in enumerate(value, start=1):
            title = clause.get("title") if isinstance(clause, dict) else None
            if isinstance(title, dict):
                title = title.get(locale) or next(iter(title.values()), "")
            out.append(_("Clause %(n)d", n=number) + (f": {title}" if title else ""))
        return out

    def _rules(self, value):
        if not isinstance(value, dict):
            return self.plain(value)
        return [
            f"{self.code('matter', k) or k}: {self.code('rule', v) or v}" for k, v in value.items()
        ]


def _pair(value: Any) -> tuple[Any, Any]:
    """(before, after) of a diff entry: the log writes [old, new]; anything else is the after."""
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _refs(kind: str | None, value: Any) -> list:
    """The ids a value of `kind` names (partners of an allocation, of a participants list...)."""
    if kind in ("user", "partner", "counterparty"):
        return [value]
    if kind == "partners":
        return value if isinstance(value, list) else [value]
    if kind in ("partner_money", "partner_ratio") and isinstance(value, dict):
        return list(value)
    if kind == "participants" and isinstance(value, list):
        return [row[0] for row in value if isinstance(row, list) and row]
    return []


TARGET_KINDS = {"users": "user", "partners": "partner", "counterparties": "counterparty"}


def _ids(events, kinds: set[str]) -> set[int]:
    found: set[int] = set()
    for event in events:
        target = str(event.target_id or "")
        if TARGET_KINDS.get(event.target_type or "") in kinds and target.isdigit():
            found.add(int(target))  # the Target column names it too
        for key, entry in (event.diff or {}).items():
            kind = KINDS.get(key)
            if kind in kinds:
                for value in _pair(entry):
                    found.update(int(v) for v in _refs(kind, value) if str(v).isdigit())
    return found


def read_names(events, organisation) -> Names:
    """The users (actors included), partners, counterparties and accounts the events' changes
    and targets name (one query each, only when the page needs it)."""
    # Names of other domains' rows; the audit package loads no domain when imported.
    from llp_gov.auth.models import User  # noqa: PLC0415 (see above)
    from llp_gov.counterparties.models import Counterparty  # noqa: PLC0415 (see above)
    from llp_gov.ledger.models import Account  # noqa: PLC0415 (see above)
    from llp_gov.partners.models import Partner  # noqa: PLC0415 (see above)

    locale, names = _locale(), Names()
    users = _ids(events, {"user"}) | {e.actor_id for e in events if e.actor_id}  # the actors
    if users:
        rows = db.session.execute(select(User.id, User.name).where(User.id.in_(users)))
        names.users = {row[0]: row[1] for row in rows}
    partners = _ids(
        events, {"partner", "partners", "partner_money", "partner_ratio", "participants"}
    )
    if partners:
        found = db.session.scalars(
            select(Partner).where(
                Partner.id.in_(partners), Partner.organisation_id == organisation.id
            )
        )
        names.partners = {p.id: p.display_name(locale) for p in found}
    counterparties = _ids(events, {"counterparty"})
    if counterparties:
        found_cp = db.session.scalars(
            select(Counterparty).where(
                Counterparty.id.in_(counterparties),
                Counterparty.organisation_id == organisation.id,
            )
        )
        names.counterparties = {c.id: c.display_name(locale) for c in found_cp}
    if any("lines" in (e.diff or {}) for e in events):
        accounts = db.session.scalars(
            select(Account).where(Account.organisation_id == organisation.id)
        )
        names.accounts = {a.code: a.display_name(locale) for a in accounts}
    return names


def target_name(names: Names, target_type: str | None, target_id: str | None) -> str:
    """The name of an event's target user, partner or counterparty ("" when not known)."""
    kind = TARGET_KINDS.get(target_type or "")
    if kind is None or not str(target_id or "").isdigit():
        return ""
    found = {"user": names.users, "partner": names.partners, "counterparty": names.counterparties}
    return str(found[kind].get(int(str(target_id)), ""))


def changes_of(events, organisation, names: Names | None = None) -> dict[int, list[Change]]:
    """{event id: its changes in words} for a page of events."""
    names = read_names(events, organisation) if names is None else names
    out: dict[int, list[Change]] = {}
    for event in events:
        diff = event.diff or {}
        category = event.tag.split(":", 1)[0]
        currency = _pair(diff.get("currency"))[1]
        reader = Reader(names, category, currency if isinstance(currency, str) else "JPY")
        rows = []
        for key, entry in diff.items():
            old, new = _pair(entry)
            rows.append(
                Change(
                    label=field_label(category, key),
                    old=None if old is None else reader.value(key, old),
                    new=reader.value(key, new),
                )
            )
        out[event.id] = rows
    return out
