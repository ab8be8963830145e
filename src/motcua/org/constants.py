import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# Resolution 202/2025/QH15: the new map (34 provinces, no district level) from 1 July 2025.
REFORM_DATE = dt.date(2025, 7, 1)


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class UnitKind(models.TextChoices):
    CITY = "thanh_pho_truc_thuoc_trung_uong", _("Thành phố trực thuộc trung ương")
    PROVINCE = "tinh", _("Tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


PROVINCE_KINDS = {UnitKind.CITY, UnitKind.PROVINCE}
COMMUNE_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ, cơ quan trung ương")
    PROVINCE_COMMITTEE = "province_committee", _("Ủy ban nhân dân cấp tỉnh")
    PROVINCE_DEPARTMENT = "province_department", _("Sở, ban, ngành cấp tỉnh")
    PROVINCE_CENTRE = "province_centre", _("Trung tâm Phục vụ hành chính công cấp tỉnh")
    COMMUNE_COMMITTEE = "commune_committee", _("Ủy ban nhân dân cấp xã")
    COMMUNE_CENTRE = "commune_centre", _("Trung tâm Phục vụ hành chính công cấp xã")


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    SUPERVISOR = "supervisor", _("Giám sát")
    ADMINISTRATOR = "administrator", _("Quản trị")


# Model permissions of a province administrator. The org admin scopes them to the units of
# the user's administrator memberships (``unit_codes_for(user, Role.ADMINISTRATOR)``).
PROVINCE_ADMIN_PERMISSIONS = (
    "org.view_agency",
    "org.add_agency",
    "org.change_agency",
    "org.view_membership",
    "org.add_membership",
    "org.change_membership",
    "org.view_administrativeunit",
    "org.view_unitversion",
    "org.view_formerunit",
    "org.view_succession",
)
