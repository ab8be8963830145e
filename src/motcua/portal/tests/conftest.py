import pytest
from django.core.cache import cache

from motcua.core.models import User
from motcua.dossiers.tests.factories import setup_hanoi


@pytest.fixture
def people(db):
    return setup_hanoi()


@pytest.fixture
def citizen(db):
    return User.objects.create_user("congdan", full_name="Nguyễn Văn An")


@pytest.fixture
def other_citizen(db):
    return User.objects.create_user("congdan2")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
