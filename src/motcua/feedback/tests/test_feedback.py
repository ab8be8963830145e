import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.errors import InvalidInput, NotFound
from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import COMMUNE, setup_hanoi, submit
from motcua.feedback.constants import AttemptKind, FeedbackState
from motcua.feedback.models import Feedback, RefusedAttempt
from motcua.feedback.selectors import feedback_counts, feedback_queue_for
from motcua.feedback.services import due_dates, feedback_act, feedback_submit, feedback_supplement
from motcua.workdays.selectors import calendar_get

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def _submit(at=MONDAY, **kwargs):
    kwargs.setdefault("unit_code", COMMUNE)
    kwargs.setdefault("name", "Trần Thị Bình")
    kwargs.setdefault("contact", "0912345678")
    return feedback_submit(content="Cán bộ hẹn trả chậm", at=at, **kwargs)


def test_due_dates_are_working_days():
    refuse, supplement, handle = due_dates(MONDAY)
    assert refuse == dt.date(2026, 3, 4)  # Wed
    assert supplement == dt.date(2026, 3, 9)  # next Mon
    assert handle == dt.date(2026, 3, 23)  # 3 weeks later
    friday = dt.datetime(2026, 3, 6, 16, 0, tzinfo=TZ)
    assert due_dates(friday)[0] == dt.date(2026, 3, 10)  # the weekend does not count
    # Hùng Vương's day (Mon 27/4/2026) and 30/4–1/5 are not working days.
    assert due_dates(dt.datetime(2026, 4, 24, 9, 0, tzinfo=TZ))[0] == dt.date(2026, 4, 29)


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_due_dates_properties(day):
    at = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
    refuse, supplement, handle = due_dates(at)
    calendar = calendar_get()
    assert day < refuse < supplement < handle
    assert [calendar.working_days_between(day, d) for d in (refuse, supplement, handle)] == [
        2, 5, 15,
    ]  # fmt: skip
    assert all(calendar.is_working_day(d) for d in (refuse, supplement, handle))


def test_anonymous_needs_name_and_contact_and_a_unit():
    with pytest.raises(InvalidInput):
        _submit(name="")
    with pytest.raises(InvalidInput):
        _submit(contact="")
    with pytest.raises(InvalidInput):
        _submit(unit_code="99999")
    assert not Feedback.objects.exists()
    fb = _submit()
    assert fb.state == FeedbackState.RECEIVED and fb.submitter is None


def test_about_a_dossier_goes_to_its_competent_unit():
    users = setup_hanoi()
    citizen = User.objects.create_user("citizen", email="a@example.vn")
    dossier = submit(users["clerk"], channel=Channel.ONLINE, citizen=citizen)
    fb = feedback_submit(content="Chậm", user=citizen, dossier_id=dossier.pk)
    assert fb.unit_id == dossier.competent_unit_id and fb.submitter_contact == "a@example.vn"
    with pytest.raises(NotFound):  # not their dossier
        feedback_submit(content="x", user=User.objects.create_user("o"), dossier_id=dossier.pk)


def test_transitions_and_on_time_flags():
    users = setup_hanoi()
    clerk = users["clerk"]
    refused = _submit()
    feedback_act(feedback_id=refused.pk, actor=clerk, name="refuse", text="Không thuộc thẩm quyền",
                 at=MONDAY + dt.timedelta(days=1))  # fmt: skip
    late = _submit()
    feedback_act(feedback_id=late.pk, actor=clerk, name="start", at=MONDAY)
    feedback_act(feedback_id=late.pk, actor=clerk, name="answer", text="Đã chấn chỉnh",
                 at=MONDAY + dt.timedelta(days=30))  # fmt: skip
    refused.refresh_from_db(), late.refresh_from_db()
    assert (refused.state, refused.on_time) == (FeedbackState.REFUSED, True)
    assert (late.state, late.on_time) == (FeedbackState.ANSWERED, False)
    with pytest.raises(InvalidInput, match="trạng thái"):
        feedback_act(feedback_id=refused.pk, actor=clerk, name="answer", text="x")
    with pytest.raises(InvalidInput):  # a refusal needs its reason
        feedback_act(feedback_id=_submit().pk, actor=clerk, name="refuse", text="")
    stale = _submit()
    with pytest.raises(InvalidInput, match="người khác"):
        feedback_act(feedback_id=stale.pk, actor=clerk, name="start", expected_version=5)


