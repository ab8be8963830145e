from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import Satisfaction


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Satisfaction.choices,
                              widget=forms.RadioSelect)  # fmt: skip
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class FeedbackForm(forms.Form):
    dossier = forms.TypedChoiceField(label=_("Hồ sơ liên quan"), required=False, coerce=int,
                                     empty_value=None)  # fmt: skip
    unit = forms.CharField(label=_("Mã đơn vị nhận (khi không gắn với hồ sơ)"), required=False,
                           max_length=5)  # fmt: skip
    name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    contact = forms.CharField(label=_("Điện thoại hoặc thư điện tử"), required=False,
                              max_length=200)  # fmt: skip
    content = forms.CharField(label=_("Nội dung phản ánh, kiến nghị"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip

    def __init__(self, *args, dossiers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].choices = [("", "—")] + [
            (d.pk, f"{d.code or d.pk} · {d.procedure.name[:80]}") for d in dossiers
        ]


class ActionForm(forms.Form):
    name = forms.ChoiceField(choices=[(n, n) for n in
                                      ("refuse", "request_supplement", "start", "answer")])  # fmt: skip
    text = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(required=False)


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("Nội dung bổ sung"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
