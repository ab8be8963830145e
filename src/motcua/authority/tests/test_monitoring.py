"""Monitoring of decentralised tasks per province: volumes and on-time rates of the tasks'
procedures, post-inspections, obstacles and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from motcua.authority import selectors
from motcua.authority.constants import ObstacleKind, ObstacleStatus
from motcua.authority.errors import NotAllowed, StatusChangeNotAllowed
from motcua.authority.models import Obstacle, PostInspection
from motcua.authority.services import (
    obstacle_answer,
    obstacle_escalate,
    obstacle_raise,
    post_inspection_record,
)
from motcua.authority.tests import factories
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.models import User
from motcua.dossiers.tests.factories import COMMUNE_PROCEDURE, act, setup_hanoi, staff, submit
from motcua.org.constants import AgencyKind, Level, Role
from motcua.org.models import AdministrativeUnit, Agency, Membership

pytestmark = pytest.mark.django_db

TASK = "MON-TEST-01"
MARCH = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
PAGE_MARCH = {"province": "01", "from": "01/03/2026", "to": "31/03/2026"}
API = "/api/v1/authority/monitoring"


def local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


MONDAY_9 = local(2026, 3, 2, 9, 0)  # 3 working days: due Thursday 5/3 17:00


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def people():
    return setup_hanoi()


@pytest.fixture
def task():
    t = factories.task(code=TASK, from_level="district", to_level="commune",
                       instrument="Nghị định 132/2025/NĐ-CP", article="Điều 4")  # fmt: skip
    t.procedures.add(Procedure.objects.get(code=COMMUNE_PROCEDURE))
    return t


def _received(people, at=MONDAY_9):
    d = act(submit(people["clerk"], at=at), "receive", people["clerk"], at=at)
    return act(d, "start_processing", people["specialist"], at=at + dt.timedelta(hours=1))


@pytest.fixture
def dossiers(people, task):
    """Three dossiers received in March in Hà Nội (01): one finished on time, one finished
    late, one still open and overdue at the end of March; a fourth received in April."""
    on_time = act(_received(people), "issue_result", people["leader"], at=local(2026, 3, 3, 10))
    late = act(_received(people), "issue_result", people["leader"], at=local(2026, 3, 10, 10))
    open_overdue = _received(people)
    april = _received(people, at=local(2026, 4, 6, 9))
    return {"on_time": on_time, "late": late, "open": open_overdue, "april": april}


@pytest.fixture
def other_clerk():
    """A commune clerk of another province (Cà Mau, 96)."""
    commune = AdministrativeUnit.objects.filter(parent_id="96", level=Level.COMMUNE).first()
    return staff("clerk96", Role.CLERK, commune.code)


@pytest.fixture
def minister():
    user = User.objects.create_user("bo_khcn")
    user.user_permissions.add(Permission.objects.get(codename="answer_obstacle"))
    return User.objects.get(pk=user.pk)  # a fresh object: no stale permission cache


def _procedure_row(data):
    task = next(t for t in data["tasks"] if t["code"] == TASK)
    return task, task["procedures"][0]


# --- the selector ----------------------------------------------------------------------------


def test_volume_and_on_time_rate_of_the_tasks_procedures(dossiers, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = selectors.monitoring_for("01", **MARCH)
    task, row = _procedure_row(data)
    assert task["instrument"] == "Nghị định 132/2025/NĐ-CP" and task["article"] == "Điều 4"
    assert row["code"] == COMMUNE_PROCEDURE
    assert (row["received"], row["on_time"], row["late"]) == (3, 1, 2)
    assert row["on_time_rate"] == 33.3
    assert (task["received"], task["on_time_rate"]) == (3, 33.3)
    assert data["totals"]["received"] == 3


def test_open_dossier_not_yet_due_at_the_end_of_the_period_is_on_time(dossiers):
    # Measured at the end of 2/3, the open dossier (due 5/3) is not late yet; the late one
    # had not ended either and was not yet due.
    data = selectors.monitoring_for("01", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 2))
    _task, row = _procedure_row(data)
    assert (row["received"], row["on_time"], row["late"]) == (3, 3, 0)


def test_two_supplement_requests_count_late_even_when_finished_early(people, task):
    d = _received(people)
    for hour in (11, 13):
        d = act(d, "request_supplement", people["specialist"], reason="Thiếu giấy tờ",
                at=local(2026, 3, 2, hour))  # fmt: skip
        d = act(d, "supplement_received", people["specialist"], at=local(2026, 3, 2, hour, 30))
    d = act(d, "issue_result", people["leader"], at=local(2026, 3, 3, 9))
    assert d.supplement_count == 2 and d.finished_at <= d.due_at
    _task, row = _procedure_row(selectors.monitoring_for("01", **MARCH))
    assert (row["received"], row["late"], row["on_time_rate"]) == (1, 1, 0.0)


def test_dossiers_of_another_province_do_not_count(dossiers):
    _task, row = _procedure_row(selectors.monitoring_for("96", **MARCH))
    assert (row["received"], row["on_time_rate"]) == (0, None)


def test_an_empty_period_has_no_rate(dossiers):
    data = selectors.monitoring_for("01", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    _task, row = _procedure_row(data)
    assert row["received"] == 0 and row["on_time_rate"] is None
    assert data["totals"]["on_time_rate"] is None


def test_unknown_province_and_reversed_period_are_refused(task):
    with pytest.raises(NotFound):
        selectors.monitoring_for("99", **MARCH)
    with pytest.raises(NotFound):  # a commune is not a province
        selectors.monitoring_for("00004", **MARCH)
    with pytest.raises(InvalidInput):
        selectors.monitoring_for("01", start=dt.date(2026, 3, 31), end=dt.date(2026, 3, 1))


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_volume_and_on_time_rate_of_linked_procedures(client, people, dossiers):
    client.force_login(people["province_leader"])
    response = client.get(reverse("authority:monitoring"), PAGE_MARCH)
    assert response.status_code == 200
    _task, row = _procedure_row(response.context["data"])
    assert (row["received"], row["on_time"], row["late"]) == (3, 1, 2)
    html = response.content.decode()
    assert TASK in html and COMMUNE_PROCEDURE in html
    assert "33,3%" in html
    assert "Không có hồ sơ trong kỳ" not in html


def test_the_page_says_when_the_period_has_no_dossiers(client, people, task):
    client.force_login(people["province_leader"])
    response = client.get(
        reverse("authority:monitoring"), {**PAGE_MARCH, "from": "01/01/2026", "to": "31/01/2026"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không có hồ sơ trong kỳ" in html
    assert "0%" not in html and "—" in html


def test_unknown_province_is_a_404_with_a_clear_message(client, people):
    client.force_login(people["province_leader"])
    response = client.get(reverse("authority:monitoring"), {"province": "99"})
    assert response.status_code == 404
    assert "Không có tỉnh, thành phố nào mã “99”" in response.content.decode()


def test_a_bad_date_is_a_message_not_a_crash(client, people):
    client.force_login(people["province_leader"])
    response = client.get(reverse("authority:monitoring"), {**PAGE_MARCH, "from": "31/02/2026"})
    assert response.status_code == 400
    assert "không phải ngày dạng dd/mm/yyyy" in response.content.decode()


def test_the_page_needs_a_login_and_a_role_in_the_province(client, other_clerk):
    url = reverse("authority:monitoring")
    assert client.get(url, PAGE_MARCH).status_code == 302
    client.force_login(other_clerk)
    assert client.get(url, PAGE_MARCH).status_code == 403


def test_forms_shown_follow_the_role(client, people, minister, task):
    url = reverse("authority:monitoring")
    client.force_login(people["province_leader"])
    context = client.get(url, PAGE_MARCH).context
    assert context["can_raise"] and not context["can_answer"]
    client.force_login(people["clerk"])  # a commune clerk of the province: reads only
    context = client.get(url, PAGE_MARCH).context
    assert not context["can_raise"] and not context["can_inspect"]
    client.force_login(minister)
    context = client.get(url, PAGE_MARCH).context
    assert context["can_answer"] and context["can_inspect"] and not context["can_raise"]


def test_raise_and_answer_through_the_page(client, people, minister, task):
    client.force_login(people["province_leader"])
    response = client.post(reverse("authority:obstacle_add"), {
        **PAGE_MARCH, "kind": ObstacleKind.RECOMMENDATION, "task": TASK,
        "content": "Đề nghị Bộ hướng dẫn mẫu biên bản kiểm tra đo lường cấp xã.",
    })  # fmt: skip
    assert response.status_code == 302 and "province=01" in response["Location"]
    obstacle = Obstacle.objects.get()
    assert (obstacle.province_id, obstacle.task.code) == ("01", TASK)
    client.force_login(minister)
    client.post(reverse("authority:obstacle_answer", args=[obstacle.pk]),
                {**PAGE_MARCH, "answer": "Bộ đã ban hành mẫu tại Thông tư …"})  # fmt: skip
    html = client.get(reverse("authority:monitoring"), PAGE_MARCH).content.decode()
    assert "Bộ đã trả lời" in html and "Bộ đã ban hành mẫu" in html


def test_a_clerk_of_another_province_cannot_raise_through_the_page(client, other_clerk, task):
    client.force_login(other_clerk)
    response = client.post(
        reverse("authority:obstacle_add"), {**PAGE_MARCH, "kind": "difficulty", "content": "X"}
    )
    assert response.status_code == 302
    assert not Obstacle.objects.exists()


# --- the API ---------------------------------------------------------------------------------


def test_api_serves_the_same_numbers(client, people, dossiers):
    obstacle_raise(actor=people["province_leader"], province_code="01", content="Thiếu hướng dẫn")
    client.force_login(people["province_leader"])
    response = client.get(API, {"province": "01", "from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200
    body = response.json()
    assert body["province"]["code"] == "01" and body["from"] == "2026-03-01"
    task = next(t for t in body["tasks"] if t["code"] == TASK)
    assert {"code", "name", "instrument", "article", "procedures"} <= set(task)
    assert task["procedures"] == [{
        "code": COMMUNE_PROCEDURE, "name": Procedure.objects.get(code=COMMUNE_PROCEDURE).name,
        "received": 3, "on_time": 1, "late": 2, "on_time_rate": 33.3,
    }]  # fmt: skip
    [obstacle] = body["obstacles"]
    assert obstacle["status"] == "open" and obstacle["answer"] == ""
    assert {"content", "kind", "status", "answer", "raised_on", "answered_at"} <= set(obstacle)
    assert body["inspections"] == []


def test_api_unknown_or_missing_province(client, people):
    client.force_login(people["province_leader"])
    response = client.get(API, {"province": "99"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert "99" in response.json()["message"]
    response = client.get(API)
    assert response.status_code == 400 and "province" in response.json()["message"]


def test_api_needs_a_session_and_scope(client, other_clerk):
    assert client.get(API, {"province": "01"}).status_code == 401
    client.force_login(other_clerk)
    response = client.get(API, {"province": "01"})
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


# --- obstacle transitions --------------------------------------------------------------------


def _raise(people, **kwargs):
    return obstacle_raise(actor=people["province_leader"], province_code="01",
                          content="Chưa có hướng dẫn thu phí", **kwargs)  # fmt: skip


def test_obstacle_open_answered_escalated(people, minister, task):
    obstacle = _raise(people, task_code=TASK)
    assert obstacle.status == ObstacleStatus.OPEN and obstacle.raised_on == timezone.localdate()
    obstacle = obstacle_answer(actor=minister, obstacle_id=obstacle.pk, answer="Theo Thông tư …")
    assert obstacle.status == ObstacleStatus.ANSWERED and obstacle.answered_at
    assert obstacle.answered_by == minister
    obstacle = obstacle_escalate(actor=minister, obstacle_id=obstacle.pk, note="Báo cáo số 12")
    assert obstacle.status == ObstacleStatus.ESCALATED and obstacle.answer == "Theo Thông tư …"


def test_an_open_obstacle_can_be_escalated_directly(people, minister):
    obstacle = obstacle_escalate(actor=minister, obstacle_id=_raise(people).pk, note="Báo cáo")
    assert obstacle.status == ObstacleStatus.ESCALATED


def _state(obstacle):
    obstacle.refresh_from_db()
    return (obstacle.status, obstacle.answer, obstacle.answered_at, obstacle.escalated_at)


def test_refused_obstacle_changes_write_nothing(people, minister):
    obstacle = _raise(people)
    before = _state(obstacle)
    with pytest.raises(InvalidInput):  # an answer needs text
        obstacle_answer(actor=minister, obstacle_id=obstacle.pk, answer="   ")
    with pytest.raises(NotAllowed):  # provincial staff do not answer their own obstacles
        obstacle_answer(actor=people["province_leader"], obstacle_id=obstacle.pk, answer="Ổn")
    with pytest.raises(InvalidInput):
        obstacle_escalate(actor=minister, obstacle_id=obstacle.pk, note="")
    assert _state(obstacle) == before
    obstacle_answer(actor=minister, obstacle_id=obstacle.pk, answer="Trả lời lần 1")
    before = _state(obstacle)
    with pytest.raises(StatusChangeNotAllowed):  # an answer is not silently replaced
        obstacle_answer(actor=minister, obstacle_id=obstacle.pk, answer="Trả lời lần 2")
    assert _state(obstacle) == before
    obstacle_escalate(actor=minister, obstacle_id=obstacle.pk, note="Báo cáo")
    before = _state(obstacle)
    for change in (
        lambda: obstacle_answer(actor=minister, obstacle_id=obstacle.pk, answer="Lại"),
        lambda: obstacle_escalate(actor=minister, obstacle_id=obstacle.pk, note="Lại"),
    ):
        with pytest.raises(StatusChangeNotAllowed):
            change()
    assert _state(obstacle) == before
    with pytest.raises(NotFound):
        obstacle_answer(actor=minister, obstacle_id=10**9, answer="x")


def test_who_may_raise(people, other_clerk):
    with pytest.raises(NotAllowed):  # a commune clerk of another province
        obstacle_raise(actor=other_clerk, province_code="01", content="Vướng mắc")
    with pytest.raises(NotAllowed):  # a commune clerk of this province is not provincial staff
        obstacle_raise(actor=people["clerk"], province_code="01", content="Vướng mắc")
    with pytest.raises(NotAllowed):  # provincial staff of one province do not raise for another
        obstacle_raise(actor=people["province_leader"], province_code="96", content="Vướng mắc")
    assert not Obstacle.objects.exists()
    assert _raise(people).province_id == "01"


def test_raise_refuses_bad_input(people, task):
    for kwargs in ({"content": "  "}, {"content": "x", "kind": "complaint"},
                   {"content": "x", "task_code": "NO-SUCH"},
                   {"content": "x", "raised_on": timezone.localdate() + dt.timedelta(days=1)}):  # fmt: skip
        with pytest.raises(InvalidInput):
            obstacle_raise(actor=people["province_leader"], province_code="01", **kwargs)
    with pytest.raises(NotFound):
        obstacle_raise(actor=people["province_leader"], province_code="99", content="x")
    assert not Obstacle.objects.exists()


def test_ministry_staff_by_membership_of_a_ministry_agency(people):
    ministry = Agency.objects.filter(kind=AgencyKind.MINISTRY).first()
    user = User.objects.create_user("vu_phap_che")
    assert not selectors.is_ministry_staff(user)
    Membership.objects.create(user=user, role=Role.SPECIALIST, agency=ministry,
                              unit=AdministrativeUnit.objects.get(code="01"))  # fmt: skip
    assert selectors.is_ministry_staff(user)
    assert obstacle_answer(actor=user, obstacle_id=_raise(people).pk, answer="Đã rõ").answer


# --- post-inspections ------------------------------------------------------------------------


def test_post_inspection_recorded_and_listed(people, minister, task):
    post_inspection_record(actor=minister, province_code="01", task_code=TASK,
                           visited_on=dt.date(2026, 3, 20), inspecting_body="Thanh tra Bộ",
                           findings="Đã bố trí công chức đo lường tại 10/126 xã.")  # fmt: skip
    [row] = selectors.monitoring_for("01", **MARCH)["inspections"]
    assert (row["task_code"], row["visited_on"]) == (TASK, dt.date(2026, 3, 20))


def test_post_inspection_refusals(people, other_clerk, minister, task):
    good = {"province_code": "01", "task_code": TASK, "visited_on": dt.date(2026, 3, 20),
            "inspecting_body": "Thanh tra Bộ", "findings": "Đạt"}  # fmt: skip
    with pytest.raises(NotAllowed):
        post_inspection_record(actor=other_clerk, **good)
    central = factories.task(code="MON-CENTRAL", from_level="province", to_level="central")
    for bad in ({"findings": " "}, {"inspecting_body": ""}, {"task_code": central.code},
                {"visited_on": timezone.localdate() + dt.timedelta(days=1)}):  # fmt: skip
        with pytest.raises(InvalidInput):
            post_inspection_record(actor=minister, **{**good, **bad})
    assert not PostInspection.objects.exists()
