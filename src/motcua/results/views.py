"""Result downloads (for whoever may see the dossier) and the citizen's data store page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.core.errors import NotFound
from motcua.dossiers.selectors import dossier_get_for, dossier_list_for
from motcua.results import selectors
from motcua.results.models import Result, StoredDocument


def _pdf(name: str, filename: str) -> FileResponse:
    from motcua.attachments.storage import dossier_storage

    try:
        handle = dossier_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _filename(code: str) -> str:
    return code.replace("(", "").replace(")", "") + ".pdf"


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """A result of a dossier the user may see (staff of its units, its citizen)."""
    result = Result.objects.filter(pk=pk, electronic=True).select_related("dossier").first()
    if result is None:
        raise Http404
    try:
        dossier_get_for(request.user, pk=result.dossier_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _pdf(result.file.name, _filename(f"{result.dossier.code}-KQ{result.n}"))


@login_required
def stored_download(request: HttpRequest, pk: int) -> FileResponse:
    """A stored document, for its holder's account, or for staff (and citizens) who see a
    dossier that reused it."""
    try:
        doc = selectors.store_document_for(request.user, pk)
    except NotFound:
        doc = StoredDocument.objects.filter(pk=pk).first()
        reused = doc is not None and DossierComponent.objects.filter(
            how=How.FROM_STORE, store_ref=doc.code,
            dossier__in=dossier_list_for(request.user).values("pk"),
        ).exists()  # fmt: skip
        if not reused:
            raise Http404 from None
    return _pdf(doc.file, _filename(doc.code))


@login_required
def store(request: HttpRequest) -> HttpResponse:
    """Kho dữ liệu của tôi: the documents filed under the ID numbers of one's own dossiers."""
    ids = selectors.holder_ids_for_user(request.user)
    page = Paginator(selectors.store_for(ids).select_related("source_dossier"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "results/store.html", {"page": page, "has_ids": bool(ids)})
