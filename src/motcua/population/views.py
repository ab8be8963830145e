"""The simulator's HTTP face (MÔ PHỎNG): the same protocol ``HttpRegistryClient`` speaks.

``GET people/<id>`` with ``Authorization: Bearer <MOTCUA_POPULATION_SIM_TOKEN>``; see
``motcua.population.adapters`` for the protocol. An empty token setting switches the endpoint off.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from motcua.core.errors import InvalidInput
from motcua.dossiers.identity import parse_personal_id
from motcua.population.simulator import SimulatedRegistry

DEFAULT_SIM_TOKEN = "simulated-population-token"
_REGISTRY = SimulatedRegistry()


def _sim_token() -> str:
    return getattr(settings, "MOTCUA_POPULATION_SIM_TOKEN", DEFAULT_SIM_TOKEN)


@require_GET
def simulated_person(request: HttpRequest, id_number: str) -> JsonResponse:
    token = _sim_token()
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"code": "unauthorized"}, status=401)
    try:
        parse_personal_id(id_number)
    except InvalidInput as exc:
        return JsonResponse({"code": "invalid_id", "message": exc.message}, status=400)
    person = _REGISTRY.lookup(id_number)
    if person is None:
        return JsonResponse({"code": "not_found"}, status=404)
    return JsonResponse(person.to_json(), json_dumps_params={"ensure_ascii": False})
