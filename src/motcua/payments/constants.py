from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    COUNTER_CASH = "counter_cash", _("Tiền mặt tại quầy")
    COUNTER_CARD = "counter_card", _("Thẻ tại quầy")
    ONLINE_GATEWAY = "online_gateway", _("Thanh toán trực tuyến")


COUNTER_METHODS = (Method.COUNTER_CASH, Method.COUNTER_CARD)


class Status(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã hủy")


class CallbackKind(models.TextChoices):
    IPN = "ipn", _("Thông báo máy chủ (IPN)")
    RETURN = "return", _("Chuyển hướng trình duyệt")


class Outcome(models.TextChoices):
    """What motcua did with one gateway callback; every one is recorded."""

    ACCEPTED = "accepted", _("Chấp nhận")
    REPLAY = "replay", _("Trùng lặp, bỏ qua")
    BAD_SIGNATURE = "bad_signature", _("Sai chữ ký")
    MALFORMED = "malformed", _("Thiếu hoặc sai tham số")
    UNKNOWN_ORDER = "unknown_order", _("Không có đơn hàng")
    AMOUNT_MISMATCH = "amount_mismatch", _("Sai số tiền")
    STALE = "stale", _("Thời điểm ngoài khoảng cho phép")
    EXPIRED = "expired", _("Đơn hàng đã hết hạn")
    NOT_PENDING = "not_pending", _("Đơn hàng không còn chờ thanh toán")


# Catalogue channel names (the national portal's wording) for each dossier channel.
CATALOGUE_CHANNEL = {
    "counter": "Trực tiếp",
    "online": "Trực tuyến",
    "post": "Dịch vụ bưu chính",
    "api": "Trực tuyến",
}
