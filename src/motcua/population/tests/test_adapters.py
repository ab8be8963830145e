import io
import json
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.core.errors import InvalidInput
from motcua.population.adapters import (
    HttpRegistryClient,
    Person,
    PopulationRegistry,
    RegistryUnavailable,
    get_registry,
)
from motcua.population.service import lookup_person, registry_confirms
from motcua.population.simulator import SimulatedRegistry
from motcua.population.views import DEFAULT_SIM_TOKEN


class RecordingRegistry(PopulationRegistry):
    calls: list[str] = []

    def lookup(self, id_number):
        RecordingRegistry.calls.append(id_number)
        return None


class FailingOpener:
    def __init__(self, exc):
        self.exc = exc

    def open(self, request, timeout):
        raise self.exc


class BodyOpener:
    def __init__(self, body):
        self.body = body

    def open(self, request, timeout):
        return io.BytesIO(self.body)


def test_the_default_registry_is_the_simulator_and_is_cached():
    assert isinstance(get_registry(), SimulatedRegistry)
    assert get_registry() is get_registry()


def test_the_setting_picks_the_registry_and_overrides_clear_the_cache(settings):
    settings.MOTCUA_POPULATION_REGISTRY = f"{__name__}.RecordingRegistry"
    assert isinstance(get_registry(), RecordingRegistry)
    settings.MOTCUA_POPULATION_REGISTRY = "motcua.population.adapters.Person"
    with pytest.raises(ImproperlyConfigured):
        get_registry()


def test_an_invalid_id_never_reaches_the_registry(settings):
    settings.MOTCUA_POPULATION_REGISTRY = f"{__name__}.RecordingRegistry"
    RecordingRegistry.calls = []
    for bad in ("12345", "003203004567", "00120300456x"):
        with pytest.raises(InvalidInput):
            lookup_person(bad)
    assert RecordingRegistry.calls == []
    assert lookup_person("001203004567") is None
    assert RecordingRegistry.calls == ["001203004567"]


def test_registry_confirms_only_the_same_id_and_name():
    person = SimulatedRegistry().person(42)
    assert registry_confirms(person.id_number, person.full_name.upper(), person.birth_date)
    assert not registry_confirms(person.id_number, "Nguyễn Văn Khác")
    assert not registry_confirms(
        person.id_number,
        person.full_name,
        person.birth_date.replace(day=1)
        if person.birth_date.day != 1
        else person.birth_date.replace(day=2),
    )
    assert not registry_confirms("12345", person.full_name)


@pytest.mark.parametrize(
    "exc",
    [
        urllib.error.URLError("connection refused"),
        TimeoutError("timed out"),
        urllib.error.HTTPError("http://x/people/1", 503, "down", {}, None),
        urllib.error.HTTPError("http://x/people/1", 401, "unauthorized", {}, None),
    ],
)
def test_transport_failures_are_registry_unavailable(exc):
    client = HttpRegistryClient("http://registry.invalid", "t", opener=FailingOpener(exc))
    with pytest.raises(RegistryUnavailable):
        client.lookup("001203004567")


def test_404_is_none_and_a_bad_body_is_unavailable():
    not_found = urllib.error.HTTPError("http://x", 404, "not found", {}, None)
    client = HttpRegistryClient("http://registry.invalid", "t", opener=FailingOpener(not_found))
    assert client.lookup("001203004567") is None
    for body in (b"not json", b"[]", json.dumps({"id_number": "001203004567"}).encode()):
        client = HttpRegistryClient("http://registry.invalid", "t", opener=BodyOpener(body))
        with pytest.raises(RegistryUnavailable):
            client.lookup("001203004567")


def test_an_unconfigured_client_says_so():
    client = HttpRegistryClient("", "")
    assert len(client.check_config()) == 2
    with pytest.raises(RegistryUnavailable):
        client.lookup("001203004567")


@pytest.mark.urls("motcua.population.tests.urls")
def test_the_http_client_speaks_to_the_simulator_endpoint(live_server):
    sim = SimulatedRegistry()
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    client = HttpRegistryClient(
        f"{live_server.url}/api/sim/population", DEFAULT_SIM_TOKEN, timeout=5, opener=direct
    )
    assert client.check_config() == []
    for id_number in sim.sample_ids(3):
        assert client.lookup(id_number) == sim.lookup(id_number)
    missing = next(f"001203{n:06d}" for n in range(10**6) if sim.lookup(f"001203{n:06d}") is None)
    assert client.lookup(missing) is None
    with pytest.raises(InvalidInput):
        client.lookup("001203")
    wrong_token = HttpRegistryClient(
        f"{live_server.url}/api/sim/population", "wrong", opener=direct
    )
    with pytest.raises(RegistryUnavailable):
        wrong_token.lookup(sim.sample_ids(1)[0])


def test_person_json_round_trip():
    person = SimulatedRegistry().person(7)
    assert Person.from_json(json.loads(json.dumps(person.to_json()))) == person
