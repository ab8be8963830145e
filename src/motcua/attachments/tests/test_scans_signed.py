"""A paper scanned at the desk is stored as a PDF signed by the receiving unit's agency
(Decree 118 Art. 17(1)(c)); without a certificate it is stored as it came."""

import hashlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from motcua.attachments import scans, services
from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.attachments.selectors import scans_signed_counts
from motcua.attachments.services import Entry, components_record, uploads_guard
from motcua.attachments.tests import factories as f
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import (
    COMMUNE,
    COMMUNE_PROCEDURE,
    checklist_post,
    setup_hanoi,
    submit,
)
from motcua.org.models import Agency
from motcua.signing import keystore
from motcua.signing.constants import HolderKind, Verdict
from motcua.signing.services import demo_pki_ensure
from motcua.signing.verify import verify_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pki_dir(settings, tmp_path, monkeypatch):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_TSA_URL = ""
    settings.MOTCUA_TRUST_ROOTS = []
    keystore._load.cache_clear()
    monkeypatch.setattr(services, "SCAN_SIGNER", scans.unit_signer)


@pytest.fixture
def people():
    return setup_hanoi()


@pytest.fixture
def unit_pki(people):
    return demo_pki_ensure(agencies=Agency.objects.filter(unit_id=COMMUNE))


def image_bytes(fmt: str, size: tuple[int, int] = (300, 150)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 220, 240)).save(out, format=fmt)
    return out.getvalue()


def _intake(client, people, scan: SimpleUploadedFile, key: str, extra=None):
    """A counter intake: the required paper scanned, and ``extra`` (a paper outside the
    catalogue, scanned too) if given."""
    client.force_login(people["clerk"])
    post = checklist_post(COMMUNE_PROCEDURE)
    how_key = next(k for k in post if k.startswith("c-how_"))
    post[how_key] = How.SCANNED_AT_DESK
    post[how_key.replace("how_", "file_")] = scan
    if extra is not None:
        post["c-extra_name"], post["c-extra_file"] = "Ảnh căn cước", extra
    data = {"idempotency_key": key, "procedure": COMMUNE_PROCEDURE, "name": "Nguyễn Văn An",
            **post}  # fmt: skip
    return client.post(reverse("dossiers:intake"), data)


def _stored(media_root, row: DossierComponent) -> bytes:
    return (media_root / row.file.name).read_bytes()


def test_counter_intake_signs_a_scanned_pdf_and_a_scanned_jpeg(
    client, people, unit_pki, media_root
):
    response = _intake(
        client, people,
        SimpleUploadedFile("to-khai.pdf", f.pdf_bytes(), content_type="application/pdf"),
        key="s1",
        extra=SimpleUploadedFile("cccd.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
    )  # fmt: skip
    assert response.status_code == 302, re.findall(
        r"class=\"(?:errorlist|error)[^>]*>(.*?)</", response.content.decode()
    )
    dossier = Dossier.objects.get(idempotency_key__endswith=":s1")
    rows = list(DossierComponent.objects.filter(dossier=dossier, how=How.SCANNED_AT_DESK)
                .order_by("id"))  # fmt: skip
    assert [r.original_name for r in rows] == ["to-khai.pdf", "cccd.pdf"]
    agencies = set(Agency.objects.filter(unit_id=COMMUNE).values_list("name", flat=True))
    for row in rows:
        data = _stored(media_root, row)
        assert row.signed and row.file.name.endswith(".pdf")
        assert row.content_type == "application/pdf"
        assert (row.size, row.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        report = verify_pdf(data)
        assert report.verdict == Verdict.VALID, report.as_dict()
        (signature,) = report.signatures
        assert signature.holder_kind == HolderKind.AGENCY
        assert signature.organisation in agencies
    assert scans_signed_counts([dossier.pk]) == {True: 2, False: 0}

    client.force_login(people["specialist"])
    html = client.get(reverse("dossiers:detail", kwargs={"pk": dossier.pk})).content.decode()
    assert html.count("đã ký số") == 2


def test_an_image_is_laid_on_one_a4_page_with_its_aspect_ratio(unit_pki):
    for fmt, size in (("PNG", (300, 150)), ("TIFF", (120, 480))):
        reader = PdfReader(io.BytesIO(scans.image_to_pdf(image_bytes(fmt, size))))
        (page,) = reader.pages
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4 in points
        assert (width > height) == (size[0] > size[1])
        # the image's placement: the last "w 0 0 h x y cm" before it is painted
        match = re.search(
            rb"([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm\s*/\S+ Do", page.get_contents().get_data()
        )
        drawn_w, drawn_h = float(match[1]), float(match[2])
        assert drawn_w / drawn_h == pytest.approx(size[0] / size[1], rel=1e-3)
        assert drawn_w <= width and drawn_h <= height


def test_without_a_certificate_the_scan_is_stored_as_it_came(people, media_root):
    dossier = submit(people["clerk"])
    first, second = Procedure.objects.get(code=COMMUNE_PROCEDURE).components.order_by("position")[
        :2
    ]
    jpeg = image_bytes("JPEG")
    rows = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes())),
                 Entry(second, How.SCANNED_AT_DESK, file=f.upload("b.jpg", jpeg))],
    )  # fmt: skip
    assert [r.signed for r in rows] == [False, False]
    assert _stored(media_root, rows[0]) == f.pdf_bytes()
    assert _stored(media_root, rows[1]) == jpeg and rows[1].content_type == "image/jpeg"
    assert rows[1].sha256 == hashlib.sha256(jpeg).hexdigest()
    assert scans_signed_counts([dossier.pk]) == {True: 0, False: 2}


