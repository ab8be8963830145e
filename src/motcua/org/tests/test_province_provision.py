import re

import pytest
from django.core.management import call_command

from motcua.core.errors import NotFound
from motcua.org.constants import AgencyKind
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.services import province_provision

pytestmark = pytest.mark.django_db


def test_quang_ngai_gets_96_commune_centres_in_one_step():
    created = province_provision("51")
    centres = Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE, unit__parent_id="51")
    assert centres.count() == 96
    assert (
        Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE, unit__parent_id="51").count() == 96
    )
    assert Agency.objects.filter(kind=AgencyKind.PROVINCE_CENTRE, unit_id="51").count() == 1
    assert Agency.objects.filter(kind=AgencyKind.PROVINCE_DEPARTMENT, unit_id="51").count() >= 13
    assert len(created) == Agency.objects.filter(unit__in=["51"]).count() + 192


def test_provisioning_twice_creates_nothing_more():
    province_provision("96")
    assert province_provision("96") == []


def test_demo_codes_follow_the_decision_20_format_and_are_marked_demo():
    province_provision("51")
    for agency in Agency.objects.filter(unit__parent_id="51") | Agency.objects.filter(unit_id="51"):
        assert agency.code_is_demo
        assert len(agency.code) <= 35
        assert re.fullmatch(r"H51(\.\d{2,3})*", agency.code), agency.code
    codes = list(Agency.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_unknown_province_is_a_clear_error():
    with pytest.raises(NotFound, match="99"):
        province_provision("99")


def test_command_line(capsys):
    call_command("provision_province", "51")
    assert "Đã tạo" in capsys.readouterr().out


def test_a_pre_merger_province_code_provisions_its_successor(capsys):
    # Hà Giang (02) merged into Tuyên Quang (08).
    call_command("provision_province", "02")
    out = capsys.readouterr().out
    assert "Tỉnh Hà Giang" in out and "Tỉnh Tuyên Quang" in out and "08" in out
    assert Agency.objects.filter(kind=AgencyKind.PROVINCE_CENTRE, unit_id="08").count() == 1
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE, unit__parent_id="08")
    assert communes.count() == AdministrativeUnit.objects.filter(parent_id="08").count() > 0


def test_a_commune_code_is_not_a_province():
    with pytest.raises(NotFound):
        province_provision("00004")


def test_a_former_commune_code_is_not_a_province():
    # Phường Quán Thánh (00013) merged into Phường Ba Đình (00004): a commune, not a province.
    with pytest.raises(NotFound):
        province_provision("00013")
