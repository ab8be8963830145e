from motcua.dossiers.models.dossier import Dossier
from motcua.dossiers.models.event import AuditAnchor, DossierEvent
from motcua.dossiers.models.sequence import DossierCodeSequence

__all__ = ["AuditAnchor", "Dossier", "DossierCodeSequence", "DossierEvent"]
