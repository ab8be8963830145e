import pytest

from motcua.attachments.constants import How
from motcua.attachments.services import Entry, components_record
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE_PROCEDURE
from motcua.results import services
from motcua.results.selectors import digitisation_counts
from motcua.results.services import result_issue
from motcua.results.tests.factories import filed, finished

pytestmark = pytest.mark.django_db


def test_counts_by_how_and_results_in_two_queries(people, citizen, monkeypatch,
                                                  django_assert_num_queries):  # fmt: skip
    first, second = (finished(people, filed(citizen)) for _ in range(2))
    leader = people["leader"]
    result_issue(dossier=first, actor=leader)
    result_issue(dossier=first, actor=leader, electronic=False, title="Bản giấy")
    monkeypatch.setattr(services, "SIGNER", lambda r, data: data)
    result_issue(dossier=second, actor=leader)
    c1, c2 = Procedure.objects.get(code=COMMUNE_PROCEDURE).components.order_by("position")[:2]
    code = first.results.get(n=1).stored.code
    components_record(dossier=second, actor=people["clerk"], channel=Channel.COUNTER,
                      entries=[Entry(c1, How.FROM_STORE, store_ref=code),
                               Entry(c2, How.SHOWN_ONLY)])  # fmt: skip
    expected = {
        "components": {How.FROM_STORE: 1, How.SHOWN_ONLY: 1},
        "results": {"total": 3, "electronic": 2, "signed": 1},
    }
    with django_assert_num_queries(2):
        assert digitisation_counts(Dossier.objects.filter(pk__in=[first.pk, second.pk])) == expected
    with django_assert_num_queries(2):
        assert digitisation_counts([first.pk, second.pk]) == expected
    assert digitisation_counts([first.pk])["results"] == {"total": 2, "electronic": 1,
                                                          "signed": 0}  # fmt: skip
    assert digitisation_counts([]) == {
        "components": {},
        "results": {"total": 0, "electronic": 0, "signed": 0},
    }
