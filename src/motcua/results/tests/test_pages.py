import pytest
from django.urls import reverse

from motcua.dossiers.tests.factories import staff
from motcua.org.constants import Role
from motcua.results.services import on_event
from motcua.results.tests.factories import filed, finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(people, citizen):
    d = finished(people, filed(citizen))
    return d, on_event(d, d.events.get(kind="issue_result"))


def test_the_staff_dossier_page_lists_the_result_with_its_download(client, people, issued):
    d, result = issued
    client.force_login(people["clerk"])
    html = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    link = reverse("results:download", args=[result.pk])
    assert 'data-result="1"' in html and link in html and f"{d.code}-KQ(1)" in html
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == open(result.file.path, "rb").read()
    assert "KQ1.pdf" in response["Content-Disposition"]


def test_the_citizen_page_lists_the_result(client, citizen, issued):
    d, result = issued
    client.force_login(citizen)
    html = client.get(reverse("portal:my_detail", args=[d.pk])).content.decode()
    assert reverse("results:download", args=[result.pk]) in html
    assert client.get(reverse("results:download", args=[result.pk])).status_code == 200


def test_others_get_404(client, other_citizen, issued):
    _d, result = issued
    outsider = staff("hcm_clerk", Role.CLERK, "79")  # another province's unit
    for user in (other_citizen, outsider):
        client.force_login(user)
        assert client.get(reverse("results:download", args=[result.pk])).status_code == 404
        assert (
            client.get(reverse("results:stored_download", args=[result.stored.pk])).status_code
            == 404
        )


def test_downloads_need_a_login(client, issued):
    _d, result = issued
    response = client.get(reverse("results:download", args=[result.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_my_store_page_lists_only_my_documents(client, people, citizen, other_citizen, issued):
    d, result = issued
    url = reverse("results:store")
    assert url == "/vi/results/store/"
    client.force_login(citizen)
    response = client.get(url)
    html = response.content.decode()
    assert f'data-stored="{d.code}-KQ(1)"' in html and "Kho dữ liệu của tôi" in html
    assert (
        client.get(reverse("results:stored_download", args=[result.stored.pk])).status_code == 200
    )
    client.force_login(other_citizen)
    html = client.get(url).content.decode()
    assert d.code not in html and "chưa nộp hồ sơ nào" in html
    client.logout()
    assert client.get(url).status_code == 302
