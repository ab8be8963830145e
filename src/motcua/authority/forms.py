"""Forms of the monitoring page: they parse; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.authority.constants import ObstacleKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class InspectionForm(forms.Form):
    task = forms.CharField(label=_("Nhiệm vụ"), max_length=40)
    visited_on = forms.DateField(label=_("Ngày kiểm tra"), input_formats=DATE_FORMATS)
    inspecting_body = forms.CharField(label=_("Cơ quan kiểm tra"), max_length=255)
    findings = forms.CharField(label=_("Kết quả kiểm tra"), widget=forms.Textarea)


class ObstacleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ObstacleKind.choices)
    task = forms.CharField(label=_("Nhiệm vụ"), max_length=40, required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea)


class EscalateForm(forms.Form):
    note = forms.CharField(label=_("Nội dung báo cáo Chính phủ"), widget=forms.Textarea)


def first_error(form: forms.Form) -> str:
    """One readable message: "<label>: <error>"."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""
