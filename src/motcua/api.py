"""The JSON API: OpenAPI document at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from motcua.authority.api import router as authority_router
from motcua.catalog.api import router as catalog_router
from motcua.core.api import error_response
from motcua.core.errors import MotcuaError
from motcua.dossiers.api import router as dossiers_router
from motcua.indicators.api import router as indicators_router
from motcua.org.api import router as org_router
from motcua.signing.api import router as signing_router
from motcua.workdays.api import router as deadlines_router


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese stays readable in the JSON (no \\uXXXX escapes)."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="motcua API",
    version="1",
    description=(
        "Danh mục thủ tục hành chính, đơn vị hành chính và phân cấp thẩm quyền. "
        "Catalogue, administrative units and the decentralisation registry."
    ),
    urls_namespace="api",
)
api.add_router("/v1/units", org_router, tags=["units"])
api.add_router("/v1/procedures", catalog_router, tags=["procedures"])
api.add_router("/v1/authority", authority_router, tags=["authority"])
api.add_router("/v1/deadlines", deadlines_router, tags=["deadlines"])
api.add_router("/v1/dossiers", dossiers_router, tags=["dossiers"])
api.add_router("/v1/verify", signing_router, tags=["verify"])
api.add_router("/v1/indicators", indicators_router, tags=["indicators"])


@api.exception_handler(MotcuaError)
def motcua_error(request: HttpRequest, exc: MotcuaError) -> HttpResponse:
    return error_response(api, request, exc.code, exc.message, exc.http_status, exc.extra)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(
        api, request, "invalid_input", _("Tham số không hợp lệ."), 422, {"errors": exc.errors}
    )
