from __future__ import annotations

from motcua.catalog.models import Field, Procedure
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit


def site_counts() -> dict[str, int]:
    """The headline numbers on the home page."""
    return {
        "procedures": Procedure.objects.count(),
        "fields": Field.objects.count(),
        "provinces": AdministrativeUnit.objects.filter(level=Level.PROVINCE).count(),
        "communes": AdministrativeUnit.objects.filter(level=Level.COMMUNE).count(),
    }
