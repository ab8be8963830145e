"""A decided dossier's result is signed with its agency's certificate and verifies."""

import io

import pytest

from motcua.dossiers.tests.factories import act
from motcua.org.models import Agency
from motcua.results import services
from motcua.results.models import Result
from motcua.results.tests.factories import filed, finished, processed
from motcua.signing.services import demo_pki_ensure, verify_dossier_code
from motcua.signing.tests.test_independent import PDFSIG, pdfsig
from motcua.signing.verify import verify_pdf


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


def _reasons(data: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    return [str(s.sig_object.get("/Reason", "")) for s in reader.embedded_signatures]


def _drafted_and_issued(people: dict, dossier) -> Result:
    d = act(processed(people, dossier), "submit_for_approval", people["specialist"])
    act(d, "issue_result", people["leader"])
    return Result.objects.get(dossier=dossier)


@pytest.mark.auto_result
def test_specialist_drafts_leader_approves_agency_seals_in_that_order(
    people, citizen, pki, tmp_path
):
    dossier = filed(citizen)
    demo_pki_ensure(
        agencies=Agency.objects.filter(unit_id=dossier.competent_unit_id),
        users=[people["specialist"], people["leader"]],
    )
    result = _drafted_and_issued(people, dossier)
    with result.file.open("rb") as handle:
        data = handle.read()

    report = verify_pdf(data)
    assert report.verdict == "valid"
    assert [s.verdict for s in report.signatures] == ["valid"] * 3
    drafter, leader, agency = report.signatures
    assert (drafter.signer, leader.signer) == (str(people["specialist"]), str(people["leader"]))
    assert [s.holder_kind for s in report.signatures] == ["person", "person", "agency"]
    assert Agency.objects.filter(unit_id=dossier.competent_unit_id, name=agency.organisation)
    assert _reasons(data) == [
        "Dự thảo kết quả", "Phê duyệt kết quả", "Kết quả giải quyết thủ tục hành chính"
    ]  # fmt: skip

    if PDFSIG is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    theirs = pdfsig(tmp_path, data, "ket-qua.pdf")
    assert [s["Signature Validation"] for s in theirs] == ["Signature is Valid."] * 3


@pytest.mark.auto_result
def test_a_drafter_without_a_certificate_is_skipped(people, citizen, pki):
    dossier = filed(citizen)
    demo_pki_ensure(
        agencies=Agency.objects.filter(unit_id=dossier.competent_unit_id),
        users=[people["leader"]],
    )
    result = _drafted_and_issued(people, dossier)
    with result.file.open("rb") as handle:
        report = verify_pdf(handle.read())
    assert [s.holder_kind for s in report.signatures] == ["person", "agency"]
    assert report.signatures[0].signer == str(people["leader"])


def test_the_drafter_is_the_latest_submitter_in_one_query(
    people, citizen, django_assert_num_queries
):
    d = act(processed(people, filed(citizen)), "submit_for_approval", people["specialist"])
    with django_assert_num_queries(1):
        assert services._drafter_id(d.pk) == people["specialist"].pk