def test_supplement_round_trip_restarts_the_answer_term():
    users = setup_hanoi()
    citizen = User.objects.create_user("citizen")
    fb = _submit(user=citizen)
    feedback_act(feedback_id=fb.pk, actor=users["clerk"], name="request_supplement",
                 text="Thiếu mã hồ sơ", at=MONDAY)  # fmt: skip
    with pytest.raises(NotFound):
        feedback_supplement(feedback_id=fb.pk, user=users["clerk"], text="x")
    later = MONDAY + dt.timedelta(days=7)
    fb = feedback_supplement(feedback_id=fb.pk, user=citizen, text="Mã H01…", at=later)
    assert fb.state == FeedbackState.IN_HANDLING
    assert fb.handle_due == calendar_get().add_working_days(later.date(), 15)


def test_other_units_staff_refused_and_recorded():
    setup_hanoi()
    from motcua.dossiers.tests.factories import staff
    from motcua.org.constants import Role

    outsider = staff("far", Role.CLERK, "00070")
    fb = _submit()
    with pytest.raises(NotFound):
        feedback_act(feedback_id=fb.pk, actor=outsider, name="refuse", text="x")
    fb.refresh_from_db()
    assert fb.state == FeedbackState.RECEIVED
    assert RefusedAttempt.objects.filter(kind=AttemptKind.FEEDBACK_ACTION, user=outsider).exists()
    assert not feedback_queue_for(outsider).exists()


def test_counts_and_overdue():
    users = setup_hanoi()
    old = _submit()
    new = _submit(at=timezone.now())
    feedback_act(feedback_id=new.pk, actor=users["clerk"], name="refuse", text="Trùng")
    today = dt.date(2026, 4, 20)
    counts = feedback_counts([COMMUNE], today=today)
    assert counts["total"] == 2 and counts["received"] == 1 and counts["refused"] == 1
    assert counts["on_time"] == 1 and counts["late"] == 0 and counts["overdue"] == 1
    queue = list(feedback_queue_for(users["clerk"], today=today))
    assert [(f.pk, f.overdue) for f in queue] == [(old.pk, True), (new.pk, False)]
    assert [f.pk for f in feedback_queue_for(users["clerk"], overdue_only=True, today=today)] == [
        old.pk
    ]


def test_pages(client):
    users = setup_hanoi()
    citizen = User.objects.create_user("citizen")
    client.force_login(citizen)
    sent = client.post(reverse("feedback:new"), {"unit": COMMUNE, "content": "Góp ý về thái độ"})
    fb = Feedback.objects.get()
    assert sent.url == reverse("feedback:mine_detail", args=[fb.pk])
    assert sent.url in client.get(reverse("feedback:mine")).content.decode()
    assert "Góp ý về thái độ" in client.get(sent.url).content.decode()
    client.force_login(users["clerk"])
    inbox = client.get(reverse("feedback:inbox")).content.decode()
    assert f'data-feedback="{fb.pk}"' in inbox
    client.post(reverse("feedback:detail", args=[fb.pk]),
                {"name": "answer", "text": "Đã tiếp thu", "version": 0})  # fmt: skip
    fb.refresh_from_db()
    assert fb.state == FeedbackState.ANSWERED and fb.answer == "Đã tiếp thu"
    client.force_login(User.objects.create_user("someone"))
    assert client.get(reverse("feedback:detail", args=[fb.pk])).status_code == 404
    assert client.get(reverse("feedback:mine_detail", args=[fb.pk])).status_code == 404
    client.logout()
    anonymous = client.post(reverse("feedback:new"),
                            {"unit": COMMUNE, "content": "x", "name": "An", "contact": "09"})  # fmt: skip
    assert anonymous.status_code == 302 and Feedback.objects.count() == 2
