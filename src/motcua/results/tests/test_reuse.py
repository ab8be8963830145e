"""The walk of issue #5: a result filed in the citizen's store is reused in a second dossier."""

import pytest
from django.urls import reverse

from motcua.attachments.constants import How
from motcua.attachments.forms import ChecklistForm
from motcua.attachments.models import DossierComponent
from motcua.attachments.services import Entry, components_record
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE, COMMUNE_PROCEDURE, checklist_post
from motcua.results.services import on_event
from motcua.results.tests.factories import AN, BICH, filed, finished

pytestmark = pytest.mark.django_db

URL = reverse("portal:file", args=[COMMUNE_PROCEDURE])


def _file_online(client, id_number=AN, name="Nguyễn Văn An", **over):
    key = client.get(URL, {"province": "01"}).context["form"].initial["idempotency_key"]
    data = {
        "idempotency_key": key, "province": "01", "commune": COMMUNE, "name": name,
        "id_number": id_number, "birth_date": "15/03/2003", "address": "Phường Ba Đình",
        "phone": "0912 345 678", "email": "an@example.vn",
        **checklist_post(COMMUNE_PROCEDURE, channel="online"), **over,
    }  # fmt: skip
    return client.post(URL, data)


def _first_required_key():
    form = ChecklistForm(Procedure.objects.get(code=COMMUNE_PROCEDURE), channel=Channel.ONLINE)
    return next(i.key for i in form.items if i.required and not i.is_note)


def test_a_citizen_reuses_a_stored_result_in_a_second_dossier(client, people, citizen):
    client.force_login(citizen)
    # Dossier 1, filed online, received, processed, result issued.
    assert _file_online(client).status_code == 302
    first = Dossier.objects.get(citizen=citizen)
    first = finished(people, first)
    on_event(first, first.events.get(kind="issue_result"))
    code = f"{first.code}-KQ(1)"
    store = client.get(reverse("results:store"))
    assert store.status_code == 200 and code in store.content.decode()
    # Dossier 2: the first required paper taken from the store in one choice, no file.
    k = _first_required_key()
    response = _file_online(client, **{f"c-ref_{k}": code, f"c-how_{k}": "",
                                       f"c-file_{k}": ""})  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    second = Dossier.objects.filter(citizen=citizen).exclude(pk=first.pk).get()
    row = DossierComponent.objects.get(dossier=second, store_ref=code)
    assert (row.how, row.has_file, row.position) == (How.FROM_STORE, False, int(k))
    # Both dossier pages show it: the citizen downloads the reused document.
    html = client.get(reverse("portal:my_detail", args=[second.pk])).content.decode()
    stored = first.results.get().stored
    assert code in html and reverse("results:stored_download", args=[stored.pk]) in html


def test_another_citizen_cannot_use_that_code(client, people, citizen, other_citizen):
    first = finished(people, filed(citizen))
    on_event(first, first.events.get(kind="issue_result"))
    code = f"{first.code}-KQ(1)"
    client.force_login(other_citizen)
    before = Dossier.objects.count(), DossierComponent.objects.count()
    k = _first_required_key()
    response = _file_online(client, id_number=BICH, name="Trần Thị Bích",
                            **{f"c-ref_{k}": code, f"c-how_{k}": "", f"c-file_{k}": ""})  # fmt: skip
    assert response.status_code == 200
    assert "không có trong kho dữ liệu của người nộp" in str(response.context["form"].errors)
    assert (Dossier.objects.count(), DossierComponent.objects.count()) == before
    # Nor by typing the holder's code at the counter for someone else.
    third = filed(people["clerk"], id_number=BICH, channel=Channel.COUNTER)
    component = Procedure.objects.get(code=COMMUNE_PROCEDURE).components.get(position=int(k))
    with pytest.raises(InvalidInput, match="không có trong kho dữ liệu"):
        components_record(dossier=third, actor=people["clerk"], channel=Channel.COUNTER,
                          entries=[Entry(component, How.FROM_STORE, store_ref=code)])  # fmt: skip
    assert not DossierComponent.objects.filter(dossier=third).exists()


def test_the_counter_checklist_offers_the_applicant_store_as_a_select(people, citizen):
    first = finished(people, filed(citizen))
    on_event(first, first.events.get(kind="issue_result"))
    code = f"{first.code}-KQ(1)"
    procedure = Procedure.objects.get(code=COMMUNE_PROCEDURE)
    k = _first_required_key()
    form = ChecklistForm(procedure, channel=Channel.COUNTER, holder_id_numbers=[AN])
    html = str(form[f"ref_{k}"])
    assert html.startswith("<select") and f'value="{code}"' in html
    none = ChecklistForm(procedure, channel=Channel.COUNTER, holder_id_numbers=[BICH])
    assert str(none[f"ref_{k}"]).startswith("<input")
    # A code outside the given store is a field error in the form itself.
    bad = ChecklistForm(procedure, channel=Channel.COUNTER, holder_id_numbers=[BICH],
                        data={f"c-ref_{k}": code, **{key: v for key, v in
                              checklist_post(COMMUNE_PROCEDURE).items() if key != f"c-how_{k}"}})  # fmt: skip
    assert not bad.is_valid() and "kho dữ liệu của người nộp" in str(bad.errors[f"ref_{k}"])
    good = ChecklistForm(procedure, channel=Channel.COUNTER, holder_id_numbers=[AN],
                         data={f"c-ref_{k}": code, **{key: v for key, v in
                               checklist_post(COMMUNE_PROCEDURE).items() if key != f"c-how_{k}"}})  # fmt: skip
    assert good.is_valid(), good.errors
    entry = next(e for e in good.cleaned_entries() if e.store_ref)
    assert (entry.how, entry.store_ref) == (How.FROM_STORE, code)


def test_a_stored_code_of_the_applicant_is_recorded_as_reused(people):
    """The shape of the fix for tests that record a made-up store code: file it first."""
    from motcua.results.tests.factories import stored

    d = filed(people["clerk"], channel=Channel.COUNTER)
    stored(d.applicant_id_number, "H51.001-250101-0001-KQ(1)")
    component = Procedure.objects.get(code=COMMUNE_PROCEDURE).components.order_by("position")[0]
    (row,) = components_record(
        dossier=d, actor=people["clerk"], channel=Channel.ONLINE,
        entries=[Entry(component, How.FROM_STORE, store_ref=" H51.001-250101-0001-KQ(1) ")],
    )  # fmt: skip
    assert row.store_ref == "H51.001-250101-0001-KQ(1)" and not row.has_file
