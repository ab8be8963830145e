from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a result is (the catalogue's "kết quả thực hiện")."""

    DECISION = "decision", _("Quyết định")
    LICENCE = "licence", _("Giấy phép")
    CERTIFICATE = "certificate", _("Giấy chứng nhận, xác nhận")
    OTHER = "other", _("Văn bản khác")


# ``<dossier code>-KQ(<n>)``: the code of a result in its holder's data store (issue #5).
STORE_CODE_FORMAT = "{code}-KQ({n})"
# At most this many stored documents are offered as choices in a checklist (newest first).
STORE_CHOICES_MAX = 50
