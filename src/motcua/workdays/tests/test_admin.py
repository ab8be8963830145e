import datetime as dt

import pytest

from motcua.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_administrator_lists_and_adds_calendar_days(admin_client):
    CalendarDay.objects.create(date=dt.date(2026, 8, 22), kind="working_day", reason="làm bù")
    page = admin_client.get("/vi/admin/workdays/calendarday/").content.decode()
    assert "Ngày 22 tháng 8 năm 2026" in page
    assert "Thứ Bảy" in page
    response = admin_client.post(
        "/vi/admin/workdays/calendarday/add/",
        {"date": "2026-08-31", "kind": "day_off", "reason": "nghỉ bù Quốc khánh"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarDay.objects.get(date=dt.date(2026, 8, 31)).kind == "day_off"
