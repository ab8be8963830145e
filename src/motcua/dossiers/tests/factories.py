"""Build dossiers through the real services, as production does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit
from motcua.org.services import membership_grant, province_provision

COMMUNE = "00004"  # Phường Ba Đình, Hà Nội
PROVINCE = "01"
COMMUNE_PROCEDURE = "1.001612"  # household business registration: commune, 3 working days


def staff(username: str, role: str, unit_code: str, **kwargs: Any) -> User:
    user, _created = User.objects.get_or_create(username=username)
    membership_grant(
        user=user, role=role, unit=AdministrativeUnit.objects.get(code=unit_code), **kwargs
    )
    return user


def setup_hanoi() -> dict[str, User]:
    province_provision(PROVINCE)
    return {
        "clerk": staff("clerk", Role.CLERK, COMMUNE),
        "specialist": staff("specialist", Role.SPECIALIST, COMMUNE),
        "leader": staff("leader", Role.LEADER, COMMUNE),
        "province_specialist": staff("dept", Role.SPECIALIST, PROVINCE),
        "province_leader": staff("dept_leader", Role.LEADER, PROVINCE),
    }


def province_procedure() -> Procedure:
    """A provincial procedure with a time limit of at least 10 working days."""
    return (
        Procedure.objects.filter(level_province=True, level_commune=False)
        .filter(time_limit_unit="working_days", time_limit_value__gte=10)
        .order_by("code")
        .first()
    )


def submit(
    clerk: User, *, code: str = COMMUNE_PROCEDURE, at: dt.datetime | None = None, **kwargs: Any
) -> Dossier:
    return dossier_submit(
        procedure=Procedure.objects.get(code=code), channel=kwargs.pop("channel", Channel.COUNTER),
        receiving_unit=AdministrativeUnit.objects.get(code=COMMUNE),
        applicant=Applicant(name="Nguyễn Văn An", id_number="001203004567"),
        actor=clerk, at=at or timezone.now(), **kwargs,
    )  # fmt: skip


def act(dossier: Dossier, name: str, actor: User, **kwargs: Any) -> Dossier:
    dossier_act(dossier_id=dossier.pk, name=name, actor=actor, **kwargs)
    return Dossier.objects.get(pk=dossier.pk)


def checklist_post(code: str = "1.001193", how: str = "", channel: str = Channel.COUNTER) -> dict:
    """The checklist of a procedure with every required component received: at the counter
    shown only (no file needed), online uploaded (a small real PDF each)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.attachments.forms import ChecklistForm
    from motcua.attachments.tests.factories import pdf_bytes

    how = how or ("shown_only" if channel == Channel.COUNTER else "uploaded_online")
    form = ChecklistForm(Procedure.objects.get(code=code), channel=channel)
    data: dict = {}
    for item in form.items:
        if item.required and not item.is_note:
            data[f"c-how_{item.key}"] = how
            if how in ("uploaded_online", "scanned_at_desk"):
                data[f"c-file_{item.key}"] = SimpleUploadedFile(
                    f"giay-{item.key}.pdf", pdf_bytes(), content_type="application/pdf"
                )
    return data
