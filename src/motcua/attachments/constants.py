from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import Channel


class How(models.TextChoices):
    """How a component arrived (the digitisation record of issue #5 builds on this)."""

    UPLOADED_ONLINE = "uploaded_online", _("Tải lên trực tuyến")
    SCANNED_AT_DESK = "scanned_at_desk", _("Số hóa tại bộ phận một cửa")
    FROM_STORE = "from_store", _("Lấy từ kho dữ liệu của công dân")
    SHOWN_ONLY = "shown_only", _("Chỉ xuất trình")


FILE_MODES = frozenset({How.UPLOADED_ONLINE, How.SCANNED_AT_DESK})

# What each channel may record. At the desk (and for post, which the desk opens) a paper is
# scanned or only shown; online the applicant uploads. The data store is open to every channel
# (Decree 45 Art. 9; Decree 107: re-use before asking again).
HOW_BY_CHANNEL: dict[str, tuple[str, ...]] = {
    Channel.COUNTER: (How.SCANNED_AT_DESK, How.SHOWN_ONLY, How.FROM_STORE),
    Channel.POST: (How.SCANNED_AT_DESK, How.FROM_STORE),
    Channel.ONLINE: (How.UPLOADED_ONLINE, How.FROM_STORE),
    Channel.API: tuple(How.values),
}
