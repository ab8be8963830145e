"""The checklist of a procedure: which catalogue lines are documents, notes, or required.

The national catalogue has no "required" flag; its lines mix documents, conditional
documents ("Trường hợp …"), papers only shown ("Giấy tờ phải xuất trình"), headers and notes
("Lưu ý"). Required here means: unconditional, asked for in at least one copy, and not a
note. Anything doubtful is optional: a wrong "required" would block the counter, a wrong
"optional" only leaves the decision to the clerk, who checks completeness anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from motcua.attachments.constants import How
from motcua.catalog.models import RequiredComponent
from motcua.core.text import exact_key, fold
from motcua.dossiers.constants import Channel

_BULLET = re.compile(r"^[\s\-+*•·–]*(\(?[0-9ivxa-zđ]{1,4}[.)]\s*)?")
# Diacritics matter: "nêu" (mentioned) must not read as "nếu" (if).
_CONDITIONAL = re.compile(r"(trường hợp|\bnếu\b|đối với)", re.I)
_FORM_START = ("tờ khai", "đơn ", "đơn đề nghị", "giấy đề nghị", "bản khai", "phiếu")


@dataclass(frozen=True)
class ChecklistItem:
    component: RequiredComponent
    is_note: bool  # a header or a note: shown, nothing to receive
    is_remark: bool  # a note under "Lưu ý" (listed apart, below the table)
    shown_only: bool  # listed under "giấy tờ phải xuất trình"
    conditional: bool
    is_form: bool  # a form (tờ khai, đơn): issue #6 may fill it from an e-form
    required: bool

    @property
    def key(self) -> str:
        return str(self.component.position)


def classify(component: RequiredComponent, *, channel: str) -> ChecklistItem:
    case = fold(component.case).lstrip("*-+•·– \t").rstrip(" :")
    name = exact_key(component.name)
    body = _BULLET.sub("", name, count=1)
    is_remark = case.startswith("luu y")
    is_note = is_remark or name.endswith(":") or not body
    shown_only = "xuat trinh" in case
    conditional = bool((case and not _is_plain_list_header(case)) or _CONDITIONAL.search(body))
    asked = (component.originals or 0) + (component.copies or 0) > 0
    required = not is_note and not conditional and asked
    if shown_only and channel == Channel.ONLINE:
        required = False  # online, identity papers are covered by the e-ID login
    is_form = bool(component.template) or body.startswith(_FORM_START)
    return ChecklistItem(
        component=component, is_note=is_note, is_remark=is_remark, shown_only=shown_only,
        conditional=conditional, is_form=is_form, required=required,
    )  # fmt: skip


def _is_plain_list_header(case: str) -> bool:
    """Case lines that only introduce the list ("Giấy tờ phải nộp", "Thành phần hồ sơ")."""
    return case.startswith(("giay to phai nop", "giay to phai xuat trinh", "thanh phan ho so"))


def checklist(components: Iterable[RequiredComponent], *, channel: str) -> list[ChecklistItem]:
    return [classify(c, channel=channel) for c in components]


def default_how(item: ChecklistItem, channel: str) -> str:
    """The choice pre-selected in the form: papers to show are shown at the desk."""
    if item.shown_only and channel == Channel.COUNTER:
        return How.SHOWN_ONLY
    return ""
