import datetime as dt
import os
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from motcua.attachments import services
from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.attachments.selectors import component_history, components_for, counts_by_how
from motcua.attachments.services import Entry, component_add, components_record, uploads_guard
from motcua.attachments.storage import DurableFileSystemStorage
from motcua.attachments.tests import factories as f
from motcua.catalog.models import Procedure, RequiredComponent
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import COMMUNE_PROCEDURE, setup_hanoi, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return setup_hanoi()


@pytest.fixture
def dossier(people):
    return submit(people["clerk"])


def components(n=2):
    return list(Procedure.objects.get(code=COMMUNE_PROCEDURE).components.order_by("position")[:n])


def test_files_are_stored_under_a_generated_name_with_their_checks(dossier, people, media_root):
    first, second = components()
    rows = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[
            Entry(first, How.SCANNED_AT_DESK, file=f.upload("Đơn của tôi.pdf", f.pdf_bytes())),
            Entry(second, How.SHOWN_ONLY),
        ],
    )  # fmt: skip
    scanned, shown = rows
    now = timezone.localtime()
    assert scanned.file.name.startswith(f"dossiers/{now:%Y}/{now:%m}/")
    assert scanned.file.name.endswith(".pdf") and "Đơn" not in scanned.file.name
    assert len(os.path.basename(scanned.file.name)) == 32 + 4  # uuid4 hex + .pdf
    assert scanned.original_name == "Đơn của tôi.pdf"
    assert scanned.content_type == "application/pdf"
    assert scanned.size == len(f.pdf_bytes()) and len(scanned.sha256) == 64
    assert scanned.added_by == people["clerk"] and scanned.name == first.name
    assert (media_root / scanned.file.name).read_bytes() == f.pdf_bytes()
    assert shown.file.name == "" and shown.how == How.SHOWN_ONLY
    assert [r.pk for r in components_for(dossier)] == [scanned.pk, shown.pk]
    assert counts_by_how([dossier.pk]) == {How.SCANNED_AT_DESK: 1, How.SHOWN_ONLY: 1}


def test_the_extension_on_disk_is_the_sniffed_one(dossier, people):
    (row,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[Entry(None, How.SCANNED_AT_DESK, file=f.upload("scan.JPEG", f.jpeg_bytes()),
                       name="Ảnh chụp")],
    )  # fmt: skip
    assert row.file.name.endswith(".jpg") and row.component is None and row.name == "Ảnh chụp"


def test_components_for_is_one_query(dossier, people, django_assert_num_queries):
    first, second = components()
    components_record(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                      entries=[Entry(first, How.SHOWN_ONLY), Entry(second, How.SHOWN_ONLY)])  # fmt: skip
    with django_assert_num_queries(1):
        assert len(components_for(dossier)) == 2


@pytest.mark.parametrize(
    "entry_kwargs",
    [
        {"how": How.UPLOADED_ONLINE},  # not a counter choice
        {"how": How.SCANNED_AT_DESK},  # no file
        {"how": How.FROM_STORE},  # no reference
        {"how": How.SHOWN_ONLY, "file": "FILE"},  # a shown paper has no file
        {"how": "lost"},
    ],
)
def test_bad_entries_write_nothing(dossier, people, media_root, entry_kwargs):
    (first,) = components(1)
    if entry_kwargs.get("file") == "FILE":
        entry_kwargs["file"] = f.upload("a.pdf", f.pdf_bytes())
    good = Entry(first, How.SCANNED_AT_DESK, file=f.upload("ok.pdf", f.pdf_bytes()))
    with pytest.raises(InvalidInput):
        components_record(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                          entries=[good, Entry(first, **entry_kwargs)])  # fmt: skip
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_a_component_of_another_procedure_is_refused(dossier, people):
    other = RequiredComponent.objects.exclude(procedure=dossier.procedure).first()
    with pytest.raises(InvalidInput, match="không thuộc thủ tục"):
        components_record(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                          entries=[Entry(other, How.SHOWN_ONLY)])  # fmt: skip


