"""A dossier's steps (Mẫu 06 rows) as its events happen, versions, and what they cost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.deadlines import VN_TZ
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import (
    COMMUNE_PROCEDURE,
    act,
    province_procedure,
    setup_hanoi,
    submit,
)
from motcua.processes import services
from motcua.processes.budgets import StepSpec, default_steps
from motcua.processes.constants import Slip, Stage, Verdict
from motcua.processes.models import DossierStep, ProcessVersion
from motcua.processes.selectors import mau06_rows, open_steps

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)  # Monday 2 March 2026


@pytest.fixture
def people():
    return setup_hanoi()


def _version(procedure, budgets):
    stages = [Stage.RECEPTION, Stage.TRANSFER, Stage.PROCESSING, Stage.APPROVAL,
              Stage.HAND_BACK, Stage.RETURN]  # fmt: skip
    units = ["receiving", "competent", "competent", "competent", "competent", "receiving"]
    roles = ["clerk", "specialist", "specialist", "leader", "specialist", "clerk"]
    total = services.procedure_limit_hours(procedure)
    budgets = [*budgets[:2], total - sum(budgets), *budgets[2:]]  # processing: the rest
    steps = [
        StepSpec(i + 1, f"Bước {i + 1}", stage, unit, role, Decimal(budget))
        for i, (stage, unit, role, budget) in enumerate(zip(stages, units, roles, budgets, strict=True))
    ]  # fmt: skip
    return services.process_version_create(procedure=procedure, steps=steps)


def test_commune_to_province_and_back_gives_the_rows_of_mau06(people):
    procedure = province_procedure()
    version = _version(procedure, [8, 4, 2, 2, 2])  # reception, transfer, approval, back, return
    d = submit(people["clerk"], code=procedure.code, at=at(2, 8))
    d = act(d, "receive", people["clerk"], at=at(2, 9))
    d = act(d, "transfer", people["clerk"], at=at(2, 10))  # due Tue 9:00 → early
    d = act(d, "accept", people["province_specialist"], at=at(3, 8))  # due Mon 15:30 → late
    d = act(d, "consult", people["province_specialist"], at=at(3, 9))
    d = act(d, "consultation_done", people["province_specialist"], at=at(3, 10))
    d = act(d, "issue_result", people["province_leader"], at=at(4, 9))  # early
    d = act(d, "hand_back", people["province_specialist"], at=at(4, 11))  # due Wed 11:00
    d = act(d, "return_result", people["clerk"], at=at(5, 8))  # due Wed 14:30 → late

    rows = mau06_rows(d)
    clerk, dept, leader = (
        str(people[k]) for k in ("clerk", "province_specialist", "province_leader")
    )
    assert [(r.position, r.stage, r.unit_id, r.handed_by, r.taken_by) for r in rows] == [
        (1, Stage.RECEPTION, "00004", "Nguyễn Văn An", clerk),
        (2, Stage.TRANSFER, "01", clerk, dept),
        (3, Stage.PROCESSING, "01", dept, dept),
        (5, Stage.HAND_BACK, "01", leader, dept),
        (6, Stage.RETURN, "00004", dept, clerk),
    ]
    assert [(r.started_at, r.finished_at) for r in rows] == [
        (at(2, 9), at(2, 10)), (at(2, 10), at(3, 8)), (at(3, 8), at(4, 9)),
        (at(4, 9), at(4, 11)), (at(4, 11), at(5, 8)),
    ]  # fmt: skip
    assert [r.due_at for r in rows if r.position != 3] == [at(3, 9), at(2, 15, 30), at(4, 11),
                                                            at(4, 14, 30)]  # fmt: skip
    assert [r.verdict for r in rows] == [
        Verdict.EARLY,
        Verdict.LATE,
        Verdict.EARLY,
        Verdict.ON_TIME,
        Verdict.LATE,
    ]
    # The approval step had no hand-over of its own: its 2 hours went to processing.
    processing = rows[2]
    approval = version.steps.get(position=4)
    assert (
        processing.budget_hours
        == version.steps.get(position=3).budget_hours + approval.budget_hours
    )
    assert {r.version_id for r in rows} == {version.pk}
    assert not open_steps([d.pk])

    html_client_rows = [r.get_verdict_display() for r in rows]
    assert html_client_rows[0] == "Trước hạn" and html_client_rows[1] == "Quá hạn"


def test_a_commune_procedure_gets_a_default_process_without_hand_over_legs(people):
    d = submit(people["clerk"], at=at(2, 8))
    d = act(d, "receive", people["clerk"], at=at(2, 9))
    d = act(d, "start_processing", people["specialist"], at=at(2, 10))
    version = ProcessVersion.objects.get(procedure=d.procedure)
    assert version.generated and version.number == 1
    stages = list(version.steps.values_list("stage", flat=True))
    assert Stage.TRANSFER not in stages and stages[0] == Stage.RECEPTION
    assert sum(version.steps.values_list("budget_hours", flat=True)) == version.limit_hours == 24
    # Generated once: asking again returns the same version.
    assert services.default_version_ensure(d.procedure) == version
    assert [r.stage for r in mau06_rows(d)] == [Stage.RECEPTION, Stage.PROCESSING]


def test_a_transfer_inside_the_commune_skips_to_processing_and_the_taker_is_recorded(people):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    d = act(d, "transfer", people["clerk"], at=at(2, 10))
    d = act(d, "accept", people["specialist"], at=at(2, 11))
    rows = mau06_rows(d)
    assert [(r.stage, r.handed_by, r.taken_by) for r in rows][-1] == (
        Stage.PROCESSING,
        str(people["clerk"]),
        str(people["specialist"]),
    )


def test_a_dossier_keeps_its_version_after_a_new_one_is_saved(people):
    procedure = Procedure.objects.get(code=COMMUNE_PROCEDURE)
    first = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    v1 = ProcessVersion.objects.get(procedure=procedure)
    steps = default_steps(v1.limit_hours, hand_over=False)
    steps[0] = StepSpec(1, "Tiếp nhận nhanh", Stage.RECEPTION, "receiving", "clerk", Decimal(1))
    steps[1] = StepSpec(2, steps[1].name, steps[1].stage, steps[1].unit, steps[1].role,
                        v1.limit_hours - sum(s.budget_hours for s in steps[2:]) - 1)  # fmt: skip
    v2 = services.process_version_create(procedure=procedure, steps=steps, note="nhanh hơn")
    assert v2.number == 2

    first = act(first, "start_processing", people["specialist"], at=at(2, 10))
    second = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    assert {r.version_id for r in mau06_rows(first)} == {v1.pk}
    assert mau06_rows(first)[1].budget_hours == v1.steps.get(position=2).budget_hours
    [row] = mau06_rows(second)
    assert (row.version_id, row.name, row.due_at) == (v2.pk, "Tiếp nhận nhanh", at(2, 10))


def test_budgets_must_sum_to_the_limit(people):
    procedure = Procedure.objects.get(code=COMMUNE_PROCEDURE)  # 3 working days = 24 hours
    steps = default_steps(Decimal(23), hand_over=False)
    with pytest.raises(InvalidInput, match="24"):
        services.process_version_create(procedure=procedure, steps=steps)
    assert not ProcessVersion.objects.filter(procedure=procedure).exists()


def test_supplement_time_is_given_back_to_the_open_step(people):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    d = act(d, "start_processing", people["specialist"], at=at(2, 10))
    before = open_steps([d.pk])[d.pk].due_at
    d = act(d, "request_supplement", people["specialist"], reason="Thiếu giấy tờ", at=at(2, 11))
    d = act(d, "supplement_received", people["specialist"], at=at(3, 11))
    after = open_steps([d.pk])[d.pk].due_at
    assert (after - before) == dt.timedelta(days=1)  # 8 office hours = the same time next day


def _event(kind, when, actor_label="x"):
    return DossierEvent(kind=kind, at=when, actor_label=actor_label, payload={})


def test_events_that_do_not_change_step_cost_nothing(people, django_assert_num_queries):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    for kind in ("consult", "consultation_done", "extend", "request_supplement", "submitted"):
        with django_assert_num_queries(0):
            services.on_event(d, _event(kind, at(2, 10)))


def test_events_that_change_step_cost_two_queries(people, django_assert_num_queries):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    with django_assert_num_queries(2):  # read the open step; close it and open the next
        services.on_event(d, _event("start_processing", at(2, 10)))
    other = submit(people["clerk"], at=at(2, 8))
    with django_assert_num_queries(2):  # the active version (steps cached); the first step
        services.on_event(other, _event("receive", at(2, 9)))
    assert [r.stage for r in mau06_rows(d)] == [Stage.RECEPTION, Stage.PROCESSING]


def test_the_queue_shows_the_current_step_and_a_late_one_slipping(client, people):
    old = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    fresh = act(submit(people["clerk"]), "receive", people["clerk"])
    client.force_login(people["clerk"])
    html = client.get(reverse("dossiers:queue")).content.decode()
    steps = open_steps([old.pk, fresh.pk])
    assert steps[old.pk].slip == Slip.LATE and steps[fresh.pk].slip != Slip.LATE
    assert html.count('data-slip="late"') == 1
    assert "Quá hạn bước" in html and "Tiếp nhận, kiểm tra và chuyển hồ sơ" in html


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dossiers:queue")).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_runs_the_same_queries_for_one_or_many_dossiers(client, people):
    client.force_login(people["clerk"])
    act(submit(people["clerk"]), "receive", people["clerk"])
    _queue_queries(client)  # warm caches (calendar, session)
    one = _queue_queries(client)
    for _i in range(4):
        d = act(submit(people["clerk"]), "receive", people["clerk"])
        act(d, "start_processing", people["specialist"])
    assert _queue_queries(client) == one


def test_the_dossier_page_shows_mau06(client, people):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    d = act(d, "start_processing", people["specialist"], at=at(2, 10))
    client.force_login(people["clerk"])
    html = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert "Mẫu 06" in html and 'data-verdict="on_time"' in html and 'data-slip="late"' in html
    assert "09:00 02/03/2026" in html


def test_dossiers_received_before_processes_existed_are_left_alone(people):
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    DossierStep.objects.filter(dossier=d).delete()
    act(d, "start_processing", people["specialist"], at=at(2, 10))
    assert not DossierStep.objects.filter(dossier=d).exists()


def test_submitting_to_the_leader_opens_the_approval_step(people):
    d = submit(people["clerk"], at=at(2, 8))
    d = act(d, "receive", people["clerk"], at=at(2, 8, 30))
    d = act(d, "start_processing", people["specialist"], at=at(2, 9))
    d = act(d, "submit_for_approval", people["specialist"], at=at(3, 9))
    assert d.state == "in_process"
    d = act(d, "issue_result", people["leader"], at=at(3, 10))
    approval = next(r for r in mau06_rows(d) if r.stage == Stage.APPROVAL)
    assert approval.started_at == at(3, 9) and approval.finished_at == at(3, 10)
    assert approval.handed_by == str(people["specialist"])
    assert approval.taken_by == str(people["leader"])
    assert approval.verdict in (Verdict.EARLY, Verdict.ON_TIME)


def test_a_changed_time_limit_regenerates_a_generated_process_but_keeps_an_admins(people, caplog):
    procedure = Procedure.objects.get(code=COMMUNE_PROCEDURE)
    first = services.default_version_ensure(procedure)
    Procedure.objects.filter(pk=procedure.pk).update(
        time_limit_value=procedure.time_limit_value + 2
    )
    d = act(submit(people["clerk"], at=at(2, 8)), "receive", people["clerk"], at=at(2, 9))
    step = DossierStep.objects.get(dossier=d)
    assert step.version.number == first.number + 1 and step.version.generated
    assert step.version.limit_hours == services.procedure_limit_hours(
        Procedure.objects.get(pk=procedure.pk)
    )
    # An administrator's version stays, and the mismatch is logged.
    mine = services.process_version_copy(version=step.version)
    Procedure.objects.filter(pk=procedure.pk).update(time_limit_value=procedure.time_limit_value)
    with caplog.at_level("WARNING"):
        d2 = act(submit(people["clerk"], at=at(3, 8)), "receive", people["clerk"], at=at(3, 9))
    assert DossierStep.objects.get(dossier=d2).version == mine
    assert "the catalogue now says" in caplog.text
