from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.authority.models import DecentralisedTask
from motcua.authority.tests.factories import row, write_csv


@pytest.mark.django_db
def test_command_imports_the_shipped_file_by_default():
    DecentralisedTask.objects.all().delete()
    out = StringIO()
    call_command("import_authority", no_progress=True, stdout=out, stderr=StringIO())
    assert "11 created, 0 updated, 0 unchanged, 0 rejected" in out.getvalue()


@pytest.mark.django_db
def test_command_dry_run_and_report_file(tmp_path):
    path = write_csv(tmp_path / "tasks.csv", [row(code="CMD-1"), row(code="CMD-2", mode="x")])
    report = tmp_path / "report.csv"
    out, err = StringIO(), StringIO()
    call_command("import_authority", str(path), dry_run=True, report=str(report),
                 stdout=out, stderr=err)  # fmt: skip
    assert "[dry-run] 1 created" in out.getvalue()
    assert "tasks.csv:3: [rejected] unknown mode 'x'" in err.getvalue()
    assert "tasks.csv,3,rejected" in report.read_text(encoding="utf-8")
    assert not DecentralisedTask.objects.filter(code="CMD-1").exists()


@pytest.mark.django_db
def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_authority", str(tmp_path / "none.csv"))
