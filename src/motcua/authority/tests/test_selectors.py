"""The shipped registry is imported once per session (conftest.py), so counts are of it."""

import pytest

from motcua.authority.selectors import task_list, task_summary
from motcua.authority.tests.factories import task


def _counts(buckets):
    return {b.value: b.count for b in buckets}


@pytest.mark.django_db
def test_summary_counts_by_mode_level_status_and_field():
    s = task_summary()
    assert (s.total, s.verified, s.unverified) == (11, 7, 4)
    assert _counts(s.by_mode) == {
        "allocation": 6,
        "devolution": 0,
        "delegation": 4,
        "authorisation": 0,
        "": 1,
    }
    assert _counts(s.by_to_level) == {"central": 0, "province": 6, "commune": 5}
    assert _counts(s.by_status) == {"in_force": 11, "awaiting_text": 0}
    by_field = _counts(s.by_field)
    assert by_field["Đo lường, chất lượng"] == 5
    assert by_field["Sở hữu trí tuệ"] == 2
    assert sum(by_field.values()) == 11


@pytest.mark.django_db
def test_summary_shows_coverage_against_the_ministry_totals():
    coverage = {c.key: (c.published, c.registered, c.gap) for c in task_summary().coverage}
    assert coverage == {
        "reviewed": (229, 11, 218),
        "district_moved": (6, 6, 0),
        "district_to_commune": (5, 5, 0),
        "district_to_province": (1, 1, 0),
        "decentralised": (117, 5, 112),
        "by_decree_133": (78, 5, 73),
        "by_decree_133_devolution": (16, 0, 16),
        "by_decree_133_delegation": (62, 4, 58),
        "awaiting_later_texts": (39, 0, 39),
    }


@pytest.mark.django_db
def test_awaiting_text_rows_count_against_the_39():
    task(code="TEST-AW", status="awaiting_text", article_verified=False, article="")
    coverage = {c.key: c for c in task_summary().coverage}
    assert coverage["awaiting_later_texts"].registered == 1
    assert coverage["decentralised"].registered == 6


@pytest.mark.django_db
def test_summary_takes_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        task_summary()


@pytest.mark.django_db
def test_task_list_loads_fields_and_procedures_without_n_plus_one(django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = list(task_list())
        for t in rows:
            _ = t.field and t.field.slug
            _ = [p.code for p in t.procedures.all()]
    assert [t.code for t in rows] == sorted(t.code for t in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"mode": "delegation"}, 4),
        ({"mode": "allocation"}, 6),
        ({"mode": "unspecified"}, 1),
        ({"level": "commune"}, 5),
        ({"level": "province", "from_level": "district"}, 1),
        ({"field": "sở hữu trí tuệ"}, 2),
        ({"status": "awaiting_text"}, 0),
        ({"verified": False}, 4),
        ({"mode": "", "level": None}, 11),
    ],
)
def test_task_list_filters(filters, expected):
    assert task_list(filters=filters).count() == expected
