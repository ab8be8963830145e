from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.identity import parse_chip_qr, parse_personal_id


class CounterIntakeForm(forms.Form):
    """A dossier received at the counter. The idempotency key travels with the form, so a
    resubmission after a dropped connection files nothing twice."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    procedure = forms.CharField(label=_("Mã thủ tục"), max_length=20)
    qr = forms.CharField(
        label=_("Quét mã QR căn cước (tùy chọn)"), required=False, max_length=500,
        help_text=_("Dán nội dung mã QR: số định danh|CMND cũ|họ tên|ngày sinh|giới tính|địa chỉ|ngày cấp"),
    )  # fmt: skip
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_("Ngày sinh"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    # The personal ID the population registry returned data for (set by the "lookup" button).
    registry_id = forms.CharField(widget=forms.HiddenInput, max_length=12, required=False)

    @classmethod
    def prefilled(cls, data: dict[str, Any], person: Any | None) -> CounterIntakeForm:
        """An unbound form showing what the clerk typed, overwritten by the registry's data."""
        initial = {k: v for k, v in data.items() if k in cls.base_fields}
        initial["registry_id"] = ""
        if person is not None:
            initial.update(id_number=person.id_number, name=person.full_name,
                           birth_date=person.birth_date.strftime("%d/%m/%Y"),
                           address=person.current_address or person.permanent_address,
                           registry_id=person.id_number)  # fmt: skip
        return cls(initial=initial)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_procedure(self) -> Procedure:
        code = self.cleaned_data["procedure"].strip()
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(_("Không có thủ tục mã %(code)s.") % {"code": code})
        return procedure

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            if data.get("qr"):
                card = parse_chip_qr(data["qr"])
                data.update(id_number=card.id_number, name=card.name, birth_date=card.birth_date,
                            address=data.get("address") or card.address)  # fmt: skip
                data["from_chip"] = True
            elif data.get("id_number"):
                parse_personal_id(data["id_number"], birth_date=data.get("birth_date"))
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from exc
        if not data.get("name"):
            self.add_error("name", _("Vui lòng nhập họ và tên người nộp."))
        return data


class ActionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    days = forms.IntegerField(
        label=_("Số ngày làm việc gia hạn"), required=False, min_value=1, max_value=60
    )
