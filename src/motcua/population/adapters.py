"""The population registry interface, its HTTP JSON client and the lazy, cached choice of one.

Protocol spoken by ``HttpRegistryClient`` (and served by the simulator's view):

``GET {base_url}/people/{id_number}`` with ``Authorization: Bearer {token}`` answers

- 200 and a JSON object ``{"id_number", "full_name", "birth_date" (YYYY-MM-DD),
  "sex" ("male"|"female"), "permanent_address", "current_address"}``;
- 404 when no person has that ID; 400 when the ID is malformed; 401 for a missing or wrong token.

Anything else (timeouts, refused connections, 5xx, a body that is not such an object) is a
``RegistryUnavailable`` error: the clerk is told, and types the data by hand.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput, MotcuaError

DEFAULT_REGISTRY = "motcua.population.simulator.SimulatedRegistry"
MAX_RESPONSE_BYTES = 64 * 1024


class RegistryUnavailable(MotcuaError):
    code = "registry_unavailable"
    http_status = 503


@dataclass(frozen=True)
class Person:
    id_number: str
    full_name: str
    birth_date: dt.date
    sex: str  # "male" | "female"
    permanent_address: str
    current_address: str

    def to_json(self) -> dict[str, str]:
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Any) -> Person:
        """Build a person from the protocol's JSON object; ValueError if it is not one."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        fields = ("id_number", "full_name", "birth_date", "sex")
        if not all(isinstance(data.get(f), str) and data[f] for f in fields):
            raise ValueError("missing field")
        if data["sex"] not in {"male", "female"}:
            raise ValueError("bad sex")
        return cls(
            id_number=data["id_number"],
            full_name=data["full_name"],
            birth_date=dt.date.fromisoformat(data["birth_date"]),
            sex=data["sex"],
            permanent_address=str(data.get("permanent_address") or ""),
            current_address=str(data.get("current_address") or ""),
        )


class PopulationRegistry(abc.ABC):
    """One population registry. Subclasses take no required constructor arguments (they read
    their settings), so that ``MOTCUA_POPULATION_REGISTRY`` can name them."""

    #: True for simulators: the UI then says "MÔ PHỎNG".
    is_simulated = False

    @abc.abstractmethod
    def lookup(self, id_number: str) -> Person | None:
        """The person with this personal ID, None if there is none; RegistryUnavailable if the
        registry cannot answer."""

    def check_config(self) -> list[str]:
        """Problems with this registry's configuration, as sentences (empty when fine)."""
        return []


class HttpRegistryClient(PopulationRegistry):
    """A registry reached over the HTTP JSON protocol described in this module's docstring.

    Settings: ``MOTCUA_POPULATION_URL`` (base URL), ``MOTCUA_POPULATION_TOKEN`` (bearer token),
    ``MOTCUA_POPULATION_TIMEOUT`` (seconds, default 5). ``opener`` lets a caller choose the
    urllib opener (proxies, TLS client certificates, tests).
    """

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        if base_url is None:
            base_url = getattr(settings, "MOTCUA_POPULATION_URL", "")
        self.base_url = base_url.rstrip("/")
        self.token = (
            token if token is not None else getattr(settings, "MOTCUA_POPULATION_TOKEN", "")
        )
        self.timeout = (
            timeout if timeout is not None else getattr(settings, "MOTCUA_POPULATION_TIMEOUT", 5.0)
        )
        self.opener = opener or urllib.request.build_opener()

    def check_config(self) -> list[str]:
        problems = []
        if not self.base_url.startswith(("http://", "https://")):
            problems.append(_("MOTCUA_POPULATION_URL phải là một địa chỉ http(s)."))
        if not self.token:
            problems.append(_("Thiếu MOTCUA_POPULATION_TOKEN (mã truy cập CSDL dân cư)."))
        return problems

    def lookup(self, id_number: str) -> Person | None:
        problems = self.check_config()
        if problems:
            raise RegistryUnavailable(" ".join(problems))
        request = urllib.request.Request(
            f"{self.base_url}/people/{quote(id_number, safe='')}",
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
        )
        unavailable = _("CSDL quốc gia về dân cư không trả lời được (%(reason)s).")
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if exc.code == 400:
                raise InvalidInput(_("CSDL dân cư từ chối số định danh không hợp lệ.")) from exc
            raise RegistryUnavailable(unavailable % {"reason": f"HTTP {exc.code}"}) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RegistryUnavailable(unavailable % {"reason": reason}) from exc
        try:
            if len(body) > MAX_RESPONSE_BYTES:
                raise ValueError("response too large")
            person = Person.from_json(json.loads(body))
        except ValueError as exc:
            raise RegistryUnavailable(unavailable % {"reason": _("trả lời sai định dạng")}) from exc
        if person.id_number != id_number:
            raise RegistryUnavailable(unavailable % {"reason": _("trả lời cho số định danh khác")})
        return person


@functools.cache
def get_registry() -> PopulationRegistry:
    """The registry named by ``MOTCUA_POPULATION_REGISTRY``, built once (cleared when a test
    overrides a ``MOTCUA_POPULATION_*`` setting)."""
    path = getattr(settings, "MOTCUA_POPULATION_REGISTRY", "") or DEFAULT_REGISTRY
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"MOTCUA_POPULATION_REGISTRY: cannot import {path!r}") from exc
    if not (isinstance(cls, type) and issubclass(cls, PopulationRegistry)):
        raise ImproperlyConfigured(f"MOTCUA_POPULATION_REGISTRY: {path!r} is no PopulationRegistry")
    return cls()


@receiver(setting_changed)
def _reset_registry(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("MOTCUA_POPULATION_"):
        get_registry.cache_clear()


def check_registry(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: the configured registry's own ``check_config()``."""
    try:
        problems = get_registry().check_config()
    except ImproperlyConfigured as exc:
        problems = [str(exc)]
    return [checks.Warning(p, id="motcua.population.W001") for p in problems]
