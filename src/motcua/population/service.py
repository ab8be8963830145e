"""Looking people up for intake: validate first, then ask the configured registry."""

from __future__ import annotations

import datetime as dt
import unicodedata

from motcua.core.errors import MotcuaError
from motcua.dossiers.identity import parse_personal_id
from motcua.population.adapters import Person, get_registry


def lookup_person(id_number: str) -> Person | None:
    """The registry's person for this personal ID. An ID that fails the format rules raises
    InvalidInput and never reaches the registry; RegistryUnavailable passes through."""
    parsed = parse_personal_id(id_number)
    return get_registry().lookup(parsed.number)


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return norm(a) == norm(b)


def registry_confirms(id_number: str, name: str, birth_date: dt.date | None = None) -> bool:
    """True only if the registry, asked now, knows this ID with this name (and birth date, when
    one is given). An unavailable registry confirms nothing."""
    try:
        person = lookup_person(id_number)
    except MotcuaError:  # an invalid ID, or the registry cannot answer
        return False
    if person is None or not _same_name(person.full_name, name):
        return False
    return birth_date is None or birth_date == person.birth_date
