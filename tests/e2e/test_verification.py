"""Issue 5: anyone uploads a signed result to the verification page and reads the verdict;
the same file with one byte changed is reported as modified."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT

pytestmark = pytest.mark.e2e

# Runs against the served database and key directory (same MOTCUA_VAR_DIR, same secret):
# the demo PKI of the server signs a result with a province-51 agency's certificate.
_SIGN_SCRIPT = """
import os
from motcua.org.models import Agency
from motcua.signing.samples import sample_pdf
from motcua.signing.services import demo_pki_ensure, sign_pdf

agency = Agency.objects.filter(unit__code="51").order_by("pk").first()
rows = demo_pki_ensure(agencies=[agency])
signed = sign_pdf(sample_pdf(1), certificate=rows[f"agency-{agency.pk}"],
                  reason="Phê duyệt kết quả", location="Quảng Ngãi")
open(os.environ["E2E_SIGNED_PDF"], "wb").write(signed)
print("AGENCY " + agency.name)
"""


@pytest.fixture(scope="module")
def signed_result(e2e_people, e2e_env, tmp_path_factory) -> tuple[bytes, str]:
    out = tmp_path_factory.mktemp("signed") / "ket-qua.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "shell", "-v0", "-c", _SIGN_SCRIPT],
        env={**e2e_env, "E2E_SIGNED_PDF": str(out)}, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    agency = next(x for x in done.stdout.splitlines() if x.startswith("AGENCY "))[7:]
    return out.read_bytes(), agency


def _upload(page: Page, server_url: str, name: str, data: bytes) -> None:
    page.goto(f"{server_url}/vi/verify/")
    page.get_by_label("Tệp PDF cần xác thực").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": data}
    )
    page.get_by_role("button", name="Xác thực", exact=True).click()


def test_signed_and_tampered_results(page: Page, server_url: str, signed_result) -> None:
    signed, agency = signed_result
    _upload(page, server_url, "ket-qua.pdf", signed)
    verdict = page.locator("p.verdict")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    expect(verdict).to_have_text("Hợp lệ")
    expect(page.locator("tr.signature")).to_have_count(1)
    expect(page.locator("tr.signature")).to_contain_text(agency)
    expect(page.locator("tr.signature")).to_contain_text("dấu thời gian")

    at = signed.index(b"noi dung ket qua")
    tampered = signed[:at] + b"N" + signed[at + 1 :]
    _upload(page, server_url, "ket-qua-da-sua.pdf", tampered)
    expect(verdict).to_have_attribute("data-verdict", "modified")
    expect(verdict).to_have_text("Văn bản đã bị sửa đổi sau khi ký")
