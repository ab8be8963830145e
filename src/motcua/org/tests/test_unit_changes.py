"""Dated changes and the current attributes derived from the version in force."""

import datetime as dt

import pytest

from motcua.core.text import fold
from motcua.org.constants import UnitKind
from motcua.org.models import AdministrativeUnit, UnitVersion
from motcua.org.selectors import unit_counts_as_of, unit_list
from motcua.org.services import unit_changes_apply, units_sync_current

pytestmark = pytest.mark.django_db

HEADER = "effective,code,level,new_kind,new_full_name,legal_basis\n"


def _changes(tmp_path, *rows: str):
    path = tmp_path / "changes.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_stored_change_reaches_the_unit_once_its_date_has_passed(data_dir):
    # As if the units had been imported before 30/4/2026: the version exists, the unit is stale.
    AdministrativeUnit.objects.filter(code="25270").update(
        kind=UnitKind.COMMUNE, full_name="Xã Lộc Ninh", search_key="xa loc ninh"
    )
    unit_changes_apply(data_dir / "units" / "changes.csv")
    unit = AdministrativeUnit.objects.get(code="25270")
    assert (unit.kind, unit.full_name, unit.search_key) == (
        UnitKind.WARD,
        "Phường Lộc Ninh",
        "phuong loc ninh",
    )


def test_a_future_change_waits_for_its_date(tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    report = unit_changes_apply(
        _changes(tmp_path, f"{tomorrow},00004,commune,xa,Xã Ba Đình,Nghị quyết thử")
    )
    assert report.updated == 1 and not report.problems
    assert AdministrativeUnit.objects.get(code="00004").kind == UnitKind.WARD
    assert units_sync_current(on=tomorrow) == 1
    unit = AdministrativeUnit.objects.get(code="00004")
    assert (unit.kind, unit.full_name) == (UnitKind.COMMUNE, "Xã Ba Đình")
    assert "00004" in {u.code for u in unit_list(q="xa ba dinh")}
    assert "00004" not in {u.code for u in unit_list(q="phuong ba dinh")}
    assert units_sync_current(on=tomorrow) == 0


def test_syncing_an_up_to_date_map_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert units_sync_current() == 0


def test_the_search_key_follows_the_full_name():
    for unit in AdministrativeUnit.objects.filter(code__in=["75", "25270", "00004"]):
        assert unit.search_key == fold(unit.full_name)


def test_a_change_between_two_versions_ends_where_the_next_begins(tmp_path):
    unit_changes_apply(_changes(tmp_path, "2025-10-01,25270,commune,dac_khu,Đặc khu Thử,X"))
    versions = list(UnitVersion.objects.filter(unit_id="25270").order_by("valid_from"))
    assert [(v.valid_from, v.valid_to) for v in versions] == [
        (dt.date(2025, 7, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 10, 1), dt.date(2026, 4, 30)),
        (dt.date(2026, 4, 30), None),
    ]
    assert unit_counts_as_of(dt.date(2026, 5, 1))[UnitKind.WARD] == 697
    assert AdministrativeUnit.objects.get(code="25270").kind == UnitKind.WARD


def test_a_pre_merger_code_in_the_changes_file_is_translated_with_a_warning(tmp_path):
    # Hà Giang (02) merged into Tuyên Quang (08).
    report = unit_changes_apply(
        _changes(
            tmp_path,
            "2026-06-01,02,province,thanh_pho_truc_thuoc_trung_uong,Thành phố Tuyên Quang,X",
        )
    )
    assert report.updated == 1 and not report.rejected
    [warning] = report.warnings
    assert (warning.file, warning.line) == ("changes.csv", 2)
    assert "02" in warning.reason and "08" in warning.reason
    assert AdministrativeUnit.objects.get(code="08").full_name == "Thành phố Tuyên Quang"


def test_an_unknown_code_in_the_changes_file_is_rejected(tmp_path):
    report = unit_changes_apply(_changes(tmp_path, "2026-06-01,99999,commune,phuong,,X"))
    [problem] = report.rejected
    assert (problem.line, problem.reason) == (2, "unknown unit 99999")
