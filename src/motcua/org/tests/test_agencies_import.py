import pytest

from motcua.org.constants import AgencyKind
from motcua.org.models import Agency
from motcua.org.services import agencies_import, province_provision

pytestmark = pytest.mark.django_db


def _csv(tmp_path, rows: list[str]):
    path = tmp_path / "agencies.csv"
    path.write_text(
        "code,name,kind,unit_code\n" + "".join(r + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_real_codes_replace_demo_codes_and_bad_rows_are_reported(tmp_path):
    province_provision("51")
    centre = Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, unit_id="51")
    path = _csv(tmp_path, [
        f"H51.30,{centre.name},province_centre,51",
        "h51.31,Sở Mới,province_department,51",
        "H51 X,Sở Sai,province_department,51",
        "H51.32,Sở Khác,no_such_kind,51",
        "H51.33,Sở Ma,province_department,99",
        "H51.30,Trùng mã,province_department,51",
    ])  # fmt: skip
    report = agencies_import(path)
    assert (report.created, report.updated) == (1, 1)
    assert [p.line for p in report.rejected] == [4, 5, 6, 7]
    centre.refresh_from_db()
    assert (centre.code, centre.code_is_demo) == ("H51.30", False)
    assert Agency.objects.get(code="H51.31").name == "Sở Mới"
    again = agencies_import(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_pre_merger_unit_code_is_translated_with_a_warning(tmp_path):
    # Hà Giang (02) merged into Tuyên Quang (08) on 1/7/2025.
    path = _csv(tmp_path, ["H08.901,Sở Tư pháp,province_department,02"])
    report = agencies_import(path)
    assert report.created == 1 and not report.rejected
    assert Agency.objects.get(code="H08.901").unit_id == "08"
    [warning] = report.warnings
    assert (warning.file, warning.line) == ("agencies.csv", 2)
    assert "02" in warning.reason and "08" in warning.reason


def test_a_former_commune_code_with_several_successors_is_rejected(tmp_path):
    # 00019 was split by a partial merge into four communes: no single unit to pick.
    path = _csv(tmp_path, ["H01.001.01,Trung tâm X,commune_centre,00019"])
    report = agencies_import(path)
    assert report.created == 0
    [problem] = report.rejected
    assert problem.line == 2 and "00004" in problem.reason and "00070" in problem.reason
