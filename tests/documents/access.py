from tests.access import EVERYONE, Rule

UPLOADERS = {"chairman", "member", "accountant", "admin"}
WITHDRAWERS = {"chairman", "admin"}


def document(world):
    from llp_gov.documents import services
    from llp_gov.extensions import db

    doc = services.create_document(
        actor=world.user("chairman"),
        organisation=world.org,
        title="業務委託契約書",
        doc_type="other",
        data="業務委託契約書の本文".encode(),
        filename="契約書.txt",
    )
    db.session.commit()
    return {"document_id": doc.id}


RULES = {
    ("GET", "documents.index"): Rule("/o/{slug}/documents/", EVERYONE),
    ("GET", "documents.upload"): Rule("/o/{slug}/documents/upload", UPLOADERS),
    ("POST", "documents.upload"): Rule("/o/{slug}/documents/upload", UPLOADERS),
    ("GET", "documents.detail"): Rule(
        "/o/{slug}/documents/{document_id}", EVERYONE, params=document
    ),
    ("GET", "documents.download"): Rule(
        "/o/{slug}/documents/{document_id}/versions/1/file", EVERYONE, params=document
    ),
    ("POST", "documents.add_version"): Rule(
        "/o/{slug}/documents/{document_id}/versions", UPLOADERS, params=document
    ),
    ("POST", "documents.withdraw"): Rule(
        "/o/{slug}/documents/{document_id}/withdraw", WITHDRAWERS, params=document
    ),
    ("GET", "documents.edit"): Rule(
        "/o/{slug}/documents/{document_id}/edit", UPLOADERS, params=document
    ),
    ("POST", "documents.edit"): Rule(
        "/o/{slug}/documents/{document_id}/edit", UPLOADERS, params=document
    ),
    ("POST", "documents.request_ocr"): Rule(
        "/o/{slug}/documents/{document_id}/versions/1/ocr", UPLOADERS, params=document
    ),
    # A version without OCR has no OCR file: 404 for those who may read it.
    ("GET", "documents.download_ocr"): Rule(
        "/o/{slug}/documents/{document_id}/versions/1/ocr.pdf",
        EVERYONE,
        params=document,
        ok_statuses=(404,),
    ),
    # A text file has no preview: 404 for those who may read it.
    ("GET", "documents.preview"): Rule(
        "/o/{slug}/documents/{document_id}/versions/1/preview.png",
        EVERYONE,
        params=document,
        ok_statuses=(404,),
    ),
    ("POST", "documents.suggest_details"): Rule("/o/{slug}/documents/suggest", UPLOADERS),
    ("GET", "search.index"): Rule("/o/{slug}/search", EVERYONE),
    ("GET", "search.export"): Rule("/o/{slug}/search/export.csv", EVERYONE),
    # API
    ("GET", "documents_api.Documents"): Rule("/api/v1/orgs/{slug}/documents", EVERYONE, api=True),
    ("POST", "documents_api.Documents"): Rule("/api/v1/orgs/{slug}/documents", UPLOADERS, api=True),
    ("GET", "documents_api.DocumentItem"): Rule(
        "/api/v1/orgs/{slug}/documents/{document_id}", EVERYONE, api=True, params=document
    ),
    ("PATCH", "documents_api.DocumentItem"): Rule(
        "/api/v1/orgs/{slug}/documents/{document_id}",
        UPLOADERS,
        api=True,
        params=document,
        data={"title": "訂正後の題名"},
    ),
    ("POST", "documents_api.Versions"): Rule(
        "/api/v1/orgs/{slug}/documents/{document_id}/versions", UPLOADERS, api=True, params=document
    ),
    ("GET", "documents_api.VersionFile"): Rule(
        "/api/v1/orgs/{slug}/documents/{document_id}/versions/1/file",
        EVERYONE,
        api=True,
        params=document,
    ),
    ("GET", "search_api.Search"): Rule("/api/v1/orgs/{slug}/search", EVERYONE, api=True),
}