def test_a_bad_file_in_the_middle_writes_no_row_and_no_file(dossier, people, media_root):
    first, second = components()
    with pytest.raises(InvalidInput, match=r"“b\.pdf” không phải là PDF"):
        components_record(
            dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
            entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes())),
                     Entry(second, How.SCANNED_AT_DESK, file=f.upload("b.pdf", f.png_bytes()))],
        )  # fmt: skip
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_a_storage_failure_midway_removes_the_files_already_written(dossier, people, media_root):
    first, second = components()
    real_save, calls = DurableFileSystemStorage.save, []

    def flaky_save(self, name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content, **kwargs)

    with mock.patch.object(DurableFileSystemStorage, "save", flaky_save), pytest.raises(OSError):
        components_record(
            dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
            entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes())),
                     Entry(second, How.SCANNED_AT_DESK, file=f.upload("b.png", f.png_bytes()))],
        )  # fmt: skip
    assert len(calls) == 2
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_a_database_failure_after_the_files_removes_them(dossier, people, media_root):
    (first,) = components(1)
    with mock.patch.object(DossierComponent.objects, "bulk_create", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            components_record(
                dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()))],
            )  # fmt: skip
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_the_guard_removes_files_when_the_callers_transaction_rolls_back(
    dossier, people, media_root
):
    (first,) = components(1)
    with pytest.raises(ZeroDivisionError), uploads_guard(), transaction.atomic():
        components_record(
            dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
            entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()))],
        )  # fmt: skip
        assert len(f.stored_files(media_root)) == 1
        raise ZeroDivisionError  # e.g. the dossier's service fails after the components
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_the_guard_keeps_files_of_a_committed_block(dossier, people, media_root):
    (first,) = components(1)
    with uploads_guard(), transaction.atomic():
        components_record(
            dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
            entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()))],
        )  # fmt: skip
    assert f.row_count() == 1 and len(f.stored_files(media_root)) == 1


def test_recording_a_component_again_supersedes_the_old_row(dossier, people):
    (first,) = components(1)
    (old,) = components_record(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                               entries=[Entry(first, How.SHOWN_ONLY)])  # fmt: skip
    (new,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()))],
    )  # fmt: skip
    old.refresh_from_db()
    assert old.superseded_by == new and old.superseded_at is not None
    assert [c.pk for c in components_for(dossier)] == [new.pk]
    assert component_history(dossier).count() == 2


def test_component_add_replaces_an_extra_document(dossier, people):
    (extra,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[Entry(None, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()),
                       name="Giấy xác nhận")],
    )  # fmt: skip
    new = component_add(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER, replaces=extra,
        entry=Entry(None, How.SCANNED_AT_DESK, file=f.upload("b.png", f.png_bytes()),
                    name="Giấy xác nhận (bản rõ)"),
    )  # fmt: skip
    extra.refresh_from_db()
    assert extra.superseded_by == new
    assert [c.pk for c in components_for(dossier)] == [new.pk]


def test_component_add_refuses_a_row_of_another_dossier(dossier, people):
    other = submit(people["clerk"])
    (row,) = components_record(dossier=other, actor=people["clerk"], channel=Channel.COUNTER,
                               entries=[Entry(components(1)[0], How.SHOWN_ONLY)])  # fmt: skip
    with pytest.raises(InvalidInput):
        component_add(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                      replaces=row, entry=Entry(None, How.SHOWN_ONLY, name="x"))  # fmt: skip
    assert f.row_count() == 1


def test_from_store_records_the_reference(dossier, people):
    from motcua.results.tests.factories import stored

    stored(dossier.applicant_id_number, "H51.001-250101-0001-KQ(1)")
    (first,) = components(1)
    (row,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.ONLINE,
        entries=[Entry(first, How.FROM_STORE, store_ref=" H51.001-250101-0001-KQ(1) ")],
    )  # fmt: skip
    assert row.store_ref == "H51.001-250101-0001-KQ(1)" and not row.has_file


def test_online_cannot_record_a_paper_shown_at_the_desk(dossier, people):
    with pytest.raises(InvalidInput, match="không dùng được"):
        components_record(dossier=dossier, actor=people["clerk"], channel=Channel.ONLINE,
                          entries=[Entry(components(1)[0], How.SHOWN_ONLY)])  # fmt: skip


def test_the_database_refuses_a_file_mode_without_a_file(dossier):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        DossierComponent.objects.create(dossier=dossier, name="x", how=How.SCANNED_AT_DESK)


def test_storage_name_uses_local_month(dossier):
    from motcua.attachments.sniff import KINDS, Checked

    checked = Checked(KINDS["png"], 1, "0" * 64, "a.png")
    at = dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC)  # 01:00 on 1/1/2026 in Vietnam
    assert services.storage_name(checked, at).startswith("dossiers/2026/01/")


def test_a_file_spooled_to_disk_is_stored_whole(dossier, people, media_root):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("scan.pdf", "application/pdf", 0, None)
    upload.write(f.pdf_bytes())
    upload.flush()
    upload.size = len(f.pdf_bytes())
    (row,) = components_record(dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
                               entries=[Entry(components(1)[0], How.SCANNED_AT_DESK, file=upload)])  # fmt: skip
    assert (media_root / row.file.name).read_bytes() == f.pdf_bytes()
    upload.close()
