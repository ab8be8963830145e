"""Shared test fixtures.

The real reference data (34 provinces, 3,321 communes, the pre-merger map, the full
catalogue and the registry) is imported once per test session into the test database;
each test runs in a transaction that is rolled back, so the data stays as imported.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("import_units", no_progress=True, verbosity=0)
        call_command("import_catalogue", no_progress=True, verbosity=0)
        call_command("import_authority", no_progress=True, verbosity=0)


@pytest.fixture
def data_dir():
    return settings.MOTCUA_DATA_DIR


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Vietnamese: a request in another language leaves it active in
    the thread, and reverse() would then build /en/… URLs."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
