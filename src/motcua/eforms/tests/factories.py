"""E-form fixtures built through the real services."""

from __future__ import annotations

from collections.abc import Sequence

from motcua.catalog.models import Procedure
from motcua.eforms.models import Form, FormVersion
from motcua.eforms.schema import FieldSpec
from motcua.eforms.services import _set_fields, form_publish

FIELDS = [
    FieldSpec("ho_ten", "Họ, chữ đệm, tên", required=True, max_length=100, section="Người được khai sinh"),
    FieldSpec("ngay_sinh", "Ngày sinh", kind="date", required=True, section="Người được khai sinh"),
    FieldSpec("gioi_tinh", "Giới tính", kind="choice", required=True, choices=("Nam", "Nữ")),
    FieldSpec("so_ban_sao", "Số bản sao", kind="integer", min_value=0, max_value=20),
    FieldSpec("me_so_dinh_danh", "Số định danh của mẹ", kind="personal_id"),
    FieldSpec("cam_doan", "Tôi cam đoan", kind="boolean", required=True),
]  # fmt: skip


def form_with(
    code: str = "1.001193", fields: Sequence[FieldSpec] = FIELDS, title: str = "Tờ khai thử"
) -> tuple[Form, FormVersion]:
    """A form for the procedure with these fields, published."""
    procedure = Procedure.objects.get(code=code)
    form, _created = Form.objects.update_or_create(procedure=procedure, defaults={"title": title})
    _set_fields(form, fields)
    return form, form_publish(form=form)[0]


VALID = {"ho_ten": "Nguyễn Văn An", "ngay_sinh": "2025-10-01", "gioi_tinh": "Nam",
         "cam_doan": True}  # fmt: skip
