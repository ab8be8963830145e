"""A citizen's dossier of a procedure whose fee the test chooses."""

from __future__ import annotations

from typing import Any

from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE_PROCEDURE, setup_hanoi, submit


def set_fee(code: str, amount: int | None, *, exempt: bool = False, text: str = "") -> Procedure:
    """Give every channel of procedure ``code`` one fee line (the catalogue's JSON shape)."""
    line = {"amount": amount, "exempt": exempt, "description": text or f"{amount} VNĐ"}
    procedure = Procedure.objects.get(code=code)
    procedure.submission_methods = [
        {"channel": ch, "time_limit": None, "fees": [{**line, "channel": ch}]}
        for ch in ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
    ]
    procedure.fees = [{**line, "channel": "Trực tiếp"}]
    procedure.save(update_fields=["submission_methods", "fees"])
    return procedure


def citizen_dossier(amount: int | None = 50_000, **kwargs: Any) -> tuple[Dossier, dict[str, User]]:
    users = setup_hanoi()
    users["citizen"] = User.objects.create_user("citizen", password="pw")
    set_fee(COMMUNE_PROCEDURE, amount, exempt=amount == 0)
    dossier = submit(users["clerk"], channel=kwargs.pop("channel", Channel.ONLINE),
                     citizen=users["citizen"], **kwargs)  # fmt: skip
    return dossier, users
