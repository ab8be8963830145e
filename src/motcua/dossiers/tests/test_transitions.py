"""Every transition through the services: who may make it, what it writes, and that a
refused one changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import State
from motcua.dossiers.errors import (
    ActorNotAllowed,
    ConcurrentChange,
    IdempotencyConflict,
    TransitionNotAllowed,
)
from motcua.dossiers.events import verify
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import dossier_act
from motcua.dossiers.tests.factories import act, province_procedure, setup_hanoi, submit

pytestmark = pytest.mark.django_db

MONDAY_9 = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def people():
    return setup_hanoi()


def _snapshot(dossier: Dossier) -> tuple:
    dossier.refresh_from_db()
    return (dossier.state, dossier.version, dossier.due_at, dossier.events.count())


def test_counter_intake_to_return_at_the_commune(people):
    d = submit(people["clerk"], at=MONDAY_9)
    assert d.state == State.SUBMITTED and d.events.count() == 1
    d = act(d, "receive", people["clerk"], at=MONDAY_9)
    assert d.state == State.RECEIVED and d.code and d.due_at and d.due_at == d.due_at_original
    d = act(d, "start_processing", people["specialist"])
    d = act(d, "issue_result", people["leader"])
    assert d.finished_at is not None
    d = act(d, "hand_back", people["specialist"])
    d = act(d, "return_result", people["clerk"])
    assert d.state == State.RETURNED and d.closed_at is not None
    kinds = list(d.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "receive",
        "start_processing",
        "issue_result",
        "hand_back",
        "return_result",
    ]
    assert verify() == []


def test_hand_over_to_the_province_and_back_with_control_sheet_rows(people):
    d = submit(people["clerk"], code=province_procedure().code, at=MONDAY_9)
    assert d.competent_unit_id == "01" and d.current_unit_id == "00004"
    d = act(d, "receive", people["clerk"], at=MONDAY_9)
    d = act(d, "transfer", people["clerk"])
    assert d.state == State.TRANSFERRED and d.current_unit_id == "01"
    with pytest.raises(ActorNotAllowed):  # the commune specialist does not hold it now
        act(d, "accept", people["specialist"])
    d = act(d, "accept", people["province_specialist"])
    d = act(d, "consult", people["province_specialist"])
    d = act(d, "consultation_done", people["province_specialist"])
    d = act(d, "request_supplement", people["province_specialist"], reason="Thiếu bản sao giấy tờ")
    assert d.state == State.SUPPLEMENT_REQUESTED and d.paused_at and d.supplement_count == 1
    d = act(d, "supplement_received", people["province_specialist"])
    assert d.paused_at is None and d.due_at >= d.due_at_original
    d = act(d, "issue_result", people["province_leader"])
    d = act(d, "hand_back", people["province_specialist"])
    assert d.current_unit_id == "00004" and d.state == State.AWAITING_PICKUP
    d = act(d, "return_result", people["clerk"])
    rows = d.events.filter(payload__form="06").order_by("seq")
    assert [(e.payload["from_unit"], e.payload["to_unit"]) for e in rows if "to_unit" in e.payload] == [
        ("00004", "01"), ("01", "00004"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("request_supplement_at_reception", {"reason": "Thiếu tờ khai"}),
     ("refuse", {"reason": "Không thuộc thẩm quyền"})],
)  # fmt: skip
def test_reception_outcomes(people, name, kwargs):
    d = act(submit(people["clerk"]), name, people["clerk"], **kwargs)
    assert d.code is None
    event = d.events.order_by("-seq").first()
    assert event.payload["form"] in ("02", "03") and event.payload["reason"]


def test_supplement_at_reception_then_resubmit(people):
    d = act(
        submit(people["clerk"]), "request_supplement_at_reception", people["clerk"], reason="Thiếu"
    )
    d = act(d, "resubmit", people["clerk"])
    assert d.state == State.SUBMITTED


def test_stop_and_withdraw_before_a_decision(people):
    d = act(
        act(submit(people["clerk"]), "receive", people["clerk"]),
        "stop",
        people["clerk"],
        reason="Công dân đề nghị",
    )
    assert d.state == State.STOPPED
    d = act(submit(people["clerk"]), "withdraw", people["clerk"], reason="Rút")
    assert d.state == State.WITHDRAWN


def test_not_eligible_then_pickup(people):
    d = act(
        act(submit(people["clerk"]), "receive", people["clerk"]),
        "start_processing",
        people["specialist"],
    )
    d = act(d, "not_eligible", people["leader"], reason="Không đủ điều kiện")
    assert d.state == State.NOT_ELIGIBLE
    d = act(act(d, "hand_back", people["specialist"]), "return_result", people["clerk"])
    assert d.state == State.RETURNED


def test_a_refused_transition_changes_nothing(people):
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    before = _snapshot(d)
    with pytest.raises(TransitionNotAllowed):
        dossier_act(dossier_id=d.pk, name="return_result", actor=people["clerk"])
    with pytest.raises(ActorNotAllowed):
        dossier_act(dossier_id=d.pk, name="start_processing", actor=people["clerk"])
    with pytest.raises(InvalidInput):
        dossier_act(dossier_id=d.pk, name="stop", actor=people["clerk"], reason="  ")
    assert _snapshot(d) == before


def test_another_unit_cannot_act(people):
    from motcua.dossiers.tests.factories import staff

    stranger = staff("stranger", "clerk", "00008")
    d = submit(people["clerk"])
    with pytest.raises(ActorNotAllowed):
        dossier_act(dossier_id=d.pk, name="receive", actor=stranger)


def test_two_officers_at_once_the_second_gets_a_conflict(people):
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    version = d.version
    dossier_act(
        dossier_id=d.pk,
        name="start_processing",
        actor=people["specialist"],
        expected_version=version,
    )
    with pytest.raises(ConcurrentChange):
        dossier_act(
            dossier_id=d.pk,
            name="stop",
            actor=people["clerk"],
            reason="x",
            expected_version=version,
        )


def test_extension_only_once_and_original_due_time_kept(people):
    d = act(
        act(submit(people["clerk"], code=province_procedure().code), "receive", people["clerk"]),
        "transfer",
        people["clerk"],
    )
    d = act(d, "accept", people["province_specialist"])
    original = d.due_at_original
    d = act(d, "extend", people["province_leader"], reason="Cần xác minh thêm", payload={"days": 3})
    assert d.extended and d.due_at > original and d.due_at_original == original
    with pytest.raises(TransitionNotAllowed):
        act(d, "extend", people["province_leader"], reason="Lần hai", payload={"days": 1})


def test_double_submit_with_the_same_key_files_one_dossier(people):
    first = submit(people["clerk"], idempotency_key="abc-123")
    again = submit(people["clerk"], idempotency_key="abc-123")
    assert first.pk == again.pk
    assert DossierEvent.objects.filter(dossier=first).count() == 1
    with pytest.raises(IdempotencyConflict):
        submit(people["clerk"], code="2.000908", idempotency_key="abc-123")


def test_codes_are_unique_and_follow_the_agency(people):
    codes = {act(submit(people["clerk"]), "receive", people["clerk"]).code for _ in range(5)}
    assert len(codes) == 5
    assert all(code.startswith("H01.") for code in codes)


def test_extension_too_close_to_the_due_time_is_refused(people):
    from motcua.dossiers.deadlines import ExtensionNotAllowed

    d = act(
        act(submit(people["clerk"], code=province_procedure().code), "receive", people["clerk"]),
        "transfer",
        people["clerk"],
    )
    d = act(d, "accept", people["province_specialist"])
    late = d.due_at - dt.timedelta(hours=2)
    before = _snapshot(d)
    with pytest.raises(ExtensionNotAllowed):
        dossier_act(dossier_id=d.pk, name="extend", actor=people["province_leader"], reason="Muộn",
                    payload={"days": 2}, at=late)  # fmt: skip
    assert _snapshot(d) == before


def test_the_same_key_filed_at_the_same_moment_returns_the_first_dossier(people, monkeypatch):
    """Two requests with one key both find nothing, then both insert: the second gets the
    first's dossier, not an error, and nothing is written twice."""
    from motcua.dossiers import writer

    first = submit(people["clerk"], idempotency_key="dbl")
    real = writer.DatabaseWriter.by_idempotency_key
    calls = []

    def racing(self, key):  # the first look misses, as in a race
        calls.append(key)
        return None if len(calls) == 1 else real(self, key)

    monkeypatch.setattr(writer.DatabaseWriter, "by_idempotency_key", racing)
    events_before = DossierEvent.objects.count()
    again = submit(people["clerk"], idempotency_key="dbl")
    assert again.pk == first.pk and len(calls) == 2
    assert DossierEvent.objects.count() == events_before
    assert Dossier.objects.filter(idempotency_key__endswith=":dbl").count() == 1
