from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from motcua.catalog.selectors import empty_science_fields
from motcua.core.selectors import site_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"counts": site_counts(), "empty_science_fields": empty_science_fields()},
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
