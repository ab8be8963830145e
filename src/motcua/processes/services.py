"""Writes for internal processes: the steps a dossier goes through, advanced by its events."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier, DossierEvent


def on_event(dossier: Dossier, event: DossierEvent) -> None:
    """Called by the dossier services in the transaction that appended ``event``."""
