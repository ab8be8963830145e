"""Why a procedure is flagged for review after the 2025 reform, said in the reader's language.

The import stores findings as data (``Procedure.review_findings``); the sentences are
rendered when shown, so they follow the active language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Domain spec §8: no district level exists since 1/7/2025.
DISTRICT_RULE = gettext_noop(
    "Cấp huyện đã bị bãi bỏ từ 01/07/2025 (Nghị quyết 202/2025/QH15). Nhiệm vụ của cấp huyện "
    "chuyển cho cấp xã hoặc cấp tỉnh theo Nghị định 132/2025/NĐ-CP, 133/2025/NĐ-CP và các nghị "
    "định phân định thẩm quyền của từng bộ; rà soát và sửa thủ tục theo quyết định công bố mới."
)


def review_reasons(findings: dict[str, Any]) -> list[str]:
    reasons = []
    if findings.get("unknown_levels"):
        reasons.append(
            _("Cấp thực hiện không còn tồn tại hoặc không rõ: %(levels)s.")
            % {"levels": ", ".join(findings["unknown_levels"])}
        )
    if findings.get("district_mentions"):
        reasons.append(
            _("Văn bản còn nhắc: %(phrases)s.")
            % {"phrases": ", ".join(f"“{m}”" for m in findings["district_mentions"])}
        )
    if reasons:
        reasons.append(_(DISTRICT_RULE))
    return reasons
