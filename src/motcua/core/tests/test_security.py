import os
import subprocess
import sys

import pytest
from django.test import override_settings

from motcua.core.models import User

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/vi/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_forms_carry_a_csrf_token(client):
    html = client.get("/vi/login/").content.decode()
    assert "csrfmiddlewaretoken" in html


def test_login_is_rate_limited(client):
    User.objects.create_user("clerk", password="correct horse battery")
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            response = client.post("/vi/login/", {"username": "clerk", "password": "wrong"})
        assert response.status_code == 429
        blocked = client.post(
            "/vi/login/", {"username": "clerk", "password": "correct horse battery"}
        )
        assert blocked.status_code == 429
        assert "Tạm khóa đăng nhập" in blocked.content.decode()


def test_login_works_with_the_right_password(client):
    User.objects.create_user("leader", password="correct horse battery")
    response = client.post(
        "/vi/login/", {"username": "leader", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def _settings_with(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.base", **env},
        capture_output=True, text=True,
    )  # fmt: skip
    return (result.stdout + result.stderr).strip()


def test_one_variable_switches_on_production_hardening(tmp_path):
    out = _settings_with({"MOTCUA_SECURE": "1", "MOTCUA_SECRET_KEY": "x" * 50,
                          "MOTCUA_VAR_DIR": str(tmp_path)})  # fmt: skip
    assert out.splitlines()[-1] == "True True 31536000 True"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    out = _settings_with({"MOTCUA_SECURE": "1", "MOTCUA_SECRET_KEY": "",
                          "MOTCUA_VAR_DIR": str(tmp_path)})  # fmt: skip
    assert "MOTCUA_SECRET_KEY must be set" in out


def test_language_switch_keeps_the_page_whatever_the_browser_prefers(client):
    client.cookies["django_language"] = "en"
    for target, expected in [
        ("en", "/en/procedures/1.001193/"),
        ("th", "/th/procedures/1.001193/"),
    ]:
        response = client.post(
            "/i18n/setlang/", {"language": target, "next": "/vi/procedures/1.001193/?a=1"}
        )
        assert response["Location"] == expected + "?a=1"
