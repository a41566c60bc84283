"""Issue 12 item 5: the document search results CSV (a tax office's request) has Japanese
headers in a Japanese session, dates and times in Japan time (an upload at 00:30 on 1 April in
Japan is 1 April, not 31 March in UTC) and the shared neutralisation of formula-like text."""

import csv
import datetime as dt
import io

from flask_babel import force_locale

from llp_gov import exports
from llp_gov.documents import search_service
from llp_gov.documents import services as documents
from llp_gov.extensions import db
from llp_gov.search.query import Filters

HOSTILE = '=HYPERLINK("http://x.example","請求書")'


def test_search_csv_is_japanese_in_japan_time_and_inert(world):
    doc = documents.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title=HOSTILE,
        doc_type="invoice",
        data="請求書 ソウル案件".encode(),
        filename="＝cmd.txt",
        transaction_date=dt.date(2026, 4, 1),
        amount=110_000,
        counterparty_name="@株式会社ソウル商事",
    )
    # Uploaded at 00:30 on 1 April 2026 in Japan = 15:30 UTC on 31 March.
    doc.created_at = dt.datetime(2026, 3, 31, 15, 30, tzinfo=dt.UTC)
    db.session.commit()
    with force_locale("ja"):
        columns = search_service.csv_columns()
        rows = list(
            search_service.export_rows(
                actor=world.user("member"), organisation=world.org, filters=Filters(q="請求書")
            )
        )
        body = b"".join(exports.csv_stream(columns, rows, tz="Asia/Tokyo"))
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header = table[0]
    assert all(not h.isascii() or h in ("ID", "SHA-256") for h in header), header
    assert "doc_type" not in header and "latest_sha256" not in header
    row = dict(zip(header, table[1], strict=True))
    uploaded = row[header[-1]]
    assert uploaded.startswith("2026-04-01 00:30"), uploaded
    cells = table[1]
    assert f"'{HOSTILE}" in cells and "'@株式会社ソウル商事" in cells and "'＝cmd.txt" in cells
    assert not any(exports.is_formula_like(c) for c in cells)
