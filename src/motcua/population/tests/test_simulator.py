import datetime as dt

from motcua.dossiers.identity import parse_personal_id
from motcua.population.simulator import SimulatedRegistry


def test_the_simulator_is_deterministic_and_has_five_thousand_distinct_people():
    a, b = SimulatedRegistry(), SimulatedRegistry()
    people = [a.person(i) for i in range(a.size)]
    assert a.size == 5000
    assert people[:50] == [b.person(i) for i in range(50)]
    assert len({p.id_number for p in people}) == 5000
    assert a.sample_ids(20) == b.sample_ids(20)


def test_every_generated_id_is_valid_and_matches_the_person():
    registry = SimulatedRegistry()
    for i in range(0, registry.size, 7):
        person = registry.person(i)
        parsed = parse_personal_id(person.id_number, birth_date=person.birth_date)
        assert parsed.sex == person.sex
        assert len(person.full_name.split()) >= 3 and person.current_address


def test_lookup_finds_generated_people_and_nothing_else():
    registry = SimulatedRegistry()
    for id_number in registry.sample_ids(30):
        assert registry.lookup(id_number).id_number == id_number
    known = registry.sample_ids(1)[0]
    other_prefix = ("002" if known[:3] != "002" else "004") + known[3:]
    assert registry.lookup(other_prefix) is None
    assert registry.lookup("001203004567") is None or registry.lookup("001203004567").id_number
    assert registry.lookup("12345") is None


def test_a_different_seed_is_a_different_population():
    assert SimulatedRegistry(seed=1).sample_ids(5) != SimulatedRegistry(seed=2).sample_ids(5)
    assert (
        SimulatedRegistry(size=10).lookup(SimulatedRegistry(size=5000).person(4999).id_number)
        is None
    )
    assert isinstance(SimulatedRegistry().person(0).birth_date, dt.date)
