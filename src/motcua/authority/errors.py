"""Errors of the monitoring of decentralised tasks (mapped by the API and the views)."""

from __future__ import annotations

from motcua.core.errors import MotcuaError


class NotAllowed(MotcuaError):
    """The user has no role for this province or this step."""

    code = "not_allowed"
    http_status = 403


class StatusChangeNotAllowed(MotcuaError):
    """The obstacle's current status does not allow the change asked for."""

    code = "transition_not_allowed"
    http_status = 409
