"""Every field the code writes into an audit diff has a label on the audit page, in ja, en and
ko (issue 14: no internal field names on the page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from llp_gov.audit import fields
from llp_gov.audit.changes import field_label

ROOT = Path(__file__).resolve().parents[2] / "llp_gov"


def written_keys() -> set[str]:
    """Keys written literally near a `diff=` or `diff[...]`, and the field lists the services
    snapshot into their diffs (projects, partners, counterparties, contracts, documents, orgs,
    the agreement's decision terms)."""
    from llp_gov.contracts import services as contracts
    from llp_gov.counterparties import services as counterparties
    from llp_gov.documents import editing as documents
    from llp_gov.orgs import services as orgs
    from llp_gov.partners import services as partners
    from llp_gov.projects import services as projects
    from llp_gov.resolutions import rules

    keys: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "audit" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"diff(?:\s*=\s*|\[)", text):
            window = text[match.start() : match.start() + 900]
            keys.update(re.findall(r'"([a-z_0-9]+)":\s*\[', window))
            keys.update(re.findall(r'diff\["([a-z_0-9]+)"\]', window))
    for names in (
        projects.FIELDS,
        partners.FIELDS,
        counterparties.FIELDS,
        contracts.AUDITED,
        documents.EDITABLE,
        orgs.EDITABLE,
        rules.TERMS,
        ("slug", "composition_cure", "resolution_rules"),
    ):
        keys.update(names)
    return keys


def test_every_written_field_has_a_label():
    keys = written_keys()
    assert len(keys) > 100
    assert sorted(k for k in keys if k not in fields.LABELS) == []


@pytest.mark.parametrize("locale", ["ja", "ko"])
def test_every_label_is_translated(app, locale):
    with app.test_request_context(), force_locale(locale):
        english = {k: field_label("", k) for k in fields.LABELS}
        untranslated = [
            k for k, v in english.items() if re.search(r"[A-Za-z]{3,}", v.replace("SHA-", ""))
        ]
    assert untranslated == []
