from motcua.core.errors import MotcuaError


class TransitionNotAllowed(MotcuaError):
    code = "transition_not_allowed"
    http_status = 409


class ActorNotAllowed(MotcuaError):
    code = "not_allowed"
    http_status = 403


class ConcurrentChange(MotcuaError):
    code = "concurrent_change"
    http_status = 409


class IdempotencyConflict(MotcuaError):
    code = "idempotency_conflict"
    http_status = 409
