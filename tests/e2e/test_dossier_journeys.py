"""The three dossier journeys of issue 4, in a real browser against a real server:
counter intake → receipt; online filing → reception → status lookup; a specialist's
transition from the queue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.e2e

CODE = re.compile(r"^H\d\d\.[\d.]+-\d{6}-\d{4}$")
KEY = re.compile(r"^[0-9A-F]{8}$")
COMMUNE_PROCEDURE = "1.001612"  # household business registration: commune, 3 working days
PROVINCE_PROCEDURE = "1.000058"  # forest environment services: province, 15 working days
CHIP_QR = "001303004567|123456789|Nguyễn Thị Bình|15032003|Nữ|Phường Cẩm Thành, Quảng Ngãi|01022021"


def _login(page: Page, server_url: str, who: tuple[str, str]) -> None:
    username, password = who
    page.goto(f"{server_url}/vi/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(
        page.get_by_role("button", name=re.compile(f"Đăng xuất \\({username}\\)"))
    ).to_be_visible()


def _context(browser: Browser, **kwargs) -> BrowserContext:
    return browser.new_context(locale="vi-VN", **kwargs)


def _scan_required_papers(page: Page, how: str = "scanned_at_desk") -> None:
    """Each required paper of the checklist scanned at the desk or uploaded online (a real
    PDF each)."""
    from motcua.attachments.tests.factories import pdf_bytes

    expect(page.locator(".checklist")).to_be_visible()
    rows = page.locator(".checklist tr.required")
    for i in range(rows.count()):
        row = rows.nth(i)
        row.locator("select").select_option(how)
        row.locator("input[type=file]").set_input_files(
            {"name": f"giay-{i}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )


def _counter_intake(page: Page, server_url: str, procedure: str) -> str:
    """A clerk (logged in) receives a dossier from the chip card's QR; the receipt's code."""
    page.goto(f"{server_url}/vi/backoffice/intake/")
    page.get_by_label("Mã thủ tục").fill(procedure)
    page.get_by_label("Quét mã QR căn cước (tùy chọn)").fill(CHIP_QR)
    page.get_by_role("button", name="Chọn thủ tục").click()
    _scan_required_papers(page)
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").last.click()
    expect(page).to_have_url(re.compile(r"/vi/backoffice/dossiers/\d+/receipt/$"))
    code = page.locator(".receipt .dossier-code")
    expect(code).to_have_text(CODE)
    return code.inner_text()


def test_counter_intake_ends_with_a_receipt(page: Page, server_url: str, e2e_people):
    _login(page, server_url, e2e_people["commune_clerk"])
    page.goto(f"{server_url}/vi/backoffice/")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ tại bộ phận một cửa")
    code = _counter_intake(page, server_url, COMMUNE_PROCEDURE)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    )
    expect(page.locator(".receipt .lookup-key")).to_have_text(KEY)
    receipt = page.locator(".receipt")
    expect(receipt).to_contain_text("Nguyễn Thị Bình")
    expect(receipt).to_contain_text("Đăng ký thành lập hộ kinh doanh")
    expect(receipt).to_contain_text("Hẹn trả kết quả")
    assert code.startswith("H51.")


def test_online_filing_then_reception_then_status_lookup(
    browser: Browser, server_url: str, e2e_people
):
    # A citizen files online, in a browser without JavaScript.
    citizen = _context(browser, java_script_enabled=False)
    page = citizen.new_page()
    _login(page, server_url, e2e_people["citizen"])
    page.goto(f"{server_url}/vi/portal/file/{COMMUNE_PROCEDURE}/")
    page.get_by_label("Tỉnh, thành phố", exact=True).select_option("51")
    page.locator("button[data-step=province]").click()
    page.get_by_label("Nơi nộp hồ sơ").select_option(e2e_people["commune"])
    expect(page.get_by_label("Họ và tên người nộp")).to_have_value("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân").fill("051203004567")
    page.get_by_label("Ngày sinh").fill("15/03/2003")
    page.get_by_label("Địa chỉ thường trú").fill("Phường Cẩm Thành, Quảng Ngãi")
    page.get_by_label("Điện thoại").fill("0912345678")
    _scan_required_papers(page, how="uploaded_online")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ trực tuyến")
    ref = page.locator(".dossier-ref").inner_text()
    page.get_by_role("link", name="Theo dõi hồ sơ tại mục Hồ sơ của tôi").click()
    row = page.locator(f"tr[data-dossier='{ref}']")
    expect(row).to_contain_text("Đã nộp, chờ tiếp nhận")

    # The commune desk finds it in its queue and receives it.
    desk = _context(browser)
    clerk_page = desk.new_page()
    _login(clerk_page, server_url, e2e_people["commune_clerk"])
    clerk_page.goto(f"{server_url}/vi/backoffice/?state=submitted&channel=online")
    clerk_page.get_by_role("link", name=ref, exact=True).click()
    expect(clerk_page).to_have_url(re.compile(rf"/vi/backoffice/dossiers/{ref}/$"))
    clerk_page.locator("button[data-action=receive]").click()
    # The Mẫu 01 receipt carries the code and the lookup key, shown once to the clerk.
    if not re.search(r"/receipt/$", clerk_page.url):
        clerk_page.goto(f"{server_url}/vi/backoffice/dossiers/{ref}/receipt/")
    expect(clerk_page.locator(".receipt .dossier-code")).to_have_text(CODE)
    code = clerk_page.locator(".receipt .dossier-code").inner_text()
    key = clerk_page.locator(".receipt .lookup-key")
    expect(key, "receiving on the dossier page must show the key on the receipt").to_have_text(KEY)
    lookup_key = key.inner_text()
    desk.close()

    # Anyone with the code and the key sees the status; a wrong key shows nothing.
    visitor = _context(browser)
    anon = visitor.new_page()
    anon.goto(f"{server_url}/vi/portal/status/")
    anon.get_by_label("Mã hồ sơ").fill(code)
    anon.get_by_label("Mã tra cứu").fill("00000000")
    anon.get_by_role("button", name="Tra cứu").click()
    expect(anon.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
    anon.get_by_label("Mã tra cứu").fill(lookup_key.lower())
    anon.get_by_role("button", name="Tra cứu").click()
    expect(anon.locator(".dossier-state")).to_have_text("Đã tiếp nhận")
    expect(anon.locator(".dossier-code")).to_have_text(code)
    visitor.close()

    # The citizen's own list now shows the code.
    page.reload()
    expect(page.locator(f"tr[data-dossier='{ref}']")).to_contain_text(code)
    citizen.close()


def test_a_specialist_starts_processing_from_the_queue(
    browser: Browser, server_url: str, e2e_people
):
    desk = _context(browser)
    clerk_page = desk.new_page()
    _login(clerk_page, server_url, e2e_people["province_clerk"])
    code = _counter_intake(clerk_page, server_url, PROVINCE_PROCEDURE)
    desk.close()

    office = _context(browser)
    page = office.new_page()
    _login(page, server_url, e2e_people["specialist"])
    page.goto(f"{server_url}/vi/backoffice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    expect(page.locator(".meta .badge")).to_have_text("Đã tiếp nhận")
    expect(page.locator("button[data-action=receive]")).to_have_count(0)
    page.locator("button[data-action=start_processing]").click()
    expect(page.locator(".msg-success")).to_have_text("Đã cập nhật hồ sơ.")
    expect(page.locator(".meta .badge")).to_have_text("Đang xử lý")
    expect(page.locator("button[data-action=start_processing]")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Bắt đầu xử lý")
    office.close()


def test_counter_intake_with_the_birth_registration_e_form_without_javascript(
    browser: Browser, server_url: str, e2e_people
):
    """The clerk picks the procedure with the "choose" button (no script), the page shows
    its e-form; a missing answer is refused with a message and keeps what was typed; the
    filed data is on the dossier page with the form's labels."""
    desk = _context(browser, java_script_enabled=False)
    page = desk.new_page()
    _login(page, server_url, e2e_people["commune_clerk"])
    page.goto(f"{server_url}/vi/backoffice/intake/")
    page.get_by_label("Mã thủ tục").fill("1.001193")
    page.get_by_label("Quét mã QR căn cước (tùy chọn)").fill(CHIP_QR)
    page.get_by_role("button", name="Chọn thủ tục").click()
    expect(
        page.get_by_role("heading", name=re.compile("Tờ khai đăng ký khai sinh"))
    ).to_be_visible()
    expect(page.get_by_label("Quét mã QR căn cước (tùy chọn)")).to_have_value(CHIP_QR)
    page.get_by_label("Quan hệ của người yêu cầu với người được khai sinh").select_option("Mẹ")
    page.locator("#id_ef-tre_ho_ten").fill("Nguyễn Minh Khoa")
    page.locator("#id_ef-tre_ngay_sinh").fill("01/10/2026")
    page.locator("#id_ef-tre_gioi_tinh").select_option("Nam")
    page.locator("#id_ef-tre_dan_toc").fill("Kinh")
    page.locator("#id_ef-tre_quoc_tich").fill("Việt Nam")
    page.locator("#id_ef-tre_noi_sinh").fill("Bệnh viện Đa khoa tỉnh Quảng Ngãi")
    page.locator("#id_ef-tre_que_quan").fill("Phường Cẩm Thành, Quảng Ngãi")
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").last.click()
    # The pledge was not ticked: refused, everything typed is still there.
    expect(page.locator(".eform")).to_contain_text("Vui lòng đánh dấu")
    expect(page.locator("#id_ef-tre_ho_ten")).to_have_value("Nguyễn Minh Khoa")
    page.locator("#id_ef-cam_doan").check()
    _scan_required_papers(page)  # files are never kept across a refused submit
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").last.click()
    expect(page).to_have_url(re.compile(r"/vi/backoffice/dossiers/\d+/receipt/$"))
    expect(page.locator(".receipt .dossier-code")).to_have_text(CODE)
    page.goto(page.url.removesuffix("receipt/"))
    filled = page.locator(".eform-filled")
    expect(filled).to_contain_text("Tờ khai đăng ký khai sinh")
    expect(filled).to_contain_text("Nguyễn Minh Khoa")
    expect(filled).to_contain_text("01/10/2026")
    desk.close()
