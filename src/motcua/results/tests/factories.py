"""Dossiers that reached a result, through the real services."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_submit
from motcua.dossiers.tests.factories import COMMUNE, COMMUNE_PROCEDURE, act
from motcua.org.models import AdministrativeUnit

AN = "001203004567"
BICH = "001303009876"


def filed(actor: Any, *, id_number: str = AN, name: str = "Nguyễn Văn An",
          channel: str = Channel.ONLINE, code: str = COMMUNE_PROCEDURE) -> Dossier:  # fmt: skip
    return dossier_submit(
        procedure=Procedure.objects.get(code=code), channel=channel,
        receiving_unit=AdministrativeUnit.objects.get(code=COMMUNE),
        applicant=Applicant(name=name, id_number=id_number), actor=actor,
    )  # fmt: skip


def processed(people: dict, dossier: Dossier) -> Dossier:
    """Received and processed, ready for ``issue_result``."""
    d = act(dossier, "receive", people["clerk"])
    return act(d, "start_processing", people["specialist"])


def finished(people: dict, dossier: Dossier) -> Dossier:
    return act(processed(people, dossier), "issue_result", people["leader"])


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def stored(holder_id_number: str, *codes: str) -> list:
    """Documents in a person's data store without a result behind them (for tests that only
    need a valid ``store_ref``)."""
    from motcua.results.models import StoredDocument

    return StoredDocument.objects.bulk_create(
        StoredDocument(
            holder_id_number=holder_id_number, code=code, title=code, file="", sha256="0" * 64
        )
        for code in codes
    )
