"""The indicators API: ``POST /api/v1/indicators/simulate`` (what-if over raw counts)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from motcua.core.errors import InvalidInput

from . import scoring

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
