"""Refuse input no database accepts before it reaches one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNullBytesMiddleware:
    """A NUL character in the path or the query string is a 400, not a database error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            message = _("Yêu cầu chứa ký tự không hợp lệ.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid_input", "message": message, "extra": {}}, status=400
                )
            return HttpResponseBadRequest(message)
        return self.get_response(request)
