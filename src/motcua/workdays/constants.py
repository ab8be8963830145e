from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import DAY_OFF, WORKING_DAY


class DayKind(models.TextChoices):
    DAY_OFF = DAY_OFF, _("Ngày nghỉ")
    WORKING_DAY = WORKING_DAY, _("Ngày làm việc (làm bù)")
