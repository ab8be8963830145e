"""Reads for administrative units, agencies and memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models import Count, Q, QuerySet

from motcua.core.text import fold
from motcua.org.constants import REFORM_DATE, Level
from motcua.org.models import AdministrativeUnit, FormerUnit, Membership, UnitVersion


def unit_list(
    *, level: str | None = None, province: str | None = None, q: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """Units of the current map. ``province`` is any province code ``unit_resolve``
    accepts: a pre-merger code (02 Hà Giang) lists the communes of its successor(s)."""
    qs = AdministrativeUnit.objects.all()
    if level:
        qs = qs.filter(level=level)
    if province:
        qs = qs.filter(parent_id__in=province_codes(province))
    if q:
        key = fold(q).strip()
        match = Q(search_key__contains=key) | Q(code=q) | Q(gso_1027_code=q)
        if q.strip().isdigit():  # a pre-merger code finds its successors
            match |= Q(predecessors__former__code=q.strip())
        qs = qs.filter(match).distinct()
    return qs.order_by("code")


def province_codes(code: str) -> list[str]:
    """The current province code(s) a province code means: itself, or every successor of a
    pre-merger province. Empty for an unknown code or a commune code."""
    resolution = unit_resolve(code)
    units = [resolution.unit] if resolution.unit is not None else resolution.successors
    return [u.code for u in units if u.level == Level.PROVINCE]


def province_list() -> QuerySet[AdministrativeUnit]:
    """The 34 provinces with ``commune_count``."""
    return (
        AdministrativeUnit.objects.filter(level=Level.PROVINCE)
        .annotate(commune_count=Count("children"))
        .order_by("code")
    )


def unit_counts_as_of(on: dt.date) -> dict[str, int]:
    """Count units by kind on a date, from their dated versions."""
    rows = (
        UnitVersion.objects.filter(UnitVersion.in_force(on)).values("kind").annotate(n=Count("id"))
    )
    return {row["kind"]: row["n"] for row in rows}


@dataclass
class Resolution:
    """What a unit code means: a current unit, or a former unit and its successors.

    With ``as_of``, ``unit`` and ``successors`` carry the kind and names in force on that
    date (from ``UnitVersion``); they are read-only views, never to be saved.
    """

    code: str
    unit: AdministrativeUnit | None = None
    former: list[FormerUnit] = field(default_factory=list)
    successors: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.unit is not None or bool(self.former)


def unit_resolve(code: str, *, as_of: dt.date | None = None) -> Resolution:
    """Resolve a unit code accepted anywhere: a current code, a GSO 1027 code, or a
    pre-merger code (answered with its successors). Before 1/7/2025 (``as_of``) the former
    map wins, since former codes were reused for other places. This is the one place that
    interprets unit codes."""
    code = code.strip()
    result = Resolution(code=code)
    if as_of is None or as_of >= REFORM_DATE:
        result.unit = (
            AdministrativeUnit.objects.select_related("parent")
            .filter(Q(code=code) | Q(gso_1027_code=code))
            .order_by("-code")
            .first()
        )
        if result.unit is not None:
            _as_of([result.unit], as_of)
            return result
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    result.former = list(FormerUnit.objects.filter(level=level, code=code))
    if result.former:
        result.successors = list(
            AdministrativeUnit.objects.select_related("parent")
            .filter(predecessors__former__in=result.former)
            .distinct()
            .order_by("code")
        )
        _as_of(result.successors, as_of)
    return result


def _as_of(units: list[AdministrativeUnit], on: dt.date | None) -> None:
    """Give ``units`` (in memory) the kind and names of their versions in force on ``on``."""
    if on is None or not units:
        return
    versions = {
        v.unit_id: v
        for v in UnitVersion.objects.filter(
            UnitVersion.in_force(on), unit__in=[u.code for u in units]
        )
    }
    for unit in units:
        version = versions.get(unit.code)
        if version is not None:
            unit.kind, unit.name, unit.full_name = version.kind, version.name, version.full_name


def unit_codes_for(user: Any, role: str | None = None, *, on: dt.date | None = None) -> set[str]:
    """The codes of every unit ``user`` may act for (in ``role`` if given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    on = on or dt.date.today()
    memberships = Membership.objects.filter(user=user, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if role:
        memberships = memberships.filter(role=role)
    codes: set[str] = set()
    provinces_with_communes: list[str] = []
    for unit_id, includes in memberships.values_list("unit_id", "includes_communes"):
        codes.add(unit_id)
        if includes:
            provinces_with_communes.append(unit_id)
    if provinces_with_communes:
        codes.update(
            AdministrativeUnit.objects.filter(parent_id__in=provinces_with_communes).values_list(
                "code", flat=True
            )
        )
    return codes


def user_can_act_for(
    user: Any, unit: AdministrativeUnit | str, role: str | Iterable[str] | None = None
) -> bool:
    """Whether ``user`` may act (in ``role``, or one of several roles) for ``unit``: only
    through a membership of that unit, or of its province when it includes the communes.
    One indexed EXISTS query, written out because every transition asks it."""
    if not getattr(user, "is_authenticated", False):
        return False
    code = unit if isinstance(unit, str) else unit.code
    roles = [] if not role else [role] if isinstance(role, str) else list(role)
    connection = connections[router.db_for_read(Membership)]
    qn = connection.ops.quote_name
    membership, units = qn(Membership._meta.db_table), qn(AdministrativeUnit._meta.db_table)
    role_filter = f" AND m.{qn('role')} IN ({', '.join(['%s'] * len(roles))})" if roles else ""
    today = connection.ops.adapt_datefield_value(dt.date.today())
    sql = (
        f"SELECT 1 FROM {membership} m WHERE m.{qn('user_id')} = %s"
        f" AND m.{qn('valid_from')} <= %s"
        f" AND (m.{qn('valid_to')} IS NULL OR m.{qn('valid_to')} >= %s){role_filter}"
        f" AND (m.{qn('unit_id')} = %s OR (m.{qn('includes_communes')} AND m.{qn('unit_id')} ="
        f" (SELECT u.{qn('parent_id')} FROM {units} u WHERE u.{qn('code')} = %s)))"
        " LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, today, today, *roles, code, code])
        return cursor.fetchone() is not None
