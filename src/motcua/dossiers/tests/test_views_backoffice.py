import pytest
from django.urls import reverse

from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import act, checklist_post, setup_hanoi, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return setup_hanoi()


def test_counter_intake_ends_with_a_receipt(client, people):
    client.force_login(people["clerk"])
    form = client.get(reverse("dossiers:intake"))
    key = form.context["form"].initial["idempotency_key"]
    data = {"idempotency_key": key, "procedure": "1.001193", "id_number": "001203004567",
            "name": "Nguyễn Văn An", "address": "Ba Đình"}  # fmt: skip
    response = client.post(reverse("dossiers:intake"), {**data, **checklist_post()})
    assert response.status_code == 302
    dossier = Dossier.objects.get(idempotency_key__endswith=f":{key}")
    assert dossier.state == State.RECEIVED
    html = client.get(response["Location"]).content.decode()
    assert dossier.code in html and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    # The connection dropped and the browser resubmits: the same dossier, nothing new.
    again = client.post(reverse("dossiers:intake"), {**data, **checklist_post()})
    assert again["Location"] == response["Location"]
    assert Dossier.objects.filter(idempotency_key__endswith=f":{key}").count() == 1


def test_intake_rejects_a_bad_personal_id_and_writes_nothing(client, people):
    client.force_login(people["clerk"])
    before = Dossier.objects.count()
    response = client.post(reverse("dossiers:intake"), {
        "idempotency_key": "k1", "procedure": "1.001193", "id_number": "12345", "name": "A",
    })  # fmt: skip
    assert response.status_code == 200
    assert "12 chữ số" in response.content.decode()
    assert Dossier.objects.count() == before


def test_intake_from_the_chip_card_qr(client, people):
    client.force_login(people["clerk"])
    qr = "001303004567|123456789|Nguyễn Thị Bình|15032003|Nữ|Phường Ba Đình, Hà Nội|01022021"
    response = client.post(
        reverse("dossiers:intake"),
        {"idempotency_key": "k2", "procedure": "1.001193", "qr": qr, **checklist_post()},
    )
    assert response.status_code == 302
    d = Dossier.objects.get(idempotency_key__endswith=":k2")
    assert d.applicant_name == "Nguyễn Thị Bình" and d.registry_used


def test_queue_shows_counts_and_only_allowed_actions(client, people):
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    client.force_login(people["specialist"])
    html = client.get(reverse("dossiers:queue")).content.decode()
    assert d.code in html
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'data-action="start_processing"' in page
    assert 'data-action="return_result"' not in page and 'data-action="receive"' not in page


def test_action_from_the_dossier_page(client, people):
    d = act(submit(people["clerk"]), "receive", people["clerk"])
    client.force_login(people["specialist"])
    client.post(
        reverse("dossiers:detail", args=[d.pk]), {"name": "start_processing", "version": d.version}
    )
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS
    # A stale form (old version) is refused with a message and changes nothing.
    response = client.post(
        reverse("dossiers:detail", args=[d.pk]), {"name": "consult", "version": 0}, follow=True
    )
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS
    assert "người khác cập nhật" in response.content.decode()


def test_counter_intake_refuses_missing_required_papers_and_files_nothing(client, people):
    client.force_login(people["clerk"])
    before = Dossier.objects.count()
    data = {"idempotency_key": "k9", "procedure": "1.001193", "name": "Nguyễn Văn An"}
    response = client.post(reverse("dossiers:intake"), data)
    assert response.status_code == 200 and Dossier.objects.count() == before
    assert "giấy tờ bắt buộc" in response.content.decode()


def test_counter_intake_records_a_scanned_paper_with_the_dossier(
    client, people, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.attachments.models import DossierComponent
    from motcua.attachments.tests.factories import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["clerk"])
    post = checklist_post()
    key = next(k for k in post)
    post[key] = "scanned_at_desk"
    pdf = SimpleUploadedFile("to-khai.pdf", pdf_bytes(), content_type="application/pdf")
    data = {"idempotency_key": "k10", "procedure": "1.001193", "name": "Nguyễn Văn An",
            **post, key.replace("how_", "file_"): pdf}  # fmt: skip
    response = client.post(reverse("dossiers:intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(idempotency_key__endswith=":k10")
    scanned = DossierComponent.objects.get(dossier=dossier, how="scanned_at_desk")
    assert scanned.original_name == "to-khai.pdf" and (tmp_path / scanned.file.name).exists()
    assert dossier.state == State.RECEIVED


def test_the_dossier_page_lists_the_received_papers_with_download_links(
    client, people, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.attachments.models import DossierComponent
    from motcua.attachments.tests.factories import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["clerk"])
    post = checklist_post()
    key = next(iter(post))
    post[key] = "scanned_at_desk"
    post[key.replace("how_", "file_")] = SimpleUploadedFile(
        "to-khai.pdf", pdf_bytes(), content_type="application/pdf"
    )
    data = {"idempotency_key": "k11", "procedure": "1.001193", "name": "Nguyễn Văn An", **post}
    response = client.post(reverse("dossiers:intake"), data)
    dossier = Dossier.objects.get(idempotency_key__endswith=":k11")
    scanned = DossierComponent.objects.get(dossier=dossier, how="scanned_at_desk")
    client.force_login(people["specialist"])
    html = client.get(response["Location"].removesuffix("receipt/")).content.decode()
    assert reverse("attachments:download", kwargs={"pk": scanned.pk}) in html
    assert "to-khai.pdf" in html
