"""Choices of the decentralisation registry and the ministry's published totals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GovLevel(models.TextChoices):
    """A level of government a task moves from or to (the district level is gone since 1/7/2025)."""

    CENTRAL = "central", _("Trung ương (bộ)")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước đây)")
    COMMUNE = "commune", _("Cấp xã")


LOCAL_LEVELS = (GovLevel.PROVINCE, GovLevel.COMMUNE)


class Mode(models.TextChoices):
    """How the power moved (glossary of the product brief)."""

    ALLOCATION = "allocation", _("Phân định thẩm quyền")
    DEVOLUTION = "devolution", _("Phân quyền")
    DELEGATION = "delegation", _("Phân cấp")
    AUTHORISATION = "authorisation", _("Ủy quyền")
    # The source names the article but not whether it devolves or delegates.
    UNSPECIFIED = "", _("Chưa xác định hình thức")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("Đang có hiệu lực")
    AWAITING_TEXT = "awaiting_text", _("Chờ văn bản quy định")


# Spellings an administrator may type in the CSV besides the machine values, folded
# (lower case, no diacritics; see motcua.core.text.fold).
MODE_ALIASES = {
    "phan dinh": Mode.ALLOCATION,
    "phan dinh tham quyen": Mode.ALLOCATION,
    "phan quyen": Mode.DEVOLUTION,
    "phan cap": Mode.DELEGATION,
    "uy quyen": Mode.AUTHORISATION,
    "authorization": Mode.AUTHORISATION,
    "chua xac dinh": Mode.UNSPECIFIED,
    "unspecified": Mode.UNSPECIFIED,
}
LEVEL_ALIASES = {
    "trung uong": GovLevel.CENTRAL,
    "bo": GovLevel.CENTRAL,
    "ministry": GovLevel.CENTRAL,
    "cap bo": GovLevel.CENTRAL,
    "tinh": GovLevel.PROVINCE,
    "cap tinh": GovLevel.PROVINCE,
    "huyen": GovLevel.DISTRICT,
    "cap huyen": GovLevel.DISTRICT,
    "xa": GovLevel.COMMUNE,
    "cap xa": GovLevel.COMMUNE,
}
STATUS_ALIASES = {
    "dang co hieu luc": Status.IN_FORCE,
    "co hieu luc": Status.IN_FORCE,
    "cho van ban": Status.AWAITING_TEXT,
    "cho van ban quy dinh": Status.AWAITING_TEXT,
}

# What the Ministry of Science and Technology published about its review (product brief;
# domain spec §8 [S S20]). 229 = 223 ministry tasks + 6 former district tasks.
MINISTRY_TOTALS: dict[str, int] = {
    "reviewed": 229,
    "district_moved": 6,
    "district_to_commune": 5,
    "district_to_province": 1,
    "ministry_tasks": 223,
    "decentralised": 117,
    "by_decree_133": 78,
    "by_decree_133_devolution": 16,
    "by_decree_133_delegation": 62,
    "awaiting_later_texts": 39,
}
MINISTRY_TOTALS_SOURCE = _(
    "Bộ Khoa học và Công nghệ công bố (theo báo chí): rà soát 229 nhiệm vụ; "
    "6 nhiệm vụ của cấp huyện trước đây được chuyển (5 về cấp xã, 1 về cấp tỉnh) theo "
    "Nghị định 132/2025/NĐ-CP; phân quyền, phân cấp 117/223 nhiệm vụ (52,5%) cho địa phương, "
    "trong đó 78 nhiệm vụ (16 phân quyền, 62 phân cấp) theo Nghị định 133/2025/NĐ-CP và "
    "39 nhiệm vụ chờ văn bản quy định sau."
)

# The instrument numbers the coverage lines match on (``instrument`` contains them).
DECREE_132 = "132/2025"
DECREE_133 = "133/2025"


class ObstacleKind(models.TextChoices):
    """What a province sends up about a decentralised task."""

    DIFFICULTY = "difficulty", _("Khó khăn, vướng mắc")
    RECOMMENDATION = "recommendation", _("Kiến nghị")


class ObstacleStatus(models.TextChoices):
    """open → answered → escalated, or open → escalated; never back to open."""

    OPEN = "open", _("Đang chờ trả lời")
    ANSWERED = "answered", _("Bộ đã trả lời")
    ESCALATED = "escalated", _("Đã báo cáo Chính phủ")
