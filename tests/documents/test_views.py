import io
from urllib.parse import quote

from sqlalchemy import func, select

from llp_gov.documents.models import Document
from llp_gov.extensions import db
from tests.documents import samples


def post_upload(client, world, files, xhr=False, **fields):
    data = {"doc_type": "other", "currency": "JPY", **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
    return client.post(
        f"/o/{world.org.slug}/documents/upload",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def count():
    return db.session.scalar(select(func.count()).select_from(Document))


def test_plain_form_uploads_several_files(login_as, world):
    client = login_as(world.user("member"))
    page = client.get(f"/o/{world.org.slug}/documents/upload")
    assert page.status_code == 200 and b"upload.js" in page.data and b"<script>" not in page.data
    resp = post_upload(
        client,
        world,
        [("契約書.txt", "甲と乙の契約".encode()), ("b.pdf", samples.text_pdf(["Invoice"]))],
    )
    assert resp.status_code == 302 and count() == 2
    listing = client.get(f"/o/{world.org.slug}/documents/")
    assert "契約書".encode() in listing.data


def test_xhr_upload_answers_json(login_as, world):
    client = login_as(world.user("member"))
    resp = post_upload(client, world, [("c.pdf", samples.cjk_pdf(["業務委託契約書"]))], xhr=True)
    assert resp.status_code == 201 and resp.json["url"].endswith(f"/documents/{resp.json['id']}")
    bad = post_upload(client, world, [("setup.pdf", samples.executable())], xhr=True)
    assert bad.status_code == 422 and "Programs" in bad.json["error"]["message"]


def test_files_uploaded_from_the_page_leave_no_message_for_the_next_page(login_as, world):
    """The page sends one request per file and shows each result in its row; the next page
    must not then say "1 document(s) uploaded." once per file (new-user trial)."""
    client = login_as(world.user("member"))
    for name in ("a.txt", "b.txt"):
        resp = post_upload(client, world, [(name, f"{name} 本文".encode())], xhr=True)
        assert resp.status_code == 201
    page = client.get(f"/o/{world.org.slug}/documents/").get_data(as_text=True)
    assert "uploaded" not in page and count() == 2
    resp = post_upload(client, world, [("c.txt", b"c"), ("d.txt", b"d")])  # the plain form
    assert "2 documents uploaded." in client.get(resp.location).get_data(as_text=True)


def test_over_the_cap_is_413_with_a_clear_message(app, login_as, world):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    client = login_as(world.user("member"))
    resp = post_upload(client, world, [("big.txt", b"a" * 2000)])
    assert resp.status_code == 413 and b"larger than the limit of" in resp.data and count() == 0
    resp = post_upload(client, world, [("big.txt", b"a" * 2000)], xhr=True)
    assert resp.status_code == 413 and "limit" in resp.json["error"]["message"]


def test_translated_error_in_japanese(login_as, world):
    user = world.user("member")
    user.locale = "ja"
    db.session.commit()
    client = login_as(user)
    resp = post_upload(client, world, [("x.txt", b"")])
    assert resp.status_code == 422 and "ファイルが空です".encode() in resp.data


def test_download_has_rfc5987_name_and_nosniff(login_as, world):
    client = login_as(world.user("member"))
    post_upload(client, world, [("계약서_契約書.txt", "본문".encode("euc-kr"))])
    doc = db.session.scalars(select(Document)).one()
    resp = client.get(f"/o/{world.org.slug}/documents/{doc.id}/versions/1/file")
    cd = resp.headers["Content-Disposition"]
    assert cd.startswith("attachment") and f"filename*=UTF-8''{quote('계약서_契約書.txt')}" in cd
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.data == "본문".encode("euc-kr")
    inline = client.get(f"/o/{world.org.slug}/documents/{doc.id}/versions/1/file?inline=1")
    assert inline.headers["Content-Disposition"].startswith("inline;")
    assert "charset=euc-kr" in inline.headers["Content-Type"]


def test_detail_new_version_and_withdraw(login_as, world, app):
    client = login_as(world.user("chairman"))
    post_upload(client, world, [("a.txt", b"first")])
    doc = db.session.scalars(select(Document)).one()
    url = f"/o/{world.org.slug}/documents/{doc.id}"
    resp = client.post(
        f"{url}/versions",
        data={"file": (io.BytesIO(b"second"), "b.txt")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302
    resp = client.post(f"{url}/withdraw", data={"reason": ""})
    assert resp.status_code == 422
    resp = client.post(f"{url}/withdraw", data={"reason": "二重登録"})
    assert resp.status_code == 302
    page = client.get(url)
    assert "二重登録".encode() in page.data and b"b.txt" in page.data and b"a.txt" in page.data


def test_restricted_document_is_404_for_others(login_as, world, app):
    from llp_gov.documents import services

    doc = services.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title="秘",
        doc_type="other",
        data=b"x",
        filename="x.txt",
        restricted_partner_ids=[world.partners[1].id],
    )
    db.session.commit()
    client = login_as(world.user("accountant"))
    assert client.get(f"/o/{world.org.slug}/documents/{doc.id}").status_code == 404
    assert client.get(f"/o/{world.org.slug}/documents/{doc.id}/versions/1/file").status_code == 404
    assert "秘".encode() not in client.get(f"/o/{world.org.slug}/documents/").data


def test_search_page_and_csv(login_as, world):
    client = login_as(world.user("member"))
    post_upload(client, world, [("k.txt", "有限責任事業組合契約書".encode())], title="組合契約")
    page = client.get(f"/o/{world.org.slug}/search?q=事業組合")
    assert page.status_code == 200 and "<mark>事業組合</mark>".encode() in page.data
    bad = client.get(f"/o/{world.org.slug}/search?date_from=yesterday")
    assert bad.status_code == 422
    csv = client.get(f"/o/{world.org.slug}/search/export.csv?q=事業組合")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "組合契約".encode() in csv.data
