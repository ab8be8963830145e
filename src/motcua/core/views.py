from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache

from motcua.catalog.selectors import empty_science_fields
from motcua.core.selectors import site_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"counts": site_counts(), "empty_science_fields": empty_science_fields()},
    )


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    from django.utils.translation import gettext as _

    return JsonResponse(
        {
            "code": "not_found",
            "message": _("Không có địa chỉ API này."),
            "extra": {"path": request.path},
        },
        status=404,
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, resolving ``next`` in the language of its own prefix.

    Django resolves ``next`` with the request's active language (cookie or browser),
    so ``/vi/…`` was not translated when the browser prefers English.
    """
    path = urlsplit(request.POST.get("next", "")).path
    language = translation.get_language_from_path(path)
    if language:
        translation.activate(language)
    return i18n_views.set_language(request)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
