from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementingLevel(models.TextChoices):
    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


# The catalogue's level labels, as the national portal prints them.
LEVEL_LABELS = {
    "Cấp bộ": ImplementingLevel.MINISTRY,
    "Cấp tỉnh": ImplementingLevel.PROVINCE,
    "Cấp xã": ImplementingLevel.COMMUNE,
    "Cơ quan khác": ImplementingLevel.OTHER,
}


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    DAYS = "days", _("ngày")
    WORKING_HOURS = "working_hours", _("giờ làm việc")


class OnlineLevel(models.TextChoices):
    UNKNOWN = "unknown", _("Chưa xác định")
    END_TO_END = "end_to_end", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class ValueSource(models.TextChoices):
    SOURCE = "source", _("Theo nguồn")
    DERIVED = "derived", _("Suy ra")
    ADMIN = "admin", _("Quản trị viên đặt")
    IMPORT = "import", _("Từ tệp nhập")
    NONE = "", _("Không có")


# The seven fields the Ministry of Science and Technology reports dossiers in (product brief).
ST_FIELDS = [
    ("do-luong-chat-luong", "Đo lường, chất lượng"),
    ("tan-so-vo-tuyen-dien", "Tần số vô tuyến điện"),
    ("khoa-hoc-cong-nghe", "Khoa học và công nghệ"),
    ("an-toan-buc-xa-hat-nhan", "An toàn bức xạ và hạt nhân"),
    ("vien-thong", "Viễn thông"),
    ("so-huu-tri-tue", "Sở hữu trí tuệ"),
    ("buu-chinh", "Bưu chính"),
]
ST_MINISTRY = "Bộ Khoa học và Công nghệ"
