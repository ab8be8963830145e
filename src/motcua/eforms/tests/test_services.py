"""Publishing versions, the generic form, the import of shipped forms, TOP procedures."""

import json
import random
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_submit
from motcua.dossiers.tests.factories import COMMUNE, setup_hanoi
from motcua.eforms.constants import TOP_COMMUNE_PROCEDURES
from motcua.eforms.examples import example_data
from motcua.eforms.models import Form, FormField, FormVersion
from motcua.eforms.schema import FormDataInvalid, validate
from motcua.eforms.selectors import form_version_for
from motcua.eforms.services import eforms_import, form_publish
from motcua.eforms.tests.factories import VALID, form_with
from motcua.org.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
DATA = settings.MOTCUA_DATA_DIR / "eforms"


def test_publishing_unchanged_fields_makes_no_new_version():
    form, v1 = form_with()
    assert v1.number == 1
    again, created = form_publish(form=form)
    assert (again, created) == (v1, False)
    FormField.objects.filter(form=form, key="ho_ten").update(label="Họ và tên trẻ")
    v2, created = form_publish(form=form)
    assert created and v2.number == 2
    assert v2.schema["properties"]["ho_ten"]["title"] == "Họ và tên trẻ"
    assert v1.schema["properties"]["ho_ten"]["title"] == "Họ, chữ đệm, tên"


def test_a_published_version_cannot_be_changed():
    _form, v1 = form_with()
    v1.schema = {}
    with pytest.raises(ValueError):
        v1.save()


def test_a_bad_definition_publishes_nothing():
    form, _v1 = form_with()
    FormField.objects.create(form=form, position=99, key="lua_chon", label="Chọn", kind="choice")
    with pytest.raises(FormDataInvalid):
        form_publish(form=form)
    assert form.versions.count() == 1


def _submit(version, data, key="k"):
    people = setup_hanoi()
    return dossier_submit(
        procedure=version.form.procedure, channel=Channel.COUNTER,
        receiving_unit=AdministrativeUnit.objects.get(code=COMMUNE),
        applicant=Applicant(name="Nguyễn Văn An"), actor=people["clerk"],
        form_version=version, form_data=data, idempotency_key=key,
    )  # fmt: skip


def test_a_dossier_keeps_the_version_it_was_filed_under():
    form, v1 = form_with()
    dossier = _submit(v1, {**VALID, "ho_ten": " Nguyễn Văn An "})
    assert dossier.form_version == v1 and dossier.form_data["ho_ten"] == "Nguyễn Văn An"
    FormField.objects.filter(form=form, key="gioi_tinh").delete()
    v2, _created = form_publish(form=form)
    dossier.refresh_from_db()
    assert dossier.form_version_id == v1.pk and v2.number == 2
    assert "gioi_tinh" in dossier.form_version.schema["properties"]
    assert form_version_for(form.procedure) == v2


def test_invalid_form_data_writes_nothing():
    _form, v1 = form_with()
    before = Dossier.objects.count()
    with pytest.raises(InvalidInput) as exc:
        _submit(v1, {"ho_ten": "A"})
    assert "ngay_sinh" in exc.value.extra["fields"]
    assert Dossier.objects.count() == before


def test_generic_form_is_built_once_from_the_required_components():
    procedure = Procedure.objects.get(code="1.001612")
    assert not Form.objects.filter(procedure=procedure).exists()
    version = form_version_for(procedure)
    assert form_version_for(procedure) == version
    assert Form.objects.filter(procedure=procedure).count() == 1
    assert version.form.is_generic and version.number == 1
    props = version.schema["properties"]
    assert next(iter(props)) == "noi_dung_de_nghi" and version.schema["required"] == []
    labels = [p["title"] for p in props.values()]
    assert any("Giấy đề nghị đăng ký hộ kinh doanh" in label for label in labels)
    assert not any("Trường hợp" in label for label in labels)


def test_a_drafted_unpublished_form_is_not_replaced_by_the_generic_one():
    procedure = Procedure.objects.get(code="1.001612")
    form = Form.objects.create(procedure=procedure, title="Nháp")
    FormField.objects.create(form=form, key="a", label="A")
    assert form_version_for(procedure) is None
    assert list(form.fields.values_list("key", flat=True)) == ["a"]


def test_shipped_forms_import_once_and_cover_the_top_procedures():
    report = eforms_import(DATA)
    assert report.rejected == [] and report.created == len(list(DATA.glob("*.json")))
    again = eforms_import(DATA)
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)
    assert FormVersion.objects.filter(
        form__procedure__code__in=TOP_COMMUNE_PROCEDURES
    ).count() == len(TOP_COMMUNE_PROCEDURES)
    for code in TOP_COMMUNE_PROCEDURES:
        procedure = Procedure.objects.get(code=code)
        assert procedure.level_commune, code
        version = form_version_for(procedure)
        assert not version.form.is_generic and version.form.source
        rng = random.Random(code)
        for _ in range(20):
            validate(version.schema, example_data(version, rng))


def test_a_changed_file_publishes_a_new_version_and_a_bad_one_is_rejected(tmp_path):
    source = json.loads((DATA / "1.001193_khai_sinh.json").read_text())
    path = tmp_path / "ks.json"
    path.write_text(json.dumps(source, ensure_ascii=False))
    assert eforms_import(tmp_path).created == 1
    source["fields"][1]["label"] = "Họ và tên trẻ"
    path.write_text(json.dumps(source, ensure_ascii=False))
    report = eforms_import(tmp_path)
    assert report.updated == 1
    assert form_version_for(Procedure.objects.get(code="1.001193")).number == 2
    (tmp_path / "bad.json").write_text('{"procedure": "9.999999", "title": "X", "fields": []}')
    (tmp_path / "worse.json").write_text('{"procedure": "1.001193", "fields": [{"key": "a"}]}')
    report = eforms_import(tmp_path)
    reasons = " ".join(p.reason for p in report.rejected)
    assert "unknown procedure" in reasons and "missing title" in reasons
    assert report.unchanged == 1


def test_dry_run_changes_nothing():
    report = eforms_import(DATA, dry_run=True)
    assert report.created > 0 and not Form.objects.exists()


def test_import_command(capsys):
    call_command("import_eforms", no_progress=True)
    assert "12 created" in capsys.readouterr().out


def _in_thread(work):
    """Run ``work`` on a connection of its own, outside the test's rolled-back transaction
    (``transaction=True`` would flush the reference data the session imported)."""
    out = []

    def run():
        try:
            out.append(work())
        except Exception as exc:
            out.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_generic_form_is_built_once_under_concurrency():
    procedure = Procedure.objects.get(code="1.000058")

    def cleanup():
        FormField.objects.filter(form__procedure=procedure).delete()
        FormVersion.objects.filter(form__procedure=procedure).delete()
        Form.objects.filter(procedure=procedure).delete()

    runs = [_in_thread(lambda: form_version_for(procedure).pk) for _ in range(6)]
    for thread, _out in runs:
        thread.join()
    try:
        results = [out[0] for _thread, out in runs]
        assert not [r for r in results if isinstance(r, Exception)], results
        assert len(set(results)) == 1
        counted = _in_thread(lambda: FormVersion.objects.filter(form__procedure=procedure).count())
        counted[0].join()
        assert counted[1] == [1]
    finally:
        thread, _out = _in_thread(cleanup)
        thread.join()
