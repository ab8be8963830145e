"""The daily digest: one e-mail per unit with something to report, once a day."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.alerts.models import DigestSent
from motcua.alerts.services import digest_send
from motcua.alerts.tests.factories import at_province, local, received
from motcua.dossiers.tests.factories import COMMUNE, setup_hanoi, staff
from motcua.org.constants import Role

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 3, 6)  # the digest is taken at 00:00 that day
ID_NUMBER = "001203004567"  # the applicant's ID in every factory dossier


@pytest.fixture
def people():
    people = setup_hanoi()
    for key in ("clerk", "specialist", "province_specialist"):
        people[key].email = f"{people[key].username}@example.vn"
        people[key].save()
    return people


@pytest.fixture
def world(people):
    due_monday = received(people, local(2026, 3, 4, 9, 0))
    late = received(people, local(2026, 3, 2, 9, 0))  # due Thursday 17:00
    at_dept = at_province(people, local(2025, 9, 1, 9, 0))
    return {"due_monday": due_monday, "late": late, "at_dept": at_dept}


def test_one_mail_per_unit_with_its_dossiers_and_none_the_second_time(people, world):
    assert digest_send(on=FRIDAY) == 2
    by_unit = {m.subject: m for m in mail.outbox}
    commune = by_unit["[motcua] Cảnh báo hạn giải quyết hồ sơ — Phường Ba Đình — 06/03/2026"]
    assert sorted(commune.to) == ["clerk@example.vn", "specialist@example.vn"]
    html = commune.alternatives[0][0]
    for body in (commune.body, html):
        assert world["due_monday"].code in body and world["late"].code in body
        assert world["at_dept"].code not in body
        assert ID_NUMBER not in body and "Nguyễn Văn An" not in body
    assert "09/03/2026 17:00" in commune.body and "còn 1 ngày làm việc" in commune.body
    assert "chưa có Mẫu 04" in commune.body
    province = by_unit["[motcua] Cảnh báo hạn giải quyết hồ sơ — Thành phố Hà Nội — 06/03/2026"]
    assert province.to == ["dept@example.vn"]
    assert world["at_dept"].code in province.body and world["late"].code not in province.body
    row = DigestSent.objects.get(unit_id=COMMUNE, day=FRIDAY)
    assert (row.recipients, row.due_soon, row.overdue, row.no_apology) == (2, 1, 1, 1)

    assert digest_send(on=FRIDAY) == 0
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(day=FRIDAY).count() == 2
    # The next day is another digest.
    assert digest_send(on=dt.date(2026, 3, 9)) == 2


def test_units_with_nothing_to_report_or_nobody_to_tell_get_nothing(people, world):
    staff("ngoc_ha", Role.CLERK, "00008").email = "ngoc.ha@example.vn"  # nothing due there
    people["province_specialist"].email = ""
    people["province_specialist"].save()
    assert digest_send(on=FRIDAY) == 1
    assert [m.to for m in mail.outbox] == [["clerk@example.vn", "specialist@example.vn"]]
    assert not DigestSent.objects.filter(unit_id="01").exists()


def test_a_failed_send_records_nothing_and_is_tried_again(people, world):
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp")):
        assert digest_send(on=FRIDAY) == 0  # each unit's failure is logged, none stops the rest
    assert not DigestSent.objects.exists()
    assert digest_send(on=FRIDAY) == 2


def test_the_command_sends_the_digest_of_a_date(people, world, capsys):
    call_command("alerts_digest", date="2026-03-06")
    assert "2 digest e-mails sent" in capsys.readouterr().out
    call_command("alerts_digest", date="2026-03-06")
    assert "0 digest e-mails sent" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("alerts_digest", date="06/03/2026")
