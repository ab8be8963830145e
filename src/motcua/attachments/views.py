"""Downloads of dossier files, for whoever may see the dossier (staff of its units, the
citizen who owns it); anything else is a 404, as for the dossier itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from motcua.attachments.models import DossierComponent
from motcua.core.errors import NotFound
from motcua.dossiers.selectors import dossier_get_for


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    row = DossierComponent.objects.filter(pk=pk).exclude(file="").first()
    if row is None:
        raise Http404
    try:
        dossier_get_for(request.user, pk=row.dossier_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name or row.file.name.rsplit("/")[-1],
        content_type=row.content_type or "application/octet-stream",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
