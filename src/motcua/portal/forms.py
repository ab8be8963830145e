"""Forms of the citizen portal: online filing and the status lookup."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import InvalidInput
from motcua.dossiers.identity import parse_personal_id
from motcua.org.models import AdministrativeUnit

_PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
_IDEMPOTENCY_KEY = re.compile(r"^[0-9a-f]{32}$")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.full_name


class OnlineFilingForm(forms.Form):
    """A dossier filed online. The idempotency key travels with the form, so a double
    submit (or a resubmission after a dropped connection) files once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=32)
    commune = CommuneChoiceField(
        label=_("Nơi nộp hồ sơ (xã, phường, đặc khu)"), queryset=AdministrativeUnit.objects.none(),
        to_field_name="code", empty_label=_("— Chọn xã, phường, đặc khu —"),
        error_messages={"required": _("Vui lòng chọn nơi nộp hồ sơ."),
                        "invalid_choice": _("Nơi nộp hồ sơ không hợp lệ.")},
    )  # fmt: skip
    name = forms.CharField(
        label=_("Họ và tên người nộp"), max_length=200,
        error_messages={"required": _("Vui lòng nhập họ và tên.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )  # fmt: skip
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"), max_length=12,
        help_text=_("12 chữ số, in trên căn cước."),
        error_messages={"required": _("Vui lòng nhập số định danh cá nhân.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    birth_date = forms.DateField(
        label=_("Ngày sinh"), input_formats=["%d/%m/%Y"],
        error_messages={"required": _("Vui lòng nhập ngày sinh."),
                        "invalid": _("Ngày sinh phải theo dạng ngày/tháng/năm, ví dụ 15/03/2003.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip
    address = forms.CharField(
        label=_("Địa chỉ thường trú"), max_length=500,
        error_messages={"required": _("Vui lòng nhập địa chỉ.")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip

    def __init__(
        self, *args: Any, communes: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            communes if communes is not None else AdministrativeUnit.objects.none()
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip().lower()
        if not _IDEMPOTENCY_KEY.match(key):
            raise forms.ValidationError(_("Biểu mẫu không hợp lệ; vui lòng tải lại trang."))
        return key

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập họ và tên."))
        return name

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip()

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s.\-]", "", self.cleaned_data["phone"])
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ (10–11 chữ số, bắt đầu bằng 0 hoặc +84).")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("id_number"):
            try:
                parse_personal_id(data["id_number"], birth_date=data.get("birth_date"))
            except InvalidInput as exc:
                self.add_error("id_number", exc.message)
        return data


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=60,
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )  # fmt: skip
    key = forms.CharField(
        label=_("Mã tra cứu"), max_length=32,
        help_text=_("In trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        error_messages={"required": _("Vui lòng nhập mã tra cứu.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )  # fmt: skip

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean_key(self) -> str:
        # Keys are printed in upper case; a citizen may type them in lower case.
        return "".join(self.cleaned_data["key"].split()).upper()
