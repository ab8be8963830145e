"""A decided dossier's result is signed with its agency's certificate and verifies."""

import pytest

from motcua.org.models import Agency
from motcua.results import services
from motcua.results.models import Result
from motcua.results.tests.factories import filed, finished
from motcua.signing.services import demo_pki_ensure, verify_dossier_code


@pytest.fixture
def pki(settings, tmp_path, monkeypatch):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_TSA_URL = ""
    settings.MOTCUA_TRUST_ROOTS = []
    monkeypatch.setattr(services, "SIGNER", services.agency_signer)


@pytest.mark.auto_result
def test_the_result_is_signed_by_the_unit_agency_and_verifies_by_dossier_code(people, citizen, pki):
    dossier = finished(people, filed(citizen))
    unsigned = Result.objects.get(dossier=dossier)
    assert not unsigned.signed  # no certificate yet: stored unsigned, not refused
    assert verify_dossier_code(dossier.code) is None

    demo_pki_ensure(agencies=Agency.objects.filter(unit_id=dossier.competent_unit_id))
    second = filed(citizen)
    second = finished(people, second)
    result = Result.objects.get(dossier=second)
    assert result.signed
    report = verify_dossier_code(second.code)
    assert report.verdict == "valid"
    (signature,) = report.signatures  # the leader holds no personal certificate yet
    names = set(
        Agency.objects.filter(unit_id=second.competent_unit_id).values_list("name", flat=True)
    )
    assert signature.organisation in names


@pytest.mark.auto_result
def test_the_leader_signs_in_person_and_the_agency_seals_both_verify(people, citizen, pki):
    demo_pki_ensure(
        agencies=Agency.objects.filter(unit_id=filed(citizen).competent_unit_id),
        users=[people["leader"]],
    )
    dossier = finished(people, filed(citizen))
    report = verify_dossier_code(dossier.code)
    assert report.verdict == "valid"
    person, agency = report.signatures
    assert (person.holder_kind, agency.holder_kind) == ("person", "agency")
    assert person.verdict == agency.verdict == "valid"
    assert person.signer == str(people["leader"])  # the leader's own name, not the agency
