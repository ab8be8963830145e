import pytest

from motcua.catalog.constants import OnlineLevel, ValueSource
from motcua.catalog.models import Procedure
from motcua.core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_admin_lists_and_opens_procedures_in_vietnamese(admin_client):
    listing = admin_client.get("/vi/admin/catalog/procedure/?q=khai+sinh")
    assert listing.status_code == 200 and "1.001193" in listing.content.decode()
    p = Procedure.objects.get(code="1.001193")
    page = admin_client.get(f"/vi/admin/catalog/procedure/{p.pk}/change/").content.decode()
    assert "Lưu" in page  # Django's admin in Vietnamese


def test_admin_sets_the_online_level_and_cannot_rewrite_published_content(admin_client):
    p = Procedure.objects.get(code="1.001193")
    url = f"/vi/admin/catalog/procedure/{p.pk}/change/"
    response = admin_client.post(url, {
        "online_filing_offered": "true", "online_level": OnlineLevel.PARTIAL,
        "needs_review": "", "effective_to": "", "name": "Đổi tên trái phép",
        "components-TOTAL_FORMS": "0", "components-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    p.refresh_from_db()
    assert p.online_level == OnlineLevel.PARTIAL and p.online_level_source == ValueSource.ADMIN
    assert p.name == "Thủ tục đăng ký khai sinh"
