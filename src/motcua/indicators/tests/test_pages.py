"""The scorecard pages: rankings, one unit, the dossiers behind a figure, reports, the
what-if page, forecasts; and bad input (unknown unit, future or empty period)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import COMMUNE, PROVINCE, act, setup_hanoi, staff, submit
from motcua.indicators import selectors
from motcua.indicators.periods import period_from
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def at(days_ago: float, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def dossiers():
    """Three dossiers received this month at the Ba Đình desk: one online and finished on time,
    one at the counter left open past its appointment (late), one online still in time."""
    people = setup_hanoi()
    today = timezone.localdate()
    start = max(today.replace(day=1), today - dt.timedelta(days=25))
    days = (today - start).days
    d1 = submit(people["clerk"], channel=Channel.ONLINE, at=at(days, 8))
    d1 = act(d1, "receive", people["clerk"], at=at(days, 9))
    d1 = act(d1, "start_processing", people["specialist"], at=at(days, 10))
    d1 = act(d1, "submit_for_approval", people["specialist"], at=at(days, 11))
    d1 = act(d1, "issue_result", people["leader"], at=at(days, 14))
    d2 = submit(people["clerk"], at=at(days, 8))
    d2 = act(d2, "receive", people["clerk"], at=at(days, 9))
    d3 = submit(
        people["clerk"], channel=Channel.ONLINE, at=timezone.now() - dt.timedelta(minutes=30)
    )
    d3 = act(d3, "receive", people["clerk"], at=timezone.now() - dt.timedelta(minutes=20))
    return people, (d1, d2, d3)


def _month_query() -> str:
    return f"month={timezone.localdate():%Y-%m}"


def test_scorecard_counts_and_drill_down_agree(client, dossiers):
    people, (d1, d2, d3) = dossiers
    unit = AdministrativeUnit.objects.get(code=COMMUNE)
    period = period_from({"month": f"{timezone.localdate():%Y-%m}"})
    card = selectors.scorecards(units=[unit], period=period)[0]
    assert card.received == 3
    assert card.online == 2
    late = 1 if d2.due_at.date() <= timezone.localdate() else 0
    assert card.counts["2.1"] == (3 - late, 3)

    client.force_login(people["clerk"])
    page = client.get(f"/vi/indicators/{COMMUNE}/?{_month_query()}")
    assert page.status_code == 200
    assert 'data-indicator="2.1"' in page.content.decode()
    behind = client.get(
        f"/vi/indicators/{COMMUNE}/dossiers/?indicator=3.3&part=denominator&{_month_query()}"
    )
    body = behind.content.decode()
    assert behind.status_code == 200
    for d in (d1, d2, d3):
        assert d.code in body
    online = client.get(
        f"/vi/indicators/{COMMUNE}/dossiers/?indicator=2.1&part=numerator&{_month_query()}"
    )
    assert (d2.code in online.content.decode()) == (late == 0)


def test_ranking_pages_and_province_view(client, dossiers):
    national = client.get(f"/vi/indicators/?{_month_query()}")
    assert national.status_code == 200
    text = national.content.decode()
    assert "/34" in text  # ranks written as the seeds write them
    communes = client.get(f"/vi/indicators/?province={PROVINCE}&{_month_query()}")
    assert communes.status_code == 200
    assert "Ba Đình" in communes.content.decode()


def test_drill_down_is_for_the_unit_staff_only(client, dossiers):
    other = AdministrativeUnit.objects.filter(parent_id=PROVINCE).exclude(code=COMMUNE).first()
    stranger = staff("stranger", Role.CLERK, other.code)
    client.force_login(stranger)
    response = client.get(f"/vi/indicators/{COMMUNE}/dossiers/?indicator=2.1&part=denominator")
    assert response.status_code == 403
    client.logout()
    response = client.get(f"/vi/indicators/{COMMUNE}/dossiers/?indicator=2.1&part=denominator")
    assert response.status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2999-01", "tương lai"),
        ("month=2026-13", "Tháng không hợp lệ"),
        ("from=31/12/2025&to=01/01/2025", "sau ngày bắt đầu"),
        ("as_of=01/01/2999", "tương lai"),
    ],
)
def test_bad_periods_get_a_clear_message(client, query, message):
    response = client.get(f"/vi/indicators/{COMMUNE}/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_unknown_unit_is_404_with_message(client):
    response = client.get("/vi/indicators/99999/")
    assert response.status_code == 404


def test_unit_without_dossiers_never_divides_by_zero(client):
    other = AdministrativeUnit.objects.filter(parent_id=PROVINCE).exclude(code=COMMUNE).first()
    response = client.get(f"/vi/indicators/{other.code}/?year=2025")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không có hồ sơ trong kỳ" in body
    assert "nan%" not in body and "NaN" not in body


def test_reports_carry_the_numbers_on_screen(client, dossiers):
    unit = AdministrativeUnit.objects.get(code=COMMUNE)
    period = period_from({"month": f"{timezone.localdate():%Y-%m}"})
    card = next(
        c
        for c in selectors.scorecards(
            units=AdministrativeUnit.objects.filter(parent_id=PROVINCE), period=period
        )
        if c.key == unit.code
    )
    xlsx = client.get(f"/vi/indicators/{COMMUNE}/report.xlsx?{_month_query()}")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["2.1"][2:5] == (
        card.counts["2.1"][0],
        card.counts["2.1"][1],
        card.result["indicators"]["2.1"],
    )
    assert sheet["B2"].value == card.total
    pdf = client.get(f"/vi/indicators/{COMMUNE}/report.pdf?{_month_query()}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "2.1 Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn" in text
    points = f"{card.result['indicators']['2.1']:.2f}".replace(".", ",")
    assert f"{card.counts['2.1'][0]} {card.counts['2.1'][1]} {points} / 20" in text


def test_simulate_page(client):
    response = client.post("/vi/indicators/simulate/", {"n_3.6": "30", "d_3.6": "100"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1.80" in body or "1,80" in body
    assert ">70<" in body  # 70 more online payments to full marks
    bad = client.post("/vi/indicators/simulate/", {"n_3.6": "300", "d_3.6": "100"})
    assert "tử số lớn hơn mẫu số" in bad.content.decode()


def test_forecast_page_renders(client, dossiers):
    response = client.get(f"/vi/indicators/forecast/?province={PROVINCE}")
    assert response.status_code == 200
    assert "Kiểm định" in response.content.decode()


def test_scorecards_from_rollups_equal_those_from_scratch(dossiers):
    units = AdministrativeUnit.objects.filter(code__in=[COMMUNE, PROVINCE])
    for query in ({"month": f"{timezone.localdate():%Y-%m}"}, {"year": "2025"}):
        period = period_from(query)
        fast = selectors.scorecards(units=units, period=period)
        slow = selectors.scorecards(units=units, period=period, source="scan")
        assert [(c.key, c.counts, c.result, c.rank) for c in fast] == [
            (c.key, c.counts, c.result, c.rank) for c in slow
        ]
        if "month" in query:  # not an empty comparison
            assert {c.key: c.received for c in fast} == {COMMUNE: 3, PROVINCE: 3}


def test_scorecard_and_ranking_api(client, dossiers):
    response = client.get(f"/api/v1/indicators/scorecard?unit={COMMUNE}&{_month_query()}")
    assert response.status_code == 200
    data = response.json()
    assert data["received"] == 3 and data["counts"]["2.1"]["denominator"] == 3
    assert data["rank"].endswith(
        f"/{AdministrativeUnit.objects.filter(parent_id=PROVINCE).count()}"
    )
    assert set(data["groups"]) == {
        "transparency", "dvc-progress-tree", "provide-online-tree",
        "formality-online-payment-tree", "dossier-digitized", "handling-satisfaction",
    }  # fmt: skip
    ranking = client.get(f"/api/v1/indicators/ranking?{_month_query()}").json()
    assert len(ranking["units"]) == 34 and ranking["units"][0]["rank"].startswith("01/34")
    assert client.get("/api/v1/indicators/scorecard?unit=99999").status_code == 404
    bad = client.get(f"/api/v1/indicators/scorecard?unit={COMMUNE}&month=2999-01")
    assert bad.status_code == 400 and "tương lai" in bad.json()["message"]


def test_unit_page_breaks_down_by_field_procedure_agency(client, dossiers):
    for by in ("field", "procedure", "agency"):
        response = client.get(f"/vi/indicators/{COMMUNE}/?{_month_query()}&by={by}")
        assert response.status_code == 200
        table = response.content.decode().split('id="breakdown-table"')[1].split("</table>")[0]
        assert "<td>3</td>" in table or "<td>2</td>" in table, by


def test_feedback_deadlines_feed_5_2_and_5_3():
    from motcua.feedback.services import feedback_act, feedback_submit

    people = setup_hanoi()
    tz = timezone.get_current_timezone()

    def when(y, m, d, h=9):
        return dt.datetime(y, m, d, h, tzinfo=tz)

    def submit(at):
        return feedback_submit(content="Phản ánh thái độ phục vụ", unit_code=COMMUNE,
                               name="Trần Thị Bình", contact="0905000000", at=at)  # fmt: skip

    on_time, late, open_late = (submit(when(2025, 3, 3)) for _i in range(3))
    submit(when(2025, 12, 30))  # open, not yet due at the end of 2025: not counted in 5.2
    feedback_act(feedback_id=on_time.pk, actor=people["clerk"], name="answer",
                 text="Đã chấn chỉnh.", at=when(2025, 3, 5))  # fmt: skip
    feedback_act(feedback_id=late.pk, actor=people["clerk"], name="answer",
                 text="Đã trả lời.", at=when(2025, 5, 5))  # fmt: skip
    assert open_late.handle_due < dt.date(2025, 12, 31)

    unit = AdministrativeUnit.objects.get(code=COMMUNE)
    card = selectors.scorecards(units=[unit], period=period_from({"year": "2025"}))[0]
    assert card.counts["5.2"] == (1, 3)  # answered on time ÷ (on time + late + open past due)
    assert card.counts["5.3"] == (2, 4)  # all four − the two late ones
    assert card.result["indicators"]["5.2"] == 2.0
    assert card.result["indicators"]["5.3"] == 3.0


def test_drill_down_lists_only_the_units_the_user_acts_for(client, dossiers):
    from motcua.core.models import User

    province_only = staff("tinh", Role.SPECIALIST, PROVINCE)  # no "includes communes"
    client.force_login(province_only)
    url = f"/vi/indicators/{PROVINCE}/dossiers/?indicator=2.1&part=denominator&{_month_query()}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0  # the communes' dossiers stay hidden
    admin = User.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    assert client.get(url).context["page"].paginator.count == 3


def test_5_4_numerator_has_no_list_and_early_years_are_refused(client, dossiers):
    client.force_login(dossiers[0]["clerk"])
    url = f"/vi/indicators/{COMMUNE}/dossiers/?indicator=5.4&part=numerator&{_month_query()}"
    assert client.get(url).status_code == 404
    response = client.get(f"/vi/indicators/{COMMUNE}/?month=0001-01")
    assert response.status_code == 200 and "từ năm 2000" in response.content.decode()
    assert client.get(f"/vi/indicators/{COMMUNE}9/").status_code == 404


def test_rollup_read_for_a_few_units_equals_the_national_read(dossiers):
    from motcua.indicators import rollup

    period = period_from({"month": f"{timezone.localdate():%Y-%m}"})
    args = {"start": period.start, "end": period.end, "as_of": period.as_of}
    everyone = rollup.rollup_totals(by="unit", **args)
    assert rollup.rollup_totals(by="unit", keys=[COMMUNE], **args) == {COMMUNE: everyone[COMMUNE]}
    by_province = rollup.rollup_totals(by="province", **args)
    assert rollup.rollup_totals(by="province", keys=[PROVINCE], **args) == {
        PROVINCE: by_province[PROVINCE]
    }
