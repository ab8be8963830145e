"""The transition lock reads the dossier, its procedure and its agency as the ORM would."""

import pytest
from django.db import transaction

from motcua.dossiers.rows import _AGENCY_FIELDS, _PROCEDURE_FIELDS, lock_dossier
from motcua.dossiers.tests.factories import act, setup_hanoi, submit

pytestmark = pytest.mark.django_db


def test_locked_dossier_equals_the_orm_row_with_its_procedure_and_agency():
    people = setup_hanoi()
    dossier = act(submit(people["clerk"]), "receive", people["clerk"])
    with transaction.atomic():
        locked = lock_dossier(dossier.pk, None)
    for field in type(dossier)._meta.concrete_fields:
        assert getattr(locked, field.attname) == getattr(dossier, field.attname), field.name
    for name in _PROCEDURE_FIELDS:
        assert getattr(locked.procedure, name) == getattr(dossier.procedure, name), name
    for name in _AGENCY_FIELDS:
        assert getattr(locked.receiving_agency, name) == getattr(dossier.receiving_agency, name), (
            name
        )
    assert locked.procedure.legal_basis_text == dossier.procedure.legal_basis_text  # deferred
