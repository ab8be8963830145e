import csv
import datetime as dt

import pytest

from motcua.authority.constants import GovLevel, Mode
from motcua.authority.models import DecentralisedTask
from motcua.authority.services import task_import_csv
from motcua.authority.tests.factories import row, shipped_file, task, write_csv
from motcua.catalog.models import Field, Procedure

SHIPPED_ROWS = 11


def _field() -> Field:
    field, _ = Field.objects.get_or_create(
        slug="so-huu-tri-tue", defaults={"name": "Sở hữu trí tuệ"}
    )
    return field


def _shipped_rows() -> list[dict[str, str]]:
    with open(shipped_file(), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_file_rows_cite_instrument_and_article_or_are_marked_not_verified():
    """The done-when rule, checked on the file itself: every row has a source, and a row
    either cites instrument and article or says its article is not verified."""
    rows = _shipped_rows()
    assert len(rows) == SHIPPED_ROWS
    for r in rows:
        assert r["source"].strip(), r["code"]
        assert r["article_verified"] in {"yes", "no"}, r["code"]
        if r["article_verified"] == "yes":
            assert r["instrument"].strip() and r["article"].strip(), r["code"]


def test_only_former_district_tasks_lack_a_verified_article():
    """Rows without a verified article are allowed only for the six former district tasks."""
    for r in _shipped_rows():
        if r["article_verified"] == "no":
            assert r["from_level"] == "district", r["code"]


@pytest.mark.django_db
def test_shipped_file_loads_every_row():
    # The session fixture (conftest.py) has imported the file already; start empty.
    DecentralisedTask.objects.all().delete()
    report = task_import_csv(shipped_file())
    assert report.rejected == []
    assert (report.created, report.updated, report.unchanged) == (SHIPPED_ROWS, 0, 0)
    assert DecentralisedTask.objects.count() == SHIPPED_ROWS
    d4 = DecentralisedTask.objects.get(code="ND132-D4-01")
    assert (d4.from_level, d4.to_level, d4.mode) == ("district", "commune", "allocation")
    assert (d4.instrument, d4.article, d4.article_verified) == (
        "Nghị định 132/2025/NĐ-CP",
        "Điều 4",
        True,
    )
    assert d4.effective_from == dt.date(2025, 7, 1)
    assert DecentralisedTask.objects.get(code="ND133-D43-01").article == "khoản 2 Điều 43"


@pytest.mark.django_db
def test_every_loaded_row_cites_instrument_and_article_or_is_marked_not_verified():
    assert DecentralisedTask.objects.count() >= SHIPPED_ROWS
    for t in DecentralisedTask.objects.all():
        assert t.source
        assert (t.instrument and t.article) or not t.article_verified, t.code


@pytest.mark.django_db
def test_shipped_file_holds_the_six_former_district_tasks():
    district = DecentralisedTask.objects.filter(from_level=GovLevel.DISTRICT)
    assert district.count() == 6
    assert district.filter(to_level=GovLevel.COMMUNE).count() == 5
    assert district.filter(to_level=GovLevel.PROVINCE).count() == 1
    assert set(district.filter(article_verified=True).values_list("article", flat=True)) == {
        "Điều 4",
        "Điều 5",
    }


@pytest.mark.django_db
def test_second_import_changes_nothing():
    DecentralisedTask.objects.all().delete()
    task_import_csv(shipped_file())
    report = task_import_csv(shipped_file())
    assert (report.created, report.updated, report.unchanged) == (0, 0, SHIPPED_ROWS)
    assert report.problems == []


@pytest.mark.django_db
def test_dry_run_counts_but_writes_nothing():
    DecentralisedTask.objects.all().delete()
    report = task_import_csv(shipped_file(), dry_run=True)
    assert report.created == SHIPPED_ROWS
    assert "[dry-run]" in report.summary()
    assert DecentralisedTask.objects.count() == 0


@pytest.mark.django_db
def test_changed_row_is_updated(tmp_path):
    task(code="TEST-01", notes="cũ")
    report = task_import_csv(write_csv(tmp_path / "tasks.csv", [row(notes="mới")]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert DecentralisedTask.objects.get(code="TEST-01").notes == "mới"


@pytest.mark.django_db
def test_vietnamese_labels_are_accepted(tmp_path):
    path = write_csv(
        tmp_path / "tasks.csv",
        [
            row(
                mode="Phân cấp",
                from_level="Trung ương",
                to_level="cấp tỉnh",
                status="đang có hiệu lực",
                article_verified="có",
                effective_from="01/07/2025",
            )
        ],
    )
    report = task_import_csv(path)
    assert report.rejected == []
    t = DecentralisedTask.objects.get(code="TEST-01")
    assert (t.mode, t.from_level, t.to_level) == (Mode.DELEGATION, "central", "province")
    assert t.effective_from == dt.date(2025, 7, 1)


@pytest.mark.django_db
def test_empty_mode_means_not_stated_by_the_source(tmp_path):
    report = task_import_csv(write_csv(tmp_path / "tasks.csv", [row(mode="")]))
    assert report.rejected == []
    assert DecentralisedTask.objects.get(code="TEST-01").mode == Mode.UNSPECIFIED


BAD_ROWS = [
    pytest.param({"code": ""}, "missing code", id="missing-code"),
    pytest.param({"code": "A B"}, "without spaces", id="code-with-space"),
    pytest.param({"name": ""}, "missing name", id="missing-name"),
    pytest.param({"field": ""}, "missing field", id="missing-field"),
    pytest.param({"mode": "centralisation"}, "unknown mode 'centralisation'", id="unknown-mode"),
    pytest.param({"to_level": "district_x"}, "unknown to_level", id="unknown-level"),
    pytest.param({"from_level": "province"}, "both 'province'", id="same-levels"),
    pytest.param({"status": "repealed"}, "unknown status 'repealed'", id="unknown-status"),
    pytest.param({"effective_from": "2025-13-01"}, "effective_from", id="bad-date"),
    pytest.param(
        {"effective_from": "2026-01-01", "effective_to": "2025-01-01"},
        "is before effective_from",
        id="dates-reversed",
    ),
    pytest.param({"article": ""}, "citation is incomplete", id="verified-without-article"),
    pytest.param({"instrument": ""}, "citation is incomplete", id="verified-without-instrument"),
    pytest.param(
        {"source": "", "article_verified": "no", "article": ""}, "missing source", id="no-source"
    ),
    pytest.param({"article_verified": "maybe"}, "yes or no", id="bad-verified-flag"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS)
def test_bad_row_is_rejected_with_file_line_and_reason_and_good_rows_load(tmp_path, bad, reason):
    path = write_csv(
        tmp_path / "tasks.csv",
        [row(code="GOOD-1"), row(**{"code": "BAD-1", **bad}), row(code="GOOD-2")],
    )
    report = task_import_csv(path)
    assert len(report.rejected) == 1
    problem = report.rejected[0]
    assert (problem.file, problem.line) == ("tasks.csv", 3)
    assert reason in problem.reason
    assert report.created == 2
    loaded = DecentralisedTask.objects.filter(code__in=["GOOD-1", "BAD-1", "GOOD-2", ""])
    assert set(loaded.values_list("code", flat=True)) == {"GOOD-1", "GOOD-2"}


@pytest.mark.django_db
def test_duplicate_code_is_rejected_on_its_second_line(tmp_path):
    path = write_csv(tmp_path / "tasks.csv", [row(code="X-1"), row(code="X-1", notes="again")])
    report = task_import_csv(path)
    assert [(p.line, p.reason) for p in report.rejected] == [
        (3, "duplicate code X-1 (first on line 2)")
    ]
    assert DecentralisedTask.objects.get(code="X-1").notes == ""


@pytest.mark.django_db
def test_wrong_column_count_is_rejected(tmp_path):
    path = write_csv(tmp_path / "tasks.csv", [row(code="GOOD-1")])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("ONLY,three,columns\n")
    report = task_import_csv(path)
    assert report.rejected[0].line == 3
    assert "columns" in report.rejected[0].reason
    assert report.created == 1


@pytest.mark.django_db
def test_missing_required_column_rejects_the_file(tmp_path):
    columns = ["code", "name", "field"]
    path = write_csv(tmp_path / "tasks.csv", [row()], columns=columns)
    before = DecentralisedTask.objects.count()
    report = task_import_csv(path)
    assert report.rejected[0].line == 1
    assert "missing columns" in report.rejected[0].reason
    assert DecentralisedTask.objects.count() == before


@pytest.mark.django_db
def test_rejected_row_leaves_the_existing_row_unchanged(tmp_path):
    task(code="TEST-01", mode="delegation", notes="giữ nguyên")
    path = write_csv(tmp_path / "tasks.csv", [row(code="TEST-01", mode="bogus", notes="đổi")])
    report = task_import_csv(path)
    assert len(report.rejected) == 1
    t = DecentralisedTask.objects.get(code="TEST-01")
    assert (t.mode, t.notes) == ("delegation", "giữ nguyên")


@pytest.mark.django_db
def test_unknown_procedure_code_is_a_warning_and_known_codes_are_linked(tmp_path):
    field = _field()
    Procedure.objects.create(code="T.000001", name="Thủ tục thử", field=field)
    path = write_csv(
        tmp_path / "tasks.csv",
        [row(procedures="T.000001; T.999999", field_slug=field.slug)],
    )
    report = task_import_csv(path)
    assert report.rejected == []
    assert [(w.line, w.reason) for w in report.warnings] == [
        (2, "unknown procedure codes skipped: T.999999")
    ]
    t = DecentralisedTask.objects.get(code="TEST-01")
    assert list(t.procedures.values_list("code", flat=True)) == ["T.000001"]
    assert t.field == field
    again = task_import_csv(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


@pytest.mark.django_db
def test_unknown_field_slug_is_a_warning(tmp_path):
    report = task_import_csv(write_csv(tmp_path / "tasks.csv", [row(field_slug="khong-co")]))
    assert report.rejected == []
    assert "no catalogue field with slug 'khong-co'" in report.warnings[0].reason
    assert DecentralisedTask.objects.get(code="TEST-01").field is None


@pytest.mark.django_db
def test_field_is_linked_by_name_when_no_slug_is_given(tmp_path):
    field = _field()
    task_import_csv(write_csv(tmp_path / "tasks.csv", [row(field=field.name.upper())]))
    assert DecentralisedTask.objects.get(code="TEST-01").field == field


@pytest.mark.django_db
def test_procedure_links_follow_the_file(tmp_path):
    field = _field()
    for code in ("T.000001", "T.000002"):
        Procedure.objects.create(code=code, name=code, field=field)
    path = tmp_path / "tasks.csv"
    task_import_csv(write_csv(path, [row(procedures="T.000001;T.000002")]))
    report = task_import_csv(write_csv(path, [row(procedures="T.000002")]))
    assert report.updated == 1
    t = DecentralisedTask.objects.get(code="TEST-01")
    assert list(t.procedures.values_list("code", flat=True)) == ["T.000002"]
