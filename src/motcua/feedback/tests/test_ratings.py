import pytest
from django.urls import reverse

from motcua.core.errors import InvalidInput, NotFound
from motcua.core.models import User
from motcua.dossiers.constants import Channel, State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import setup_hanoi, submit
from motcua.feedback.constants import AttemptKind, Satisfaction
from motcua.feedback.models import Rating, RefusedAttempt
from motcua.feedback.selectors import rating_counts
from motcua.feedback.services import rating_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished():
    users = setup_hanoi()
    citizen = User.objects.create_user("citizen")
    dossier = submit(users["clerk"], channel=Channel.ONLINE, citizen=citizen)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.RETURNED)
    dossier.refresh_from_db()
    return dossier, citizen, users


def test_the_applicant_rates_once(finished):
    dossier, citizen, _users = finished
    rating = rating_submit(dossier_id=dossier.pk, user=citizen, level=Satisfaction.SATISFIED,
                           comment="Nhanh")  # fmt: skip
    assert rating.unit_id == dossier.competent_unit_id
    with pytest.raises(InvalidInput, match="đã được đánh giá"):
        rating_submit(dossier_id=dossier.pk, user=citizen, level=Satisfaction.DISSATISFIED)
    assert Rating.objects.get().level == Satisfaction.SATISFIED
    assert rating_counts([dossier.competent_unit_id]) == {
        "total": 1, "very_satisfied": 0, "satisfied": 1, "dissatisfied": 0,
    }  # fmt: skip


def test_someone_else_is_refused_and_recorded(finished):
    dossier, _citizen, users = finished
    for user in (users["clerk"], User.objects.create_user("other")):
        with pytest.raises(NotFound):
            rating_submit(dossier_id=dossier.pk, user=user, level=Satisfaction.VERY_SATISFIED)
    assert not Rating.objects.exists()
    attempts = RefusedAttempt.objects.filter(kind=AttemptKind.RATING)
    assert attempts.count() == 2
    assert set(attempts.values_list("reason", flat=True)) == {"không phải người nộp hồ sơ"}
    assert attempts.first().target == f"dossier:{dossier.pk}"


def test_unfinished_dossier_and_bad_level(finished):
    dossier, citizen, _users = finished
    with pytest.raises(InvalidInput):
        rating_submit(dossier_id=dossier.pk, user=citizen, level="great")
    Dossier.objects.filter(pk=dossier.pk).update(state=State.IN_PROCESS)
    with pytest.raises(InvalidInput, match="chưa giải quyết xong"):
        rating_submit(dossier_id=dossier.pk, user=citizen, level=Satisfaction.SATISFIED)
    assert not Rating.objects.exists()


def test_rating_through_the_portal_page(client, finished):
    dossier, citizen, users = finished
    client.force_login(citizen)
    page = client.get(reverse("portal:my_detail", args=[dossier.pk])).content.decode()
    assert reverse("feedback:rate", args=[dossier.pk]) in page
    done = client.post(reverse("feedback:rate", args=[dossier.pk]), {"level": "very_satisfied"})
    assert done.url == reverse("portal:my_detail", args=[dossier.pk])
    page = client.get(done.url).content.decode()
    assert 'data-rating="very_satisfied"' in page and "Rất hài lòng" in page
    # Staff see it on the back-office page; an outsider's POST is a 404 and recorded.
    client.force_login(users["clerk"])
    staff_page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert 'data-rating="very_satisfied"' in staff_page
    client.force_login(User.objects.create_user("intruder"))
    assert client.post(reverse("feedback:rate", args=[dossier.pk]),
                       {"level": "dissatisfied"}).status_code == 404  # fmt: skip
    assert RefusedAttempt.objects.filter(user__username="intruder").exists()
    assert Rating.objects.get().level == "very_satisfied"
