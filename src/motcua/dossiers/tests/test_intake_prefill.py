import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import checklist_post, setup_hanoi
from motcua.population.adapters import PopulationRegistry, RegistryUnavailable
from motcua.population.simulator import SimulatedRegistry

pytestmark = pytest.mark.django_db


class DownRegistry(PopulationRegistry):
    def lookup(self, id_number):
        raise RegistryUnavailable("CSDL quốc gia về dân cư không trả lời được (timed out).")


@pytest.fixture
def clerk(client):
    people = setup_hanoi()
    client.force_login(people["clerk"])
    return people["clerk"]


def _lookup(client, id_number, key="pf1"):
    return client.post(reverse("dossiers:intake"), {
        "idempotency_key": key, "procedure": "1.001193", "id_number": id_number,
        "phone": "0912345678", "lookup": "1",
    })  # fmt: skip


def test_lookup_prefills_the_form_and_submit_records_registry_use(client, clerk):
    person = SimulatedRegistry().person(123)
    response = _lookup(client, person.id_number)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lấy thông tin từ CSDL quốc gia về dân cư (mô phỏng)" in html
    assert "MÔ PHỎNG" in html
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["name"] == person.full_name and person.full_name in html
    assert form.initial["idempotency_key"] == "pf1" and form.initial["phone"] == "0912345678"
    assert form.initial["registry_id"] == person.id_number
    assert Dossier.objects.filter(idempotency_key__endswith=":pf1").count() == 0

    data = {k: v for k, v in form.initial.items() if v is not None}
    response = client.post(reverse("dossiers:intake"), {**data, **checklist_post()})
    assert response.status_code == 302
    d = Dossier.objects.get(idempotency_key__endswith=":pf1")
    assert d.applicant_name == person.full_name and d.registry_used


def test_a_name_changed_after_lookup_is_not_registry_data(client, clerk):
    person = SimulatedRegistry().person(321)
    form = _lookup(client, person.id_number, key="pf2").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["name"] = "Tên Gõ Tay Khác"
    assert client.post(reverse("dossiers:intake"), {**data, **checklist_post()}).status_code == 302
    d = Dossier.objects.get(idempotency_key__endswith=":pf2")
    assert d.applicant_name == "Tên Gõ Tay Khác" and not d.registry_used


def test_a_forged_registry_id_without_lookup_is_not_trusted(client, clerk):
    response = client.post(reverse("dossiers:intake"), {
        "idempotency_key": "pf3", "procedure": "1.001193", "id_number": "001203004567",
        "name": "Nguyễn Văn An", "registry_id": "001203004567", **checklist_post(),
    })  # fmt: skip
    assert response.status_code == 302
    assert not Dossier.objects.get(idempotency_key__endswith=":pf3").registry_used


def test_lookup_of_an_unknown_id_says_not_found(client, clerk):
    sim = SimulatedRegistry()
    missing = next(f"001203{n:06d}" for n in range(10**6) if sim.lookup(f"001203{n:06d}") is None)
    html = _lookup(client, missing).content.decode()
    assert "Không tìm thấy" in html and "bằng tay" in html


def test_lookup_of_an_invalid_id_shows_the_rule(client, clerk):
    html = _lookup(client, "12345").content.decode()
    assert "12 chữ số" in html


def test_registry_down_leaves_the_form_usable_by_hand(client, clerk, settings):
    settings.MOTCUA_POPULATION_REGISTRY = f"{__name__}.DownRegistry"
    response = _lookup(client, "001203004567", key="pf4")
    html = response.content.decode()
    assert "không trả lời được" in html and "bằng tay" in html
    assert "MÔ PHỎNG" not in html
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data["name"] = "Nguyễn Văn An"
    assert client.post(reverse("dossiers:intake"), {**data, **checklist_post()}).status_code == 302
    assert not Dossier.objects.get(idempotency_key__endswith=":pf4").registry_used
