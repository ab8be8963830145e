"""Dossiers at known points of their clock, walked through the real dossier services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.core.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import act, province_procedure, submit


def local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def received(people: dict[str, User], at: dt.datetime) -> Dossier:
    """A commune dossier (3 working days) received at ``at``, being processed."""
    d = act(submit(people["clerk"], at=at), "receive", people["clerk"], at=at)
    return act(d, "start_processing", people["specialist"], at=at + dt.timedelta(hours=1))


def extended(people: dict[str, User], d: Dossier, at: dt.datetime, days: int = 2) -> Dossier:
    """The leader apologises and extends (Mẫu 04)."""
    return act(d, "extend", people["leader"], at=at, reason="Cần xác minh thêm",
               payload={"days": days})  # fmt: skip


def paused(people: dict[str, User], d: Dossier, at: dt.datetime) -> Dossier:
    return act(d, "request_supplement", people["specialist"], at=at, reason="Thiếu giấy tờ")


def decided(people: dict[str, User], d: Dossier, at: dt.datetime) -> Dossier:
    return act(d, "issue_result", people["leader"], at=at)


def at_province(people: dict[str, User], at: dt.datetime) -> Dossier:
    """A provincial dossier received at the commune desk and accepted by the department."""
    d = submit(people["clerk"], code=province_procedure().code, at=at)
    d = act(d, "receive", people["clerk"], at=at)
    d = act(d, "transfer", people["clerk"], at=at + dt.timedelta(hours=1))
    return act(d, "accept", people["province_specialist"], at=at + dt.timedelta(hours=2))
