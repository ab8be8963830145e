from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Dossier states (domain spec §1.2; names inferred [I])."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    SUPPLEMENT_AT_RECEPTION = "supplement_at_reception", _("Yêu cầu bổ sung khi tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển xử lý")
    IN_PROCESS = "in_process", _("Đang xử lý")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung")
    RESULT_ISSUED = "result_issued", _("Đã xử lý xong")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện giải quyết")
    AWAITING_PICKUP = "awaiting_pickup", _("Chờ trả kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng giải quyết")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")


END_STATES = {State.REFUSED, State.RETURNED, State.STOPPED, State.WITHDRAWN}


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Dịch vụ bưu chính")
    API = "api", _("Hệ thống khác (API)")
