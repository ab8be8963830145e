"""Mẫu 07, the logbook of a unit's dossiers received in a range of days: the rows of the
range and no other, landscape pages, the cap, and only for the unit's own staff."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from motcua.documents import logbook
from motcua.documents.services import document_template_save
from motcua.documents.tests.factories import pdf_text
from motcua.dossiers.tests.factories import COMMUNE, staff
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

DAY = 24 * 60


@pytest.fixture
def dossiers(world):
    """Two received on Monday 8/9/2025, one on Thursday 11/9/2025 (filed on Monday)."""
    first, second = world.received(), world.received()
    later = world.act(world.submit(), "receive", "clerk", 3 * DAY)
    return first, second, later


def get(client, user, unit=COMMUNE, start="2025-09-08", end="2025-09-09"):
    client.force_login(user)
    return client.get(reverse("documents:logbook"), {"unit": unit, "from": start, "to": end})


def test_the_logbook_lists_the_range_and_nothing_outside(client, world, dossiers):
    first, second, later = dossiers
    response = get(client, world.people["clerk"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert first.code in text and second.code in text
    assert later.code not in text
    for words in ("Mẫu số 07", "SỔ THEO DÕI HỒ SƠ", "Từ ngày 08/09/2025 đến ngày 09/09/2025",
                  "Mã hồ sơ", "Hẹn trả kết quả", "Trần Thị Ánh Tuyết"):  # fmt: skip
        assert words in text, words
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    # dd/mm/yyyy is accepted too, and a range that holds only the later one shows only it.
    text = pdf_text(
        get(client, world.people["clerk"], start="10/09/2025", end="11/09/2025").content
    )
    assert later.code in text and first.code not in text


def test_another_units_clerk_is_refused(client, world, dossiers):
    other = staff("clerk_ngoc_ha", Role.CLERK, "00008")
    assert get(client, other).status_code == 404
    assert get(client, other, unit="00008").status_code == 200  # their own unit is fine


def test_without_a_range_the_form_offers_only_the_users_units(client, world):
    client.force_login(world.people["clerk"])
    page = client.get(reverse("documents:logbook")).content.decode()
    assert f'value="{COMMUNE}"' in page and 'value="00008"' not in page


def test_too_many_rows_or_a_bad_range_is_a_clear_message(client, world, dossiers, monkeypatch):
    monkeypatch.setattr(logbook, "MAX_ROWS", 1)
    response = get(client, world.people["clerk"])
    assert response.status_code == 400
    assert "hãy chọn khoảng thời gian ngắn hơn" in response.content.decode()
    response = get(client, world.people["clerk"], start="2025-09-09", end="2025-09-08")
    assert response.status_code == 400 and "Ngày kết thúc" in response.content.decode()
    assert get(client, world.people["clerk"], start="hôm qua").status_code == 400


def test_the_logbook_text_can_be_stored_and_spans_pages(world, dossiers):
    document_template_save(document="form:07", body="# SỔ CỦA PHƯỜNG\n@logbook")
    unit = AdministrativeUnit.objects.get(code=COMMUNE)
    content = logbook.render(unit, dt.date(2025, 9, 8), dt.date(2025, 9, 11))
    assert "SỔ CỦA PHƯỜNG" in pdf_text(content)
    rows = logbook.rows(unit, dt.date(2025, 9, 8), dt.date(2025, 9, 11)) * 60
    many = logbook.pdf(unit_label="Phường Ba Đình", agency="A", parent="B", place="Ba Đình",
                       start=dt.date(2025, 9, 8), end=dt.date(2025, 9, 11), items=rows)  # fmt: skip
    reader = PdfReader(io.BytesIO(many))
    assert len(reader.pages) > 1
    assert "Mã hồ sơ" in (reader.pages[-1].extract_text() or "")  # the header repeats
