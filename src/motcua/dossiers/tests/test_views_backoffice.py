import pytest
from django.urls import reverse

from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import act, setup_hanoi, submit

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
    response = client.post(reverse("dossiers:intake"), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get(idempotency_key__endswith=f":{key}")
    assert dossier.state == State.RECEIVED
    html = client.get(response["Location"]).content.decode()
    assert dossier.code in html and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    # The connection dropped and the browser resubmits: the same dossier, nothing new.
    again = client.post(reverse("dossiers:intake"), data)
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
        reverse("dossiers:intake"), {"idempotency_key": "k2", "procedure": "1.001193", "qr": qr}
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
