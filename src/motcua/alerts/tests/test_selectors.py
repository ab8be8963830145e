"""Which dossiers are due soon, overdue, or late without an apology (Mẫu 04)."""

import pytest

from motcua.alerts import selectors
from motcua.alerts.selectors import DUE_SOON, NO_APOLOGY, OVERDUE
from motcua.alerts.tests.factories import at_province, decided, extended, local, paused, received
from motcua.dossiers.constants import State
from motcua.dossiers.tests.factories import COMMUNE, act, setup_hanoi

pytestmark = pytest.mark.django_db

# March 2026 has no public holiday. A commune dossier has 3 working days.
FRIDAY_10 = local(2026, 3, 6, 10, 0)
THURSDAY_10 = local(2026, 3, 5, 10, 0)


@pytest.fixture
def people():
    return setup_hanoi()


def kinds(dossier, *, now, days=None, units=(COMMUNE,)) -> set[str]:
    return {
        kind
        for kind in selectors.KINDS
        if selectors.alert_list(units=units, kind=kind, now=now, days=days)
        .filter(pk=dossier.pk)
        .exists()
    }


def test_each_dossier_lands_in_its_lists_and_no_other(people):
    due_monday = received(people, local(2026, 3, 4, 9, 0))
    assert due_monday.due_at == local(2026, 3, 9, 17, 0)
    late = received(people, local(2026, 3, 2, 9, 0))
    assert late.due_at == local(2026, 3, 5, 17, 0)
    # Apologised (Mẫu 04) and extended by 2 working days, and late again all the same.
    late_after_apology = extended(
        people, received(people, local(2026, 2, 23, 9, 0)), local(2026, 2, 24, 10, 0)
    )
    assert late_after_apology.extended and late_after_apology.due_at == local(2026, 3, 2, 17, 0)
    # Apologised in time: due Monday now.
    apologised = extended(people, received(people, local(2026, 3, 2, 9, 0)), local(2026, 3, 3, 10))
    assert apologised.due_at == local(2026, 3, 9, 17, 0)
    # Paused for a supplement before its due time: the clock stopped.
    waiting = paused(people, received(people, local(2026, 3, 4, 9, 0)), THURSDAY_10)
    # Paused for a supplement when it was already late: still late.
    paused_late = paused(people, received(people, local(2026, 2, 23, 9, 0)), local(2026, 3, 3, 9))
    # Decided late, and returned: no longer open.
    done = decided(people, received(people, local(2026, 2, 23, 9, 0)), local(2026, 3, 3, 9))
    assert done.state == State.RESULT_ISSUED
    returned = act(
        act(
            decided(people, received(people, local(2026, 2, 23, 9, 0)), local(2026, 3, 3, 9)),
            "hand_back", people["specialist"], at=local(2026, 3, 3, 10),
        ),
        "return_result", people["clerk"], at=local(2026, 3, 3, 11),
    )  # fmt: skip
    assert returned.state == State.RETURNED

    assert kinds(due_monday, now=FRIDAY_10) == {DUE_SOON}
    assert kinds(late, now=FRIDAY_10) == {OVERDUE, NO_APOLOGY}
    assert kinds(late_after_apology, now=FRIDAY_10) == {OVERDUE}
    assert kinds(apologised, now=FRIDAY_10) == {DUE_SOON}
    assert kinds(waiting, now=FRIDAY_10) == set()
    assert kinds(paused_late, now=FRIDAY_10) == {OVERDUE, NO_APOLOGY}
    assert kinds(done, now=FRIDAY_10) == set()
    assert kinds(returned, now=FRIDAY_10) == set()

    counts = selectors.alert_counts(units=[COMMUNE], now=FRIDAY_10)
    assert counts == {COMMUNE: {DUE_SOON: 2, OVERDUE: 3, NO_APOLOGY: 2}}


def test_due_soon_counts_working_days_not_calendar_days(people):
    due_monday = received(people, local(2026, 3, 4, 9, 0))
    # Thursday: Monday is two working days away (Friday, Monday).
    assert kinds(due_monday, now=THURSDAY_10) == set()
    assert kinds(due_monday, now=THURSDAY_10, days=2) == {DUE_SOON}
    # Friday: three calendar days, but the next working day.
    assert kinds(due_monday, now=FRIDAY_10) == {DUE_SOON}
    assert selectors.working_days_left(due_monday.due_at, now=FRIDAY_10) == 1
    assert selectors.working_days_left(due_monday.due_at, now=THURSDAY_10) == 2


def test_due_soon_window_is_a_setting(people, settings):
    due_monday = received(people, local(2026, 3, 4, 9, 0))
    settings.MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS = 2
    assert kinds(due_monday, now=THURSDAY_10) == {DUE_SOON}
    settings.MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS = 0
    assert kinds(due_monday, now=FRIDAY_10) == set()
    assert kinds(due_monday, now=local(2026, 3, 9, 8, 0)) == {DUE_SOON}


def test_a_dossier_belongs_to_the_unit_holding_it(people):
    at_dept = at_province(people, local(2025, 9, 1, 9, 0))
    assert at_dept.current_unit_id == "01" and at_dept.due_at < FRIDAY_10
    late = received(people, local(2026, 3, 2, 9, 0))
    assert kinds(at_dept, now=FRIDAY_10, units=["01"]) == {OVERDUE, NO_APOLOGY}
    assert kinds(at_dept, now=FRIDAY_10, units=[COMMUNE]) == set()
    assert kinds(late, now=FRIDAY_10, units=["01"]) == set()
    assert selectors.alert_counts(units=None, now=FRIDAY_10) == {
        "01": {DUE_SOON: 0, OVERDUE: 1, NO_APOLOGY: 1},
        COMMUNE: {DUE_SOON: 0, OVERDUE: 1, NO_APOLOGY: 1},
    }


def test_counts_per_unit_are_one_query(people, django_assert_max_num_queries):
    received(people, local(2026, 3, 2, 9, 0))
    received(people, local(2026, 3, 4, 9, 0))
    selectors.alert_counts(units=[COMMUNE], now=FRIDAY_10)  # the calendar is cached now
    with django_assert_max_num_queries(2):  # the calendar's freshness check + the counts
        counts = selectors.alert_counts(units=[COMMUNE, "01"], now=FRIDAY_10)
    assert counts == {COMMUNE: {DUE_SOON: 1, OVERDUE: 1, NO_APOLOGY: 1}}
