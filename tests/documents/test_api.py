import io

from llp_gov.extensions import db


def test_api_upload_search_and_download(client, world, token_for):
    headers = token_for(world.user("member"))
    base = f"/api/v1/orgs/{world.org.slug}"
    resp = client.post(
        f"{base}/documents",
        headers=headers,
        content_type="multipart/form-data",
        data={
            "title": "서울 용역 계약서",
            "doc_type": "contract",
            "counterparty": "서울상사",
            "transaction_date": "2025-05-01",
            "amount": "5000000",
            "currency": "KRW",
            "amount_jpy": "550000",
            "tags": "seoul,용역",
            "file": (io.BytesIO("갑과 을은 계약서를 작성한다".encode()), "계약서.txt"),
        },
    )
    assert resp.status_code == 201, resp.json
    doc_id = resp.json["id"]
    assert resp.json["versions"][0]["extraction_status"] == "done"
    found = client.get(
        f"{base}/search?q=계약서&amount_min=500000&amount_max=600000", headers=headers
    )
    assert found.status_code == 200 and found.json["total"] == 1
    assert (
        found.json["results"][0]["document_id"] == doc_id
        and "<mark>계약서</mark>" in found.json["results"][0]["snippet"]
    )
    assert (
        client.get(f"{base}/search?q=계약서&amount_min=600001", headers=headers).json["total"] == 0
    )
    v2 = client.post(
        f"{base}/documents/{doc_id}/versions",
        headers=headers,
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(b"amended"), "v2.txt")},
    )
    assert v2.status_code == 201 and v2.json["number"] == 2
    file = client.get(f"{base}/documents/{doc_id}/versions/1/file", headers=headers)
    assert file.data == "갑과 을은 계약서를 작성한다".encode()
    assert client.get(f"{base}/documents/{doc_id}", headers=headers).json["counterparty_id"]


def test_api_refuses_bad_files_and_outsiders(client, world, token_for, app):
    headers = token_for(world.user("member"))
    base = f"/api/v1/orgs/{world.org.slug}"
    bad = client.post(
        f"{base}/documents",
        headers=headers,
        content_type="multipart/form-data",
        data={"title": "x", "file": (io.BytesIO(b"MZ\x90\x00"), "a.pdf")},
    )
    assert bad.status_code == 422 and "file" in bad.json["error"]["fields"]
    app.config["MAX_UPLOAD_BYTES"] = 10
    big = client.post(
        f"{base}/documents",
        headers=headers,
        content_type="multipart/form-data",
        data={"title": "x", "file": (io.BytesIO(b"a" * 100), "a.txt")},
    )
    assert big.status_code == 413
    db.session.commit()
    outsider = token_for(world.other_users["chairman"])
    assert client.get(f"{base}/search?q=x", headers=outsider).status_code == 404
