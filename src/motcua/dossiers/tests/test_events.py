"""The event log cannot be rewritten without `audit verify` noticing."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from motcua.dossiers.events import anchor_create, verify
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import act, setup_hanoi, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    people = setup_hanoi()
    dossiers = []
    for _ in range(3):
        d = act(submit(people["clerk"]), "receive", people["clerk"])
        dossiers.append(act(d, "start_processing", people["specialist"]))
    return dossiers


def _tamper(sql: str, params: list) -> None:
    """Change the log behind the application's back (as an attacker with DB access)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # skip triggers
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_an_untouched_log_verifies(history):
    assert verify() == []


def test_an_edited_event_is_detected(history):
    event = history[0].events.get(seq=2)
    _tamper(
        "UPDATE dossiers_dossierevent SET payload = %s WHERE id = %s", ['{"code": "X"}', event.pk]
    )
    findings = verify()
    assert [(f.dossier_id, f.seq) for f in findings] == [(history[0].pk, 2)]
    assert "edited" in findings[0].problem


def test_a_deleted_event_is_detected(history):
    event = history[1].events.get(seq=2)
    _tamper("DELETE FROM dossiers_dossierevent WHERE id = %s", [event.pk])
    findings = verify()
    assert any(f.dossier_id == history[1].pk and "missing" in f.problem for f in findings)


def test_deleting_the_newest_event_is_detected_by_the_chain_head(history):
    last = history[1].events.order_by("-seq").first()
    _tamper("DELETE FROM dossiers_dossierevent WHERE id = %s", [last.pk])
    findings = verify()
    assert [(f.dossier_id, "removed" in f.problem) for f in findings] == [(history[1].pk, True)]


def test_a_dossier_with_its_whole_log_deleted_is_detected_by_the_chain_head(history):
    _tamper("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", [history[0].pk])
    assert any(f.dossier_id == history[0].pk for f in verify())


def test_reordered_events_are_detected(history):
    a, b = history[2].events.get(seq=2), history[2].events.get(seq=3)
    _tamper("UPDATE dossiers_dossierevent SET seq = %s WHERE id = %s", [99, a.pk])
    _tamper("UPDATE dossiers_dossierevent SET seq = %s WHERE id = %s", [2, b.pk])
    _tamper("UPDATE dossiers_dossierevent SET seq = %s WHERE id = %s", [3, a.pk])
    assert any(f.dossier_id == history[2].pk for f in verify())


def test_deleting_a_whole_dossier_history_is_detected_by_the_anchor(history):
    anchor_create()
    assert verify() == []
    _tamper("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", [history[0].pk])
    findings = verify()
    assert any("anchor" in f.problem for f in findings)


def test_audit_verify_command_exits_non_zero_on_tampering(history, capsys):
    call_command("audit", "verify")
    assert "OK" in capsys.readouterr().out
    event = history[0].events.get(seq=1)
    _tamper(
        "UPDATE dossiers_dossierevent SET actor_label = %s WHERE id = %s", ["mallory", event.pk]
    )
    with pytest.raises(SystemExit):
        call_command("audit", "verify")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgres_refuses_update_and_delete_of_events(history):
    event = history[0].events.first()
    for statement in ["UPDATE dossiers_dossierevent SET kind = 'x' WHERE id = %s",
                      "DELETE FROM dossiers_dossierevent WHERE id = %s"]:  # fmt: skip
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert DossierEvent.objects.filter(pk=event.pk, kind=event.kind).exists()
