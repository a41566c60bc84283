"""Stamp duty (印紙税) on a contract executed on paper, and the wording of electronic execution.

One dated table per schedule item, with its source. Stamp duty is levied on a taxable document
that is made (作成) on paper; a contract concluded as an electronic record is no document and
bears no duty (国税庁 照会回答 2008-10-23 「請負契約に係る注文請書を電磁的記録に変換して
ファクシミリ通信等を利用して送信した場合の印紙税の課税関係について」; 参議院 答弁書 2005-03-15
(内閣参質162第9号)). The amount taxed is the amount excluding consumption tax when the tax is
stated separately (国税庁 法令解釈通達 平成元年3月10日 間消3-2「消費税法の改正等に伴う印紙税の
取扱いについて」).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, ValidationError
from llp_gov.legaltime import today_in

# Stamp Tax Act, Appended Table 1, No. 2 (請負に関する契約書), with the reduced rates of the Act on
# Special Measures Concerning Taxation art. 91 for documents made 2014-04-01 .. 2027-03-31
# (extended by the 2024 tax reform). Source: 国税庁 タックスアンサー No.7102 and No.7108,
# https://www.nta.go.jp/taxes/shiraberu/taxanswer/inshi/7102.htm and .../7108.htm
# (checked 2026-11). Rows: (upper bound of the amount in yen, inclusive; duty in yen).
NO2_REDUCED: dict[str, Any] = {
    "valid_from": dt.date(2014, 4, 1),
    "valid_to": dt.date(2027, 3, 31),
    "source": "https://www.nta.go.jp/taxes/shiraberu/taxanswer/inshi/7108.htm",
    "rows": (
        (9_999, 0),
        (2_000_000, 200),
        (3_000_000, 500),
        (5_000_000, 1_000),
        (10_000_000, 5_000),
        (50_000_000, 10_000),
        (100_000_000, 30_000),
        (500_000_000, 60_000),
        (1_000_000_000, 160_000),
        (5_000_000_000, 320_000),
        (None, 480_000),
    ),
    "no_amount": 200,
}
NO2_STANDARD: dict[str, Any] = {
    "valid_from": dt.date(1967, 6, 1),
    "valid_to": None,
    "source": "https://www.nta.go.jp/taxes/shiraberu/taxanswer/inshi/7102.htm",
    "rows": (
        (9_999, 0),
        (1_000_000, 200),
        (2_000_000, 400),
        (3_000_000, 1_000),
        (5_000_000, 2_000),
        (10_000_000, 10_000),
        (50_000_000, 20_000),
        (100_000_000, 60_000),
        (500_000_000, 100_000),
        (1_000_000_000, 200_000),
        (5_000_000_000, 400_000),
        (None, 600_000),
    ),
    "no_amount": 200,
}
# No. 7 (継続的取引の基本となる契約書): 4,000 yen per document, whatever the amount; not taxable
# when the term is 3 months or less without renewal. Source: タックスアンサー No.7104,
# https://www.nta.go.jp/taxes/shiraberu/taxanswer/inshi/7104.htm
NO7_DUTY = 4_000

# Which schedule item a contract type falls under unless the contract's details say otherwise
# (details["stamp_item"]: "no2", "no7" or "none"). A commission for a result (請負) is No. 2; a
# pure mandate (委任), an NDA, an MOU and the partnership agreement are not taxable documents.
DEFAULT_ITEM = {"commission": "no2"}


@dataclass(frozen=True)
class StampDuty:
    item: str | None  # "no2" | "no7" | None (not a taxable document)
    amount: int  # yen; 0 when none is due
    electronic: bool
    basis: str  # the amount taxed or why none is due
    source: str | None


def _no2(amount: int | None, on: dt.date) -> tuple[int, str]:
    table = (
        NO2_REDUCED if NO2_REDUCED["valid_from"] <= on <= NO2_REDUCED["valid_to"] else NO2_STANDARD
    )
    if amount is None:
        return table["no_amount"], table["source"]
    for upper, duty in table["rows"]:
        if upper is None or amount <= upper:
            return duty, table["source"]
    raise AssertionError("unreachable: the last row has no upper bound")


def stamp_duty(contract, *, on: dt.date | None = None) -> StampDuty:
    """The revenue stamp a paper original of ``contract`` needs (each original is taxed).

    ``on``: the date the document is made (default: its signing date, else today in Japan).
    Electronic execution (details["execution"] == "electronic") needs none; paper is the
    default."""
    details = contract.details or {}
    electronic = details.get("execution", "paper") == "electronic"
    item = details.get("stamp_item") or DEFAULT_ITEM.get(contract.contract_type)
    if item == "none":
        item = None
    if electronic:
        return StampDuty(item, 0, True, "electronic record: no document is made", None)
    if item is None:
        return StampDuty(None, 0, False, "not a taxable document", None)
    if item == "no7":
        term = None
        if contract.start_date and contract.end_date:
            term = (contract.end_date - contract.start_date).days
        if term is not None and term <= 92 and not getattr(contract, "auto_renew", False):
            return StampDuty("no7", 0, False, "term of 3 months or less, no renewal", None)
        return StampDuty(
            "no7",
            NO7_DUTY,
            False,
            "continuing transactions",
            "https://www.nta.go.jp/taxes/shiraberu/taxanswer/inshi/7104.htm",
        )
    on = on or contract.signing_date or today_in()
    # The amount excluding consumption tax: our contracts state the tax separately.
    amount = contract.amount_excl_tax if contract.currency == "JPY" else None
    duty, source = _no2(amount, on)
    return StampDuty("no2", duty, False, f"amount {amount} yen excluding tax", source)


ELECTRONIC_CLOSING = {
    "ja": "本契約の成立を証するため、本契約書の電磁的記録を作成し、各当事者が電子署名を行い、各自その電磁的記録を保管する。",
    "en": "In witness whereof, the parties have executed this Agreement as an electronic record, each signing it electronically, and each keeps the electronic record.",
    "ko": "본 계약의 성립을 증명하기 위하여 본 계약서의 전자적 기록을 작성하고 각 당사자가 전자서명을 한 후 각자 그 전자적 기록을 보관한다.",
}


def is_electronic(contract) -> bool:
    """Whether the contract is executed electronically (an electronic record is no taxable
    document: no revenue stamp, see the module's sources); the default is paper."""
    return (contract.details or {}).get("execution", "paper") == "electronic"


EXECUTIONS = ("paper", "electronic")
ITEMS = ("no2", "no7", "none")


def set_execution(*, actor, organisation, contract, execution: str, stamp_item: str | None = None):
    """How a draft will be executed: "paper" (revenue stamp by stamp_duty) or "electronic"
    (closing clause says so; no stamp), and optionally the Stamp Tax Act schedule item ("no2",
    "no7", "none"; default by type). Draft only (it changes the text). Raises ValidationError
    (execution, stamp_item), Conflict when not a draft. Audited as contract:execution."""
    policy.require(actor, organisation, "contract:draft")
    if contract.organisation_id != organisation.id:
        raise NotFound()
    if contract.status != "draft":
        raise Conflict(_("The execution method is part of the text: only a draft can change it."))
    errors = {}
    if execution not in EXECUTIONS:
        errors["execution"] = _("Choose paper or electronic execution.")
    if stamp_item not in (None, "", *ITEMS):
        errors["stamp_item"] = _("Choose No. 2, No. 7 or not taxable.")
    if errors:
        raise ValidationError(**errors)
    old = dict(contract.details or {})
    new = old | {"execution": execution}
    if stamp_item:
        new["stamp_item"] = stamp_item
    else:
        new.pop("stamp_item", None)
    if new != old:
        contract.details = new
        contract.updated_at = utcnow()
        db.session.flush()
        audit.record(
            tag="contract:execution",
            actor=actor,
            organisation_id=organisation.id,
            target=contract,
            diff={
                "execution": [old.get("execution"), execution],
                "stamp_item": [old.get("stamp_item"), new.get("stamp_item")],
            },
        )
    return contract
