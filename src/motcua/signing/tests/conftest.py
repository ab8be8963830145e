from __future__ import annotations

import pytest

from motcua.signing import keystore, services
from motcua.signing.samples import sample_pdf


@pytest.fixture(autouse=True)
def pki_dir(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_TSA_URL = ""
    settings.MOTCUA_TRUST_ROOTS = []
    keystore._load.cache_clear()
    return settings.MOTCUA_PKI_DIR


@pytest.fixture
def agency(db):
    from motcua.org.models import Agency

    return Agency.objects.create(name="Ủy ban nhân dân xã Minh Họa", kind="commune_committee")


@pytest.fixture
def pki(db, agency, django_user_model):
    user = django_user_model.objects.create(username="truongphong", full_name="Trần Thị Lãnh Đạo")
    rows = services.demo_pki_ensure(agencies=[agency], users=[user])
    return {"root": rows["demo-root"], "tsa": rows["demo-tsa"],
            "agency": rows[f"agency-{agency.pk}"], "person": rows[f"user-{user.pk}"]}  # fmt: skip


@pytest.fixture(scope="session")
def pdf() -> bytes:
    return sample_pdf(1)
