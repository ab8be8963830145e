from django.db import models
from django.utils.translation import gettext_lazy as _


class HolderKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    AGENCY = "agency", _("Cơ quan, tổ chức")
    CA = "ca", _("Tổ chức chứng thực")
    TSA = "tsa", _("Dịch vụ cấp dấu thời gian")


class TokenKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12")
    PKCS11 = "pkcs11", _("Thiết bị ký (PKCS#11)")


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    EXPIRED = "expired", _("Hết hạn")


class Verdict(models.TextChoices):
    VALID = "valid", _("Hợp lệ")
    MODIFIED = "modified", _("Văn bản đã bị sửa đổi sau khi ký")
    UNTRUSTED = "untrusted", _("Chữ ký của chứng thư số không rõ nguồn gốc hoặc không được tin cậy")
    REVOKED = "revoked", _("Chứng thư số đã bị thu hồi tại thời điểm ký")
    EXPIRED = "expired", _("Chứng thư số hết hạn hoặc chưa có hiệu lực tại thời điểm ký")
    NOT_PDF = "not_pdf", _("Tệp không phải là tệp PDF hợp lệ")
    NO_SIGNATURE = "no_signature", _("Tệp PDF không có chữ ký số")


EXPIRY_WARNING_DAYS = 30
DEMO_MARK = "DEMO — KHÔNG DÙNG THẬT"
