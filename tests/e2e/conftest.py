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
def server_url(tmp_path_factory) -> str:
    """Set up a demo database (no staff) and serve it; stop the server afterwards."""
    var = tmp_path_factory.mktemp("e2e-var")
    env = {
        **os.environ,
        "MOTCUA_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'e2e.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
    }
    motcua = [sys.executable, "-m", "motcua"]
    for step in (["migrate", "--no-input", "-v0"], ["import-units", "--no-progress"],
                 ["import-catalogue", "--no-progress"], ["import-authority", "--no-progress"]):  # fmt: skip
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
