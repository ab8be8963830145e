"""Kinds of e-form fields."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TEXT = "text", _("Văn bản một dòng")
    TEXTAREA = "textarea", _("Văn bản nhiều dòng")
    DATE = "date", _("Ngày")
    INTEGER = "integer", _("Số nguyên")
    NUMBER = "number", _("Số")
    CHOICE = "choice", _("Chọn một")
    MULTICHOICE = "multichoice", _("Chọn nhiều")
    BOOLEAN = "boolean", _("Đánh dấu (có/không)")
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Điện thoại")
    PERSONAL_ID = "personal_id", _("Số định danh cá nhân")


CHOICE_KINDS = frozenset({Kind.CHOICE, Kind.MULTICHOICE})
STRING_KINDS = frozenset(
    {Kind.TEXT, Kind.TEXTAREA, Kind.EMAIL, Kind.PHONE, Kind.PERSONAL_ID, Kind.DATE, Kind.CHOICE}
)
# Longest text a field takes when its definition names no maximum.
DEFAULT_MAX_LENGTH = {Kind.TEXT: 500, Kind.TEXTAREA: 4000, Kind.EMAIL: 254}
PHONE_PATTERN = r"^(\+84|0)\d{9,10}$"
PERSONAL_ID_PATTERN = r"^\d{12}$"
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,59}$"

# Commune procedures filed most at a commune desk, each shipped with its own form in
# data/eforms/ (civil status, certification, residence). The demo weights them heavily.
TOP_COMMUNE_PROCEDURES: list[str] = [
    "1.001193",  # đăng ký khai sinh
    "1.000894",  # đăng ký kết hôn
    "1.000656",  # đăng ký khai tử
    "1.004873",  # cấp Giấy xác nhận tình trạng hôn nhân
    "2.000635",  # cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh
    "1.004884",  # đăng ký lại khai sinh
    "1.001022",  # đăng ký nhận cha, mẹ, con
    "2.000815",  # chứng thực bản sao từ bản chính
    "2.000884",  # chứng thực chữ ký
    "1.004222",  # đăng ký thường trú
    "1.004194",  # đăng ký tạm trú
    "1.010041",  # xác nhận thông tin về cư trú
]
