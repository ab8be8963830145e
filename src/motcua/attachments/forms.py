"""The components checklist of a procedure, as a form included in the intake forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.attachments.checklist import ChecklistItem, checklist, default_how
from motcua.attachments.constants import FILE_MODES, HOW_BY_CHANNEL, How
from motcua.attachments.services import Entry
from motcua.attachments.sniff import accept_attribute, check_upload
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import Channel

# The label of each choice as the person filling the form reads it.
HOW_LABELS = {
    How.SCANNED_AT_DESK: gettext_lazy("Nộp bản giấy, quét tệp tại quầy"),
    How.UPLOADED_ONLINE: gettext_lazy("Tải tệp lên"),
    How.SHOWN_ONLY: gettext_lazy("Chỉ xuất trình bản chính"),
    How.FROM_STORE: gettext_lazy("Lấy từ kho dữ liệu cá nhân"),
}


def file_mode(channel: str) -> str:
    return How.UPLOADED_ONLINE if channel in (Channel.ONLINE, Channel.API) else How.SCANNED_AT_DESK


@dataclass
class Row:
    """One line of the rendered checklist."""

    item: ChecklistItem
    how: forms.BoundField | None
    file: forms.BoundField | None
    ref: forms.BoundField | None
    heading: str  # the catalogue's "case" line, when it starts a new group


class ChecklistForm(forms.Form):
    """One line per catalogue component: how it arrived, and its file or store reference;
    plus one extra document outside the catalogue. Files are sniffed and size-checked here
    and again by the service (the service is what the API calls)."""

    extra_name = forms.CharField(
        label=gettext_lazy("Giấy tờ khác (ngoài danh mục)"), max_length=300, required=False
    )
    extra_file = forms.FileField(label=gettext_lazy("Tệp"), required=False)

    def __init__(
        self, procedure: Procedure, *, channel: str, data: Any = None, files: Any = None,
        prefix: str = "c", components: Any = None, holder_id_numbers: Any = (),
    ) -> None:  # fmt: skip
        super().__init__(data=data, files=files, prefix=prefix)
        # The applicant's data store (ID numbers the caller vouches for): its codes are
        # offered as choices and a typed code is checked against it.
        self.holder_ids = [i for i in holder_id_numbers if i]
        self.store_choices: list[tuple[str, str]] = []
        if self.holder_ids and How.FROM_STORE in HOW_BY_CHANNEL[channel]:
            from motcua.results.selectors import store_choices

            self.store_choices = store_choices(self.holder_ids)
        self.procedure = procedure
        self.channel = channel
        source = components if components is not None else procedure.components.all()
        self.items = checklist(source, channel=channel)
        self.allowed = HOW_BY_CHANNEL[channel]
        accept = accept_attribute()
        self.fields["extra_file"].widget.attrs["accept"] = accept
        choices = [("", _("— Chưa nộp —"))] + [(h, HOW_LABELS[h]) for h in self.allowed]
        for item in self.items:
            if item.is_note:
                continue
            k = item.key
            self.fields[f"how_{k}"] = forms.ChoiceField(
                label=_("Hình thức nộp"), choices=choices, required=False,
                initial=default_how(item, channel),
            )  # fmt: skip
            self.fields[f"file_{k}"] = forms.FileField(
                label=_("Tệp"), required=False, widget=forms.FileInput(attrs={"accept": accept})
            )
            if How.FROM_STORE in self.allowed:
                self.fields[f"ref_{k}"] = forms.CharField(
                    label=_("Mã giấy tờ trong kho dữ liệu"), max_length=100, required=False
                )
                if self.store_choices:  # one choice attaches it (how is inferred)
                    self.fields[f"ref_{k}"].widget = forms.Select(
                        choices=[("", _("— Chọn từ kho dữ liệu —")), *self.store_choices]
                    )
        self._entries: list[Entry] = []

    @property
    def rows(self) -> list[Row]:
        """The lines of the table (remarks are in ``remarks``)."""
        rows, previous = [], ""
        for item in self.items:
            if item.is_remark:
                continue
            case = item.component.case
            rows.append(Row(
                item=item,
                how=None if item.is_note else self[f"how_{item.key}"],
                file=None if item.is_note else self[f"file_{item.key}"],
                ref=self[f"ref_{item.key}"] if f"ref_{item.key}" in self.fields else None,
                heading=case if case and case != previous else "",
            ))  # fmt: skip
            previous = case
        return rows

    @property
    def max_mb(self) -> str:
        return f"{settings.MOTCUA_UPLOAD_MAX_BYTES / (1024 * 1024):g}".replace(".", ",")

    @property
    def remarks(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.is_remark]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entries: list[Entry] = []
        missing = 0
        for item in self.items:
            if item.is_note:
                continue
            entry, is_missing = self._clean_item(item, data)
            missing += is_missing
            if entry is not None:
                entries.append(entry)
        extra = self._clean_extra(data)
        if extra is not None:
            entries.append(extra)
        if missing:
            self.add_error(
                None,
                _("Còn thiếu %(n)d giấy tờ bắt buộc (đánh dấu *).") % {"n": missing},
            )
        self._entries = entries
        return data

    def _check_file(self, field: str, upload: Any) -> bool:
        try:
            check_upload(upload)
        except InvalidInput as exc:
            self.add_error(field, exc.message)
            return False
        return True

    def _clean_item(self, item: ChecklistItem, data: dict[str, Any]) -> tuple[Entry | None, bool]:
        k = item.key
        how, upload = data.get(f"how_{k}") or "", data.get(f"file_{k}")
        ref = (data.get(f"ref_{k}") or "").strip()
        if not how and upload:
            how = file_mode(self.channel)  # a file chosen without the choice: it is a file
        elif not how and ref:
            how = How.FROM_STORE
        if not how:
            if item.required:
                self.add_error(f"how_{k}", _("Giấy tờ bắt buộc: chọn hình thức nộp."))
            return None, item.required
        if how in FILE_MODES:
            if not upload:
                self.add_error(f"file_{k}", _("Chọn tệp cho giấy tờ này."))
                return None, False
            if not self._check_file(f"file_{k}", upload):
                return None, False
        elif upload:
            self.add_error(
                f"file_{k}",
                _("Đã chọn “%(how)s”: bỏ tệp đi, hoặc chọn hình thức nộp tệp.")
                % {"how": HOW_LABELS[how]},
            )
            return None, False
        if how == How.FROM_STORE and not ref:
            self.add_error(f"ref_{k}", _("Nhập mã giấy tờ trong kho dữ liệu."))
            return None, False
        if how == How.FROM_STORE and self.holder_ids and not self._in_store(ref):
            self.add_error(
                f"ref_{k}",
                _("Không có giấy tờ mã “%(code)s” trong kho dữ liệu của người nộp.")
                % {"code": ref},
            )
            return None, False
        return Entry(component=item.component, how=how, file=upload, store_ref=ref), False

    def _in_store(self, code: str) -> bool:
        from motcua.results.selectors import store_for

        if any(code == c for c, _label in self.store_choices):
            return True
        return store_for(self.holder_ids).filter(code=code).exists()

    def _clean_extra(self, data: dict[str, Any]) -> Entry | None:
        name, upload = (data.get("extra_name") or "").strip(), data.get("extra_file")
        if not name and not upload:
            return None
        if not upload:
            self.add_error("extra_file", _("Chọn tệp cho giấy tờ khác."))
            return None
        if not name:
            self.add_error("extra_name", _("Nhập tên giấy tờ."))
            return None
        if not self._check_file("extra_file", upload):
            return None
        return Entry(component=None, how=file_mode(self.channel), file=upload, name=name)

    def cleaned_entries(self) -> list[Entry]:
        """What ``services.components_record`` takes; call after ``is_valid()``."""
        if not self.is_valid():
            raise ValueError("cleaned_entries() needs a valid form")
        return list(self._entries)
