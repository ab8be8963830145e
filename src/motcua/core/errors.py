"""One application error, translated once by the API and the views."""

from __future__ import annotations

from typing import Any


class MotcuaError(Exception):
    """A failure a user can understand: a machine code, an HTTP status and a message."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(MotcuaError):
    code = "not_found"
    http_status = 404


class InvalidInput(MotcuaError):
    code = "invalid_input"
    http_status = 400
