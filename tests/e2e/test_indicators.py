"""The 766 scorecard in a browser: open the ranking, open the province, click a figure and see
the dossiers behind it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT

pytestmark = pytest.mark.e2e

_HISTORY_SCRIPT = """
import os
from django.contrib.auth.hashers import make_password
from motcua.core.models import User
from motcua.dossiers.demo import demo_history_create
from motcua.dossiers.models import Dossier
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit
from motcua.org.services import membership_grant
demo_history_create("51", count=60, days=60, seed=7)
# A provincial supervisor whose membership covers the communes: the drill-down shows them.
user, _ = User.objects.update_or_create(
    username="giamsat51", defaults={"password": make_password(os.environ["E2E_PASSWORD"])}
)
membership_grant(user=user, role=Role.SUPERVISOR,
                 unit=AdministrativeUnit.objects.get(code="51"), includes_communes=True)
print("CODES " + " ".join(Dossier.objects.exclude(code=None).values_list("code", flat=True)[:500]))
"""


@pytest.fixture(scope="module")
def history(e2e_people, e2e_env) -> list[str]:
    password = e2e_people["province_clerk"][1]
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "shell", "-v0", "-c", _HISTORY_SCRIPT],
        env={**e2e_env, "E2E_PASSWORD": password}, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return next(x for x in done.stdout.splitlines() if x.startswith("CODES "))[6:].split()


def _login(page: Page, server_url: str, who: tuple[str, str]) -> None:
    username, password = who
    page.goto(f"{server_url}/vi/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(
        page.get_by_role("button", name=re.compile(f"Đăng xuất \\({username}\\)"))
    ).to_be_visible()


def test_dashboard_figure_lists_the_dossiers_behind_it(
    page: Page, server_url: str, e2e_people, history
) -> None:
    assert history, "the demo history made no dossiers"
    _login(page, server_url, ("giamsat51", e2e_people["province_clerk"][1]))
    page.goto(f"{server_url}/vi/indicators/?from=01/01/2099&to=31/12/2099")
    expect(page.get_by_role("alert")).to_contain_text("tương lai")  # a message, not a crash
    page.goto(f"{server_url}/vi/indicators/?from=01/01/2020&to={dt.date.today():%d/%m/%Y}")
    row = page.locator("#ranking tbody tr", has_text="Quảng Ngãi")
    expect(row).to_contain_text("/34")
    row.get_by_role("link", name="Quảng Ngãi").first.click()
    figure = page.locator('tr[data-indicator="2.1"] a.figure').nth(1)  # the denominator
    expected = figure.inner_text()
    figure.click()
    expect(page.locator("#count")).to_have_text(expected)
    first = page.locator("#dossiers tbody tr").first
    expect(first).to_contain_text(re.compile(r"-\d{6}-\d{4}"))
    code = first.locator("a").first.inner_text()
    assert code in history
