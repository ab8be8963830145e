"""The admin: a used version is read-only; copying it gives the next, editable version."""

import pytest
from django.urls import reverse

from motcua.core.models import User
from motcua.dossiers.tests.factories import act, setup_hanoi, submit
from motcua.processes.models import ProcessVersion

pytestmark = pytest.mark.django_db


def test_a_used_version_is_read_only_and_can_be_copied(client):
    people = setup_hanoi()
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    version = ProcessVersion.objects.get(procedure=d.procedure)
    admin = User.objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(admin)
    page = client.get(reverse("admin:processes_processversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="steps-0-budget_hours"' not in page.content.decode()  # read-only inline
    response = client.post(
        reverse("admin:processes_processversion_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [version.pk]},
    )
    assert response.status_code == 302
    copy = ProcessVersion.objects.get(procedure=d.procedure, number=2)
    assert list(copy.steps.values_list("name", "budget_hours")) == list(
        version.steps.values_list("name", "budget_hours")
    )
    page = client.get(reverse("admin:processes_processversion_change", args=[copy.pk]))
    assert 'name="steps-0-budget_hours"' in page.content.decode()  # unused: editable


def test_the_admin_refuses_budgets_that_do_not_sum_to_the_limit(client):
    people = setup_hanoi()
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    version = ProcessVersion.objects.get(procedure=d.procedure)
    admin = User.objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(admin)
    client.post(
        reverse("admin:processes_processversion_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [version.pk]},
    )
    copy = ProcessVersion.objects.get(procedure=d.procedure, number=2)
    steps = list(copy.steps.order_by("position"))
    data = {
        "note": "", "steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, s in enumerate(steps):
        data.update({
            f"steps-{i}-id": s.pk, f"steps-{i}-version": copy.pk, f"steps-{i}-position": s.position,
            f"steps-{i}-name": s.name, f"steps-{i}-stage": s.stage, f"steps-{i}-unit": s.unit,
            f"steps-{i}-role": s.role, f"steps-{i}-budget_hours": s.budget_hours + (i == 0),
        })  # fmt: skip
    url = reverse("admin:processes_processversion_change", args=[copy.pk])
    response = client.post(url, data)
    assert (
        response.status_code == 200 and "phải bằng thời hạn giải quyết" in response.content.decode()
    )
    data["steps-0-budget_hours"] = steps[0].budget_hours
    assert client.post(url, data).status_code == 302
