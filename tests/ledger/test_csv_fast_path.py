"""The shared CSV writer's fast path (whole chunks written at once when no field can be
formula-like) gives exactly the bytes of the cell-by-cell path, for any mix of values."""

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from llp_gov import exports

TEXT = st.text(
    alphabet=st.sampled_from(list("a1受 \t\r\n,\"'=+-@＝＋－＠\u3000\u200b")), max_size=6
)
VALUE = st.one_of(
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.none(),
    st.dates(),
    st.booleans(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
)


def reference(rows, tz):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    zone = exports.ZoneInfo(tz)
    writer.writerow(["h"])
    writer.writerows([exports._csv_value(v, "text", zone) for v in row] for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(VALUE, min_size=1, max_size=4), min_size=1, max_size=5))
def test_fast_path_writes_the_same_bytes(rows):
    got = b"".join(exports.csv_stream([exports.Column("h")], rows, tz="Asia/Tokyo"))
    assert got == reference(rows, "Asia/Tokyo")
    written = list(csv.reader(io.StringIO(got.decode("utf-8-sig").replace("\r\n", "\n"))))
    texts = [v for row in rows for v in row if isinstance(v, str)]
    # Text is never live (numbers such as -1 stay numbers).
    assert not any(exports.is_formula_like(exports.neutralise(t)) for t in texts)
    assert written[0] == ["h"]


def test_plain_rows_take_the_fast_path_and_hostile_ones_do_not():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    assert exports._write_plain(writer, buffer, [(1, "受託収入", None, dt.date(2025, 4, 1))])
    assert exports._write_plain(writer, buffer, [(Decimal("1.5"), "a")])
    before = buffer.getvalue()
    assert not exports._write_plain(writer, buffer, [(1, "\u200b=1+1")])
    assert not exports._write_plain(writer, buffer, [(True, "a")])
    assert buffer.getvalue() == before
