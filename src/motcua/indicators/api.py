"""The indicators API: ``POST /api/v1/indicators/simulate`` (what-if over raw counts)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from motcua.core.errors import InvalidInput

from . import scoring, selectors

router = Router()

_COUNTS_SCHEMA = {
    "type": "object",
    "description": "Mã chỉ số (1.1 … 5.4) → số liệu; null: không chấm.",
    "additionalProperties": {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "numerator": {"type": "integer", "minimum": 0},
                    "denominator": {"type": "integer", "minimum": 0},
                },
                "required": ["numerator", "denominator"],
            },
            {"type": "null"},
        ]
    },
    "example": {"2.1": {"numerator": 144625, "denominator": 184513}},
}


@router.post(
    "/simulate",
    summary="Tính điểm chỉ số 766 từ số liệu (giả định)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _COUNTS_SCHEMA}},
        }
    },
)
def simulate(request: HttpRequest, level: str = "") -> dict[str, Any]:
    """Body: ``{"2.1": {"numerator": 144625, "denominator": 184513}, …}``. Answer:
    ``{"indicators": {"2.1": 15.68}, "groups": {"dvc-progress-tree": 15.68}, "total": 15.68,
    …}``, scores rounded to 2 decimals; ``level=commune`` gives full marks to the criteria
    that do not apply to communes."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(_("Nội dung gửi lên không phải JSON hợp lệ.")) from exc
    try:
        return scoring.simulate(data, level=level)
    except scoring.CountsError as exc:
        raise InvalidInput(str(exc)) from exc


def _card_json(card: Any) -> dict[str, Any]:
    return {
        "unit": card.key, "name": card.name, "level": card.level, "rank": card.rank,
        "received": card.received, "online": card.online,
        "online_share": card.online_share, "online_shortfall": card.online_shortfall,
        "counts": {k: (None if v is None else {"numerator": v[0], "denominator": v[1]})
                   for k, v in card.counts.items()},
        **{k: card.result[k] for k in ("indicators", "groups", "legal_groups", "total")},
    }  # fmt: skip


def _unit_or_404(code: str) -> Any:
    from motcua.core.errors import NotFound
    from motcua.org.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(code=code.strip()).first() if len(code) <= 5 else None
    if unit is None:
        raise NotFound(_("Không có đơn vị hành chính mã %(code)s.") % {"code": code[:20]})
    return unit


def _period_or_error(request: HttpRequest) -> Any:
    from .periods import period_from

    return period_from(request.GET)


@router.get("/scorecard", summary="Điểm chỉ số 766 của một đơn vị")
def scorecard(request: HttpRequest, unit: str) -> dict[str, Any]:
    """Query: ``unit`` (code), and ``week``/``month``/``quarter``/``year`` or
    ``from``/``to`` (dd/mm/yyyy), ``as_of``. The rank is among the unit's peers (the
    communes of its province, or the 34 provinces)."""
    from .views import _peers

    target = _unit_or_404(unit)
    period = _period_or_error(request)
    cards = selectors.scorecards(units=_peers(target), period=period)
    return _card_json(next(c for c in cards if c.key == target.code))


@router.get("/ranking", summary="Xếp hạng chỉ số 766")
def ranking(request: HttpRequest, province: str = "") -> dict[str, Any]:
    """The 34 provinces, or (``province``) the communes of one province, ranked."""
    from motcua.org.constants import Level
    from motcua.org.models import AdministrativeUnit

    parent = _unit_or_404(province) if province else None
    units = AdministrativeUnit.objects.filter(
        **({"parent": parent, "level": Level.COMMUNE} if parent else {"level": Level.PROVINCE})
    )
    period = _period_or_error(request)
    cards = selectors.scorecards(units=units, period=period)
    cards.sort(key=lambda c: (c.rank == "", c.rank, c.key))
    return {"period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                       "as_of": period.as_of.isoformat()},
            "units": [_card_json(c) for c in cards]}  # fmt: skip
