import pytest
from django.db import IntegrityError, transaction

from motcua.core.errors import NotFound
from motcua.dossiers.constants import Channel
from motcua.results.models import StoredDocument
from motcua.results.selectors import holder_ids_for_user, store_choices, store_for, store_get
from motcua.results.services import on_event, result_issue
from motcua.results.tests.factories import AN, BICH, filed, finished

pytestmark = pytest.mark.django_db


def _issued(people, actor, **kwargs):
    d = finished(people, filed(actor, **kwargs))
    return d, on_event(d, d.events.get(kind="issue_result"))


def test_an_electronic_result_is_filed_in_its_holder_store(people, citizen):
    d, result = _issued(people, citizen)
    doc = store_get(f"{d.code}-KQ(1)", AN)
    assert (doc.result, doc.source_dossier, doc.file, doc.sha256, doc.title) == (
        result, d, result.file.name, result.sha256, result.title,
    )  # fmt: skip
    second = result_issue(dossier=d, actor=people["leader"], title="Bản thứ hai")
    assert second.stored.code == f"{d.code}-KQ(2)"
    assert list(store_for(AN)) == [second.stored, doc]


def test_no_store_without_a_personal_id(people):
    _d, result = _issued(people, people["clerk"], id_number="", channel=Channel.COUNTER)
    assert result.electronic and not StoredDocument.objects.exists()


def test_store_get_refuses_another_holder_and_unknown_codes(people, citizen):
    d, _result = _issued(people, citizen)
    code = f"{d.code}-KQ(1)"
    for c, holder in [(code, BICH), (code, ""), (f"{d.code}-KQ(2)", AN), ("", AN)]:
        with pytest.raises(NotFound, match="kho dữ liệu của người nộp"):
            store_get(c, holder)
    assert store_get(f"  {code} ", AN).code == code


def test_codes_are_unique(people, citizen):
    d, _result = _issued(people, citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        StoredDocument.objects.create(holder_id_number=BICH, code=f"{d.code}-KQ(1)", title="x",
                                      file="x", sha256="0" * 64)  # fmt: skip


def test_store_choices_and_holder_ids(people, citizen, other_citizen):
    d1, _ = _issued(people, citizen)
    d2, _ = _issued(people, other_citizen, id_number=BICH, name="Trần Thị Bích")
    assert holder_ids_for_user(citizen) == [AN] and holder_ids_for_user(other_citizen) == [BICH]
    assert [c for c, _label in store_choices([AN])] == [f"{d1.code}-KQ(1)"]
    assert [c for c, _label in store_choices([AN, BICH, ""])] == [
        f"{d2.code}-KQ(1)", f"{d1.code}-KQ(1)",
    ]  # fmt: skip
    assert store_choices([]) == []


@pytest.mark.auto_result
def test_issue_result_files_the_result_in_the_holder_store_by_itself(people, citizen):
    from motcua.results.models import Result

    dossier = finished(people, filed(citizen))
    result = Result.objects.get(dossier=dossier)
    assert result.n == 1 and result.electronic and result.file
    stored = StoredDocument.objects.get(result=result)
    assert stored.code == f"{dossier.code}-KQ(1)"
    assert stored.holder_id_number == dossier.applicant_id_number
