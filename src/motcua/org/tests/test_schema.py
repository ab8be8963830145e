"""Indexes and fields that must not come back."""

import pytest
from django.db import connection

from motcua.org.models import AdministrativeUnit, FormerUnit, Membership

pytestmark = pytest.mark.django_db


def _indexed_columns(model) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]


def test_membership_has_no_index_duplicating_the_unique_constraint():
    columns = _indexed_columns(Membership)
    assert ["user_id", "role", "unit_id"] in columns
    assert ["user_id", "role"] not in columns


def test_search_key_has_no_index_since_it_is_matched_with_contains():
    assert not any(cols == ["search_key"] for cols in _indexed_columns(AdministrativeUnit))


def test_former_units_have_no_province_name_the_files_cannot_fill():
    assert "province_name" not in {f.name for f in FormerUnit._meta.get_fields()}