def test_an_uploaded_file_is_not_signed_by_the_desk(people, unit_pki, media_root):
    dossier = submit(people["clerk"])
    (row,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.ONLINE,
        entries=[Entry(None, How.UPLOADED_ONLINE, file=f.upload("a.pdf", f.pdf_bytes()),
                       name="Giấy tờ khác")],
    )  # fmt: skip
    assert not row.signed and _stored(media_root, row) == f.pdf_bytes()


def test_a_failure_while_signing_leaves_no_component_and_no_file(
    people, unit_pki, media_root, monkeypatch
):
    calls = []

    def broken(dossier, data, checked):
        calls.append(checked.original_name)
        if len(calls) == 2:  # the first scan is signed and written already
            raise RuntimeError("token unplugged")
        return scans.unit_signer(dossier, data, checked)

    monkeypatch.setattr(services, "SCAN_SIGNER", broken)
    dossier = submit(people["clerk"])
    first, second = Procedure.objects.get(code=COMMUNE_PROCEDURE).components.order_by("position")[
        :2
    ]
    with pytest.raises(RuntimeError), uploads_guard(), transaction.atomic():
        components_record(
            dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
            entries=[Entry(first, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes())),
                     Entry(second, How.SCANNED_AT_DESK, file=f.upload("b.png", f.png_bytes()))],
        )  # fmt: skip
    assert calls == ["a.pdf", "b.png"]
    assert f.row_count() == 0
    assert f.stored_files(media_root) == []


def test_a_failure_while_signing_at_the_counter_files_nothing(
    client, people, unit_pki, media_root, monkeypatch
):
    def broken(dossier, data, checked):
        raise RuntimeError("token unplugged")

    monkeypatch.setattr(services, "SCAN_SIGNER", broken)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        _intake(client, people,
                SimpleUploadedFile("to-khai.pdf", f.pdf_bytes(), content_type="application/pdf"),
                key="s2")  # fmt: skip
    assert not Dossier.objects.filter(idempotency_key__endswith=":s2").exists()
    assert f.row_count() == 0 and f.stored_files(media_root) == []


def test_every_page_of_a_multi_page_tiff_is_kept():
    from PIL import Image

    out = io.BytesIO()
    first, *rest = [
        Image.new("RGB", size, (200, 220, 240)) for size in ((300, 400), (400, 300), (300, 400))
    ]
    first.save(out, format="TIFF", save_all=True, append_images=rest)
    reader = PdfReader(io.BytesIO(scans.image_to_pdf(out.getvalue(), name="ba-trang.tif")))
    assert len(reader.pages) == 3
    widths = [float(p.mediabox.width) for p in reader.pages]
    assert widths[1] > widths[0] == widths[2]  # the wide page is laid landscape
