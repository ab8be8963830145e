"""A citizen finds a procedure without typing diacritics, reads it, and switches language."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_search_open_and_switch_language(page: Page, server_url: str):
    page.goto(server_url + "/")
    expect(page).to_have_url(re.compile(r"/vi/$"))
    # The design system is served (and not blocked by the CSP): the header is red.
    expect(page.locator("header.site-header")).to_have_css("background-color", "rgb(164, 22, 26)")
    page.get_by_role("searchbox").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    first = page.locator("ol.results li.result a.result-title").first
    expect(first).to_have_text("Thủ tục đăng ký khai sinh")
    first.click()
    expect(page).to_have_url(re.compile(r"/vi/procedures/1\.001193/$"))
    expect(page.locator("h1")).to_have_text("Thủ tục đăng ký khai sinh")

    page.locator("button[data-lang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/procedures/1\.001193/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Processing time", exact=False).first).to_be_visible()

    page.locator("button[data-lang=vi]").click()
    expect(page).to_have_url(re.compile(r"/vi/procedures/1\.001193/$"))
    expect(page.get_by_text("Thời hạn giải quyết").first).to_be_visible()


def _page_weight(page: Page, url: str) -> int:
    """Bytes transferred for the page and everything it loads (Resource Timing)."""
    page.goto(url, wait_until="load")
    return page.evaluate(
        """() => performance.getEntriesByType("navigation")
              .concat(performance.getEntriesByType("resource"))
              .reduce((sum, e) => sum + Math.max(e.transferSize, e.encodedBodySize), 0)"""
    )


@pytest.mark.parametrize(
    "path",
    ["/vi/", "/vi/procedures/?q=dang+ky+khai+sinh", "/vi/procedures/1.001193/", "/vi/units/",
     "/vi/units/51/", "/vi/authority/"],
)  # fmt: skip
def test_public_pages_weigh_under_300_kb_on_first_load(browser, server_url: str, path: str):
    context = browser.new_context()  # empty cache: first load
    page = context.new_page()
    weight = _page_weight(page, server_url + path)
    context.close()
    assert 0 < weight < 300 * 1024, f"{path}: {weight} bytes"


def test_public_pages_work_without_javascript(browser, server_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url + "/vi/procedures/")
    page.get_by_role("searchbox").fill("dang ky ket hon")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("ol.results li.result").first).to_contain_text("kết hôn")
    page.locator("button[data-lang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/procedures/"))
    context.close()


def test_api_docs_render_under_the_content_security_policy(page: Page, server_url: str):
    page.goto(server_url + "/api/docs")
    expect(page.get_by_text("/api/v1/procedures/{code}")).to_be_visible()
