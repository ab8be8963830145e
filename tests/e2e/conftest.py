"""Browser tests: a real motcua server (gunicorn) on a fresh SQLite database with the
shipped data, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the e2e server, shared by every ``python -m motcua`` run on it."""
    var = tmp_path_factory.mktemp("e2e-var")
    return {
        **os.environ,
        "MOTCUA_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'e2e.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
    }


@pytest.fixture(scope="session")
def server_url(e2e_env) -> str:
    """Set up a demo database (no staff) and serve it; stop the server afterwards."""
    env = e2e_env
    var = Path(env["MOTCUA_VAR_DIR"])
    motcua = [sys.executable, "-m", "motcua"]
    for step in (["migrate", "--no-input", "-v0"], ["import-units", "--no-progress"],
                 ["import-catalogue", "--no-progress"], ["import-authority", "--no-progress"],
                 ["import-eforms", "--no-progress"]):  # fmt: skip
        subprocess.run([*motcua, *step], env=env, check=True, cwd=ROOT, capture_output=True)
    port = _free_port()
    log = (var / "server.log").open("w")
    proc = subprocess.Popen(
        [*motcua, "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((var / "server.log").read_text()) from None
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError("server did not start in 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (bin/test installs it)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese-speaking visitor (the default locale of the product)."""
    return {**browser_context_args, "locale": "vi-VN"}


_PEOPLE_SCRIPT = """
import json, os
from django.contrib.auth.hashers import make_password
from motcua.core.models import User
from motcua.org.constants import AgencyKind, Role
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.services import membership_grant, province_provision

for code in ("51", "96"):  # the demo's provinces (core/demo.py)
    province_provision(code)
province = AdministrativeUnit.objects.get(code="51")
commune = AdministrativeUnit.objects.filter(parent=province).order_by("code").first()
staff = {  # named as `motcua demo` names them
    "commune_clerk": (f"motcua{commune.code}", Role.CLERK, commune, AgencyKind.COMMUNE_CENTRE),
    "province_clerk": ("motcua51", Role.CLERK, province, AgencyKind.PROVINCE_CENTRE),
    "specialist": ("chuyenvien51", Role.SPECIALIST, province, AgencyKind.PROVINCE_DEPARTMENT),
}
hashed = make_password(os.environ["E2E_PASSWORD"])  # hashing once: the hasher is slow
people = {"commune": commune.code}
for key, (username, role, unit, kind) in staff.items():
    user, _ = User.objects.update_or_create(username=username, defaults={"password": hashed})
    agency = Agency.objects.filter(unit=unit, kind=kind).first()
    membership_grant(user=user, role=role, unit=unit, agency=agency)
    people[key] = username
User.objects.update_or_create(
    username="congdan51", defaults={"password": hashed, "full_name": "Nguyễn Văn An"}
)
people["citizen"] = "congdan51"
print("E2E " + json.dumps(people))
"""


@pytest.fixture(scope="session")
def e2e_people(server_url, e2e_env) -> dict[str, object]:
    """Demo staff of province 51 (named as ``motcua demo`` names them; provinces 51 and 96
    provisioned) and a citizen account without memberships, on the served database.

    Keys ``commune_clerk`` (clerk of the province's first commune), ``province_clerk``,
    ``specialist`` (province 51) and ``citizen`` give (username, password); ``commune``
    is the first commune's code."""
    import json
    import secrets

    password = secrets.token_urlsafe(12)
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "shell", "-v0", "-c", _PEOPLE_SCRIPT],
        env={**e2e_env, "E2E_PASSWORD": password}, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("E2E "))
    people = json.loads(line[4:])
    return {key: value if key == "commune" else (value, password) for key, value in people.items()}
