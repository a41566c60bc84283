"""The search result file (CSV) is read by people: document types and who may read a document
are words in the reader's language, never stored codes (issue 14, "Words")."""

import csv
import datetime as dt
import io

from flask_babel import force_locale

from llp_gov.documents import search_service
from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search.query import Filters


def test_search_csv_names_types_and_readers_in_words(app, world):
    for title, doc_type, restricted in (
        ("納品書 2025-05", "delivery_note", []),
        ("秘密保持契約", "contract", [world.partners[0].id]),
    ):
        documents.create_document(
            actor=world.user("chairman"),
            organisation=world.org,
            title=title,
            doc_type=doc_type,
            data=f"{title} 北九州".encode(),
            filename="x.txt",
            restricted_partner_ids=restricted,
            transaction_date=dt.date(2025, 5, 30),
            amount=110_000,
            counterparty_name="株式会社ソウル商事",
        )
    db.session.commit()
    with force_locale("ja"):
        body = search_service.export_csv(
            actor=world.user("chairman"), organisation=world.org, filters=Filters(q="北九州")
        )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    by_title = {r[1]: r for r in rows[1:]}
    assert by_title["納品書 2025-05"][2] == "納品書"
    assert by_title["秘密保持契約"][2] == "契約書"
    assert by_title["秘密保持契約"][9] != by_title["納品書 2025-05"][9]
    cells = {v for r in rows for v in r}
    assert not {"delivery_note", "contract", "restricted", "organisation"} & cells
