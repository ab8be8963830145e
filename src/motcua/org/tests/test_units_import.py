import datetime as dt
import shutil
from pathlib import Path

import pytest

from motcua.org.constants import Level, UnitKind
from motcua.org.models import AdministrativeUnit, FormerUnit, Succession, UnitVersion
from motcua.org.selectors import unit_counts_as_of, unit_resolve
from motcua.org.services import units_import

pytestmark = pytest.mark.django_db


def test_the_map_has_34_provinces_and_3321_communes():
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE).count() == 3321
    assert not AdministrativeUnit.objects.filter(level=Level.COMMUNE, parent=None).exists()


def test_split_on_1_july_2025():
    counts = unit_counts_as_of(dt.date(2025, 7, 1))
    assert counts[UnitKind.COMMUNE] == 2621
    assert counts[UnitKind.WARD] == 687
    assert counts[UnitKind.SPECIAL_ZONE] == 13
    assert counts[UnitKind.CITY] == 6
    assert counts[UnitKind.PROVINCE] == 28


def test_split_today_after_the_dong_nai_changes_of_30_april_2026():
    counts = unit_counts_as_of(dt.date(2026, 11, 25))
    assert counts[UnitKind.COMMUNE] == 2611
    assert counts[UnitKind.WARD] == 697
    assert counts[UnitKind.SPECIAL_ZONE] == 13
    assert counts[UnitKind.CITY] == 7
    dong_nai = AdministrativeUnit.objects.get(code="75")
    assert dong_nai.kind == UnitKind.CITY
    assert dong_nai.full_name == "Thành phố Đồng Nai"
    assert AdministrativeUnit.objects.get(code="25270").full_name == "Phường Lộc Ninh"


def test_the_day_before_the_change_still_shows_the_old_split():
    counts = unit_counts_as_of(dt.date(2026, 4, 29))
    assert (counts[UnitKind.COMMUNE], counts[UnitKind.WARD]) == (2621, 687)


def test_former_units_and_mapping_rows():
    assert FormerUnit.objects.filter(level=Level.COMMUNE).count() == 10052
    assert FormerUnit.objects.filter(level=Level.PROVINCE).count() == 63
    assert Succession.objects.filter(former__level=Level.COMMUNE).count() == 10604


def test_old_commune_code_resolves_to_its_successor():
    # Phường Quán Thánh (00013) merged into Phường Ba Đình (00004).
    resolution = unit_resolve("00013")
    assert resolution.unit is None
    assert [u.code for u in resolution.successors] == ["00004"]
    assert resolution.former[0].name == "Phường Quán Thánh"


def test_old_commune_split_by_a_partial_merge_has_several_successors():
    resolution = unit_resolve("00019")
    assert {u.code for u in resolution.successors} == {"00004", "00070", "00190", "00226"}


def test_old_province_code_resolves_to_the_merged_province():
    # Hà Giang (02) merged into Tuyên Quang (08).
    resolution = unit_resolve("02")
    assert [u.code for u in resolution.successors] == ["08"]


def test_reused_code_means_the_former_unit_before_the_reform():
    assert unit_resolve("00004").unit.name == "Ba Đình"
    former = unit_resolve("00004", as_of=dt.date(2025, 6, 1))
    assert former.unit is None
    assert former.former[0].name == "Phường Trúc Bạch"


def test_gso_1027_code_is_accepted_for_the_two_communes_that_differ():
    unit = unit_resolve("06970").unit
    assert unit is not None and unit.code == "06978"
    assert unit_resolve("23737").unit.code == "23938"


def test_second_import_changes_nothing(data_dir):
    before = (AdministrativeUnit.objects.count(), UnitVersion.objects.count(),
              Succession.objects.count(), FormerUnit.objects.count())  # fmt: skip
    report = units_import(data_dir / "units")
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == 34 + 3321
    after = (AdministrativeUnit.objects.count(), UnitVersion.objects.count(),
             Succession.objects.count(), FormerUnit.objects.count())  # fmt: skip
    assert before == after


def _copy_units(data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "units"
    shutil.copytree(data_dir / "units", target)
    for f in target.iterdir():
        f.chmod(0o644)
    return target


def test_wrong_totals_are_refused_and_change_nothing(data_dir, tmp_path):
    units = _copy_units(data_dir, tmp_path)
    lines = (units / "communes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop one commune and rename another: the import must refuse and leave the rename out.
    renamed = lines[2].replace("Ngọc Hà", "Ngọc Hà Mới")
    (units / "communes.csv").write_text(
        "".join([lines[0], lines[1], renamed, *lines[4:]]), encoding="utf-8"
    )
    report = units_import(units)
    assert report.created == report.updated == 0
    assert any("totals do not match" in p.reason and "3320" in p.reason for p in report.rejected)
    assert AdministrativeUnit.objects.get(code="00008").name == "Ngọc Hà"


def test_commune_pointing_to_no_province_is_reported_with_file_and_line(data_dir, tmp_path):
    units = _copy_units(data_dir, tmp_path)
    with (units / "communes.csv").open("a", encoding="utf-8") as fh:
        fh.write("99999,Ma,Xã Ma,xa,Xã,77,Không có,Ma,ma,99999,Xã Ma\n")
    report = units_import(units)
    problem = next(p for p in report.rejected if "points to no province" in p.reason)
    assert (problem.file, problem.line) == ("communes.csv", 3323)
    # The valid rows still load: the totals are right without the bad row.
    assert report.unchanged == 34 + 3321
    assert not AdministrativeUnit.objects.filter(code="99999").exists()


def test_broken_utf8_line_is_reported(data_dir, tmp_path):
    units = _copy_units(data_dir, tmp_path)
    with (units / "communes.csv").open("ab") as fh:
        fh.write(b"99998,X\xff\xfe,Xa X,xa,Xa,01,Ha Noi,X,x,99998,X\n")
    report = units_import(units)
    assert any(p.line == 3323 and "UTF-8" in p.reason for p in report.rejected)


def test_dry_run_writes_nothing(data_dir, tmp_path):
    units = _copy_units(data_dir, tmp_path)
    text = (units / "provinces.csv").read_text(encoding="utf-8")
    (units / "provinces.csv").write_text(
        text.replace("Cao Bằng,Tỉnh Cao Bằng", "Cao Bằng,Tỉnh Cao Bằng X"), encoding="utf-8"
    )
    report = units_import(units, dry_run=True)
    assert report.updated == 1
    assert AdministrativeUnit.objects.get(code="04").full_name == "Tỉnh Cao Bằng"
