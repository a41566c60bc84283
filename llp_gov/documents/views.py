"""Document pages: list, upload (plain form or one XHR per file), detail, download, withdraw."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from llp_gov.counterparties.services import list_counterparties
from llp_gov.documents import (
    editing,
    files,
    listing,
    ocr,
    services,
    suggest,
)
from llp_gov.documents.forms import (
    TYPE_LABELS,
    EditForm,
    OcrForm,
    UploadForm,
    VersionForm,
    WithdrawForm,
)
from llp_gov.documents.models import TEXT_STATUSES
from llp_gov.documents.services import TooLarge
from llp_gov.errors import Conflict, DomainError, ValidationError
from llp_gov.partners.services import list_partners
from llp_gov.web import form_refusal, form_status, org_context, submit_form

bp = Blueprint("documents", __name__)


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _limit_request() -> None:
    # Room for several files in one plain form; each file is checked against the cap itself.
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"] * 10 + 1024 * 1024


def _read(storage_file) -> bytes:
    cap = current_app.config["MAX_UPLOAD_BYTES"]
    return storage_file.stream.read(cap + 1)


def _upload_form(org) -> UploadForm:
    form = UploadForm()
    cps = list_counterparties(actor=current_user, organisation=org)
    form.counterparty_id.choices = [("", "—")] + [
        (str(c.id), c.display_name(str(get_locale()))) for c in cps
    ]
    form.restricted_partner_ids.choices = [
        (p.id, p.display_name(str(get_locale())))
        for p in list_partners(actor=current_user, organisation=org)
    ]
    return form


@bp.get("/o/<slug>/documents/")
@login_required
def index(slug: str):
    """The list: filters, sorts and numbered pages (every document reachable, no cap)."""
    org = org_context(slug, "document:read")
    filters, sort, page, per_page, errors = listing.read_list_args(request.args)
    docs = listing.list_page(
        actor=current_user,
        organisation=org,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    return render_template(
        "documents/index.html",
        org=org,
        documents=docs,
        type_labels=TYPE_LABELS,
        filters=filters,
        sort=sort,
        sorts=list(listing.SORTS),
        filter_errors=errors,
        counterparties=list_counterparties(actor=current_user, organisation=org),
        text_statuses=TEXT_STATUSES,
    ), (422 if errors else 200)


def _create_all(org, form, chosen):
    """One service call per file, in one transaction (all files or none)."""
    if not chosen:
        raise ValidationError(files=_("Choose at least one file."))
    allow = request.form.get("allow_duplicate") == "1"
    created = []
    for f in chosen:
        name = f.filename
        title = form.title.data or name.rsplit(".", 1)[0]
        if form.title.data and len(chosen) > 1:
            title = f"{form.title.data} ({name})"
        created.append(
            services.create_document(
                actor=current_user,
                organisation=org,
                title=title,
                doc_type=form.doc_type.data,
                data=_read(f),
                filename=name,
                counterparty_id=int(form.counterparty_id.data)
                if form.counterparty_id.data
                else None,
                counterparty_name=form.counterparty.data or None,
                transaction_date=form.transaction_date.data,
                amount=form.amount.data,
                currency=form.currency.data,
                amount_jpy=form.amount_jpy.data,
                tags=form.tags.data or "",
                restricted_partner_ids=form.restricted_partner_ids.data or (),
                allow_duplicate=allow,
            )
        )
    return created


def _json_error(message, fields, status, **extra):
    return jsonify({"error": {"message": message, "fields": fields, **extra}}), status


@bp.route("/o/<slug>/documents/upload", methods=["GET", "POST"])
@login_required
def upload(slug: str):
    org = org_context(slug, "document:upload")
    if request.method == "POST":
        _limit_request()
    form = _upload_form(org)
    chosen = [
        f
        for f in (form.files.data or [])
        if getattr(f, "filename", None) is not None and f.filename != ""
    ]
    created: list = []

    def action():
        created.extend(_create_all(org, form, chosen))
        return created

    def next_url(docs):
        if len(docs) == 1:
            return url_for("documents.detail", slug=slug, document_id=docs[0].id)
        return url_for("documents.index", slug=slug)

    done = submit_form(
        form,
        action,
        # A page upload (one request per file) shows each file's result in its own row: a
        # message kept for the next page would repeat "1 document uploaded" once per file.
        success=None
        if _wants_json()
        else lambda docs: ngettext(
            "%(num)d document uploaded.", "%(num)d documents uploaded.", len(docs)
        ),
        next_url=next_url,
        refusals=(editing.Duplicate, TooLarge),
    )
    refusal = form_refusal(form)
    duplicate = refusal if isinstance(refusal, editing.Duplicate) else None
    if done is not None:
        if _wants_json():
            doc = created[0]
            url = url_for("documents.detail", slug=slug, document_id=doc.id)
            return jsonify({"id": doc.id, "url": url}), 201
        return done
    status = 200
    if request.method == "POST":
        status = form_status(form)
        if _wants_json():
            if duplicate:
                return _json_error(
                    str(duplicate), {}, 409, code="duplicate", document_id=duplicate.document_id
                )
            if refusal is not None:  # 413: too large
                return _json_error(str(refusal), refusal.fields, refusal.status)
            fields = {k: v[0] for k, v in form.errors.items()}
            return _json_error("; ".join(fields.values()), fields, 422)
    return render_template("documents/upload.html", org=org, form=form, duplicate=duplicate), status


@bp.post("/o/<slug>/documents/suggest")
@login_required
def suggest_details(slug: str):
    """Details read from a chosen file before it is uploaded (JSON; nothing is stored). The
    upload page offers them beside the form; the user applies them or not."""
    org = org_context(slug, "document:upload")
    _limit_request()
    form = OcrForm()  # the CSRF token only
    chosen = request.files.get("file") or next(
        (f for f in request.files.getlist("files") if f.filename), None
    )
    if not form.validate_on_submit() or chosen is None:
        return _json_error(_("Choose at least one file."), {}, 422)
    try:
        found = suggest.suggest_upload(
            actor=current_user, organisation=org, data=_read(chosen), filename=chosen.filename or ""
        )
    except DomainError as exc:  # the file is refused: say why, as the upload would
        return _json_error(str(exc), exc.fields, exc.status)
    return jsonify({"suggestions": found.as_dict()})


def _detail(org, doc, status=200, **forms):
    return render_template(
        "documents/detail.html",
        org=org,
        doc=doc,
        type_labels=TYPE_LABELS,
        type_words=files.type_words,
        human_size=files.human_size,
        ocr_packages=ocr.DEBIAN_PACKAGES,
        version_form=forms.get("version_form") or VersionForm(),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(),
        ocr_form=OcrForm(),
        version_error=forms.get("version_error"),
        withdraw_error=forms.get("withdraw_error"),
        suggestions=forms.get("suggestions"),
    ), status


@bp.get("/o/<slug>/documents/<int:document_id>")
@login_required
def detail(slug: str, document_id: int):
    org = org_context(slug, "document:read")
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    return _detail(org, doc, suggestions=_suggestions(org, doc))


def _suggestions(org, doc):
    """Details read from the text that the document does not have yet (offered, not applied)."""
    latest = doc.latest
    if latest is None or not latest.extracted_text or doc.is_withdrawn:
        return None
    found = suggest.suggest(latest.extracted_text, organisation=org)
    if doc.transaction_date is not None:
        found.transaction_date = None
    if doc.amount is not None:
        found.amount = None
    if doc.counterparty_id is not None:
        found.counterparty_id = found.counterparty_name = None
    return found or None


@bp.post("/o/<slug>/documents/<int:document_id>/versions")
@login_required
def add_version(slug: str, document_id: int):
    org = org_context(slug, "document:upload")
    _limit_request()
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    form = VersionForm()
    chosen = [f for f in (form.file.data or []) if getattr(f, "filename", "")]

    def action():
        if not chosen:
            raise ValidationError(file=_("Choose at least one file."))
        return services.add_version(
            actor=current_user,
            organisation=org,
            document=doc,
            data=_read(chosen[0]),
            filename=chosen[0].filename,
        )

    done = submit_form(
        form,
        action,
        success=_("The new version was saved."),
        next_url=url_for("documents.detail", slug=slug, document_id=doc.id),
        refusals=(Conflict, TooLarge),  # withdrawn (409), too large (413): beside the form
    )
    if done is not None:
        return done
    error = "; ".join(e for errs in form.errors.values() for e in errs) or _(
        "Choose at least one file."
    )
    return _detail(org, doc, form_status(form), version_form=form, version_error=error)


@bp.post("/o/<slug>/documents/<int:document_id>/withdraw")
@login_required
def withdraw(slug: str, document_id: int):
    org = org_context(slug, "document:withdraw")
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    form = WithdrawForm()
    done = submit_form(
        form,
        lambda: services.withdraw_document(
            actor=current_user, organisation=org, document=doc, reason=form.reason.data or ""
        ),
        success=_("The document was withdrawn. It stays viewable and searchable."),
        next_url=url_for("documents.detail", slug=slug, document_id=doc.id),
        validate=False,
        refusals=(Conflict,),  # already withdrawn (409): beside the form
    )
    if done is not None:
        return done
    error = "; ".join(e for errs in form.errors.values() for e in errs)
    return _detail(org, doc, form_status(form), withdraw_form=form, withdraw_error=error)


@bp.post("/o/<slug>/documents/<int:document_id>/versions/<int:number>/ocr")
@login_required
def request_ocr(slug: str, document_id: int, number: int):
    """Ask for OCR of a version again; it runs as a queued job."""
    org = org_context(slug, "document:upload")
    return submit_form(
        OcrForm(),
        lambda: editing.request_ocr(
            actor=current_user, organisation=org, document_id=document_id, number=number
        ),
        success=_("OCR was started. The page shows its state."),
        next_url=url_for("documents.detail", slug=slug, document_id=document_id),
    ) or redirect(url_for("documents.detail", slug=slug, document_id=document_id))


@bp.route("/o/<slug>/documents/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, document_id: int):
    """Correct a document's details (audited with old and new values, reindexed)."""
    org = org_context(slug, "document:upload")
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    form = _edit_form(org, doc)
    done = submit_form(
        form,
        lambda: editing.update_document(
            actor=current_user,
            organisation=org,
            document_id=doc.id,
            title=form.title.data,
            doc_type=form.doc_type.data,
            counterparty_id=int(form.counterparty_id.data) if form.counterparty_id.data else None,
            transaction_date=form.transaction_date.data,
            amount=form.amount.data,
            currency=form.currency.data,
            amount_jpy=form.amount_jpy.data,
            tags=form.tags.data or "",
        ),
        success=_("The details were corrected. The change is recorded in the audit log."),
        next_url=url_for("documents.detail", slug=slug, document_id=doc.id),
    )
    if done is not None:
        return done
    status = 422 if request.method == "POST" else 200
    return render_template("documents/edit.html", org=org, doc=doc, form=form), status


def _edit_form(org, doc) -> EditForm:
    form = EditForm(obj=doc) if request.method == "GET" else EditForm()
    if request.method == "GET":
        form.counterparty_id.data = str(doc.counterparty_id or "")
        form.tags.data = ", ".join(doc.tags or [])
        found = _suggestions(org, doc) if request.args.get("suggested") == "1" else None
        if found:  # offered on the form; saved only when the user saves it
            if found.transaction_date:
                form.transaction_date.data = found.transaction_date
            if found.amount is not None:
                form.amount.data = found.amount
            if found.counterparty_id:
                form.counterparty_id.data = str(found.counterparty_id)
    cps = list_counterparties(actor=current_user, organisation=org)
    form.counterparty_id.choices = [("", "—")] + [
        (str(c.id), c.display_name(str(get_locale()))) for c in cps
    ]
    return form


# The file routes (download, OCR'd PDF, preview) register on this blueprint.
from llp_gov.documents import views_files  # noqa: E402, F401
