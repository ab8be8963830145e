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
        "H51.33,Sở Ma,province_department,77",
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
