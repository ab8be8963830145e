"""The bulk session writes exactly what the services write one statement at a time."""

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.dossiers import bulk, services
from motcua.dossiers.events import verify
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent
from motcua.dossiers.services import dossier_act
from motcua.dossiers.tests.factories import province_procedure, setup_hanoi, submit
from motcua.processes.models import DossierStep
from motcua.processes.services import default_version_ensure

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))  # a Monday


def _scripts(people: dict) -> list[list[tuple[str, str, float, str]]]:
    """(transition, actor, hours after the previous step, reason) per dossier."""
    clerk, spec, lead = "clerk", "specialist", "leader"
    return [
        [("receive", clerk, 0.2, ""), ("start_processing", spec, 1, ""),
         ("issue_result", lead, 9, ""), ("hand_back", spec, 1, ""),
         ("return_result", clerk, 20, "")],
        [("refuse", clerk, 0.1, "Không thuộc thẩm quyền")],
        [("request_supplement_at_reception", clerk, 0.1, "Thiếu tờ khai"),
         ("resubmit", clerk, 30, ""), ("receive", clerk, 0.5, ""),
         ("start_processing", spec, 2, ""), ("request_supplement", spec, 3, "Bổ sung bản sao"),
         ("supplement_received", spec, 50, ""), ("issue_result", lead, 40, "")],
        [("receive", clerk, 0.3, ""), ("withdraw", clerk, 5, "Người nộp rút hồ sơ")],
        [("receive", clerk, 0.2, ""), ("transfer", clerk, 1, ""),
         ("accept", "province_specialist", 3, ""), ("extend", "province_leader", 40, "Cần xác minh"),
         ("issue_result", "province_leader", 30, ""), ("hand_back", "province_specialist", 2, "")],
    ]  # fmt: skip


def _run(people: dict) -> list[int]:
    ids = []
    for number, script in enumerate(_scripts(people)):
        at = T0 + dt.timedelta(hours=number)
        code = province_procedure().code if number == 4 else "1.001612"
        dossier = submit(people["clerk"], code=code, at=at)
        ids.append(dossier.pk)
        for name, actor, hours, reason in script:
            at += dt.timedelta(hours=hours)
            dossier_act(dossier_id=dossier.pk, name=name, actor=people[actor], reason=reason,
                        at=at, payload={"days": 3} if name == "extend" else None)  # fmt: skip
    return ids


def _rows(ids: list[int]) -> dict:
    skip = {"created_at", "updated_at"}  # set by the clock at write time, not by the services
    return {
        "dossiers": [
            {k: v for k, v in row.items() if k not in skip}
            for row in Dossier.objects.filter(pk__in=ids).order_by("pk").values()
        ],
        "events": list(
            DossierEvent.objects.filter(dossier_id__in=ids)
            .order_by("dossier_id", "seq")
            .values(*[f.attname for f in DossierEvent._meta.concrete_fields if f.name != "id"])
        ),
        "steps": list(
            DossierStep.objects.filter(dossier_id__in=ids)
            .order_by("dossier_id", "position")
            .values(*[f.attname for f in DossierStep._meta.concrete_fields if f.name != "id"])
        ),
        "counters": list(
            DossierCodeSequence.objects.order_by("agency_code", "day").values(
                "agency_code", "day", "value"
            )
        ),
    }


def test_bulk_session_writes_the_rows_events_and_hashes_of_the_services(monkeypatch):
    people = setup_hanoi()
    keys = itertools.count()
    monkeypatch.setattr(services.secrets, "token_hex", lambda n: f"{next(keys):08X}")
    for code in ("1.001612", province_procedure().code):  # made once, outside the rollback
        default_version_ensure(Procedure.objects.get(code=code))

    savepoint = transaction.savepoint()
    ids = _run(people)
    expected = _rows(ids)
    transaction.savepoint_rollback(savepoint)
    assert not Dossier.objects.filter(pk__in=ids).exists()

    keys = itertools.count()
    with bulk.session(first_id=ids[0]) as session:
        bulk_ids = _run(people)
        assert not Dossier.objects.filter(pk__in=ids).exists()  # nothing written yet
        assert len(session.events) == sum(len(s) + 1 for s in _scripts(people))
    assert bulk_ids == ids
    actual = _rows(ids)

    assert len(expected["events"]) == len(actual["events"]) > 20
    assert expected["steps"], "the process steps are part of what is compared"
    for part in ("dossiers", "events", "steps", "counters"):
        for a, e in zip(actual[part], expected[part], strict=True):
            assert {k: v for k, v in a.items() if v != e[k]} == {
                k: v for k, v in e.items() if v != a[k]
            }, part
    assert verify() == []


def test_an_error_inside_a_bulk_session_writes_nothing():
    people = setup_hanoi()
    before = Dossier.objects.count(), DossierEvent.objects.count()
    with pytest.raises(RuntimeError), bulk.session():
        submit(people["clerk"], at=T0)
        raise RuntimeError("stop")
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == before


def test_after_a_bulk_session_the_database_gives_the_next_ids_and_codes():
    people = setup_hanoi()
    with bulk.session():
        first = submit(people["clerk"], at=T0)
        dossier_act(dossier_id=first.pk, name="receive", actor=people["clerk"], at=T0)
    later = submit(people["clerk"], at=T0 + dt.timedelta(minutes=5))
    later = dossier_act(
        dossier_id=later.pk, name="receive", actor=people["clerk"],
        at=T0 + dt.timedelta(minutes=5),
    ).dossier  # fmt: skip
    received = Dossier.objects.get(pk=first.pk)
    assert later.pk > first.pk
    assert later.code[-4:] == f"{int(received.code[-4:]) + 1:04d}"
