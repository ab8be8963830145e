"""Roll-ups of the Decision 766 indicators (see ``facts.py``).

``Fact`` holds the last fact vector applied for each dossier in the cohort; ``DailyRollup``
and ``UnitDailyRollup`` hold the sums of those vectors per key, ``UnitLateRollup`` the
counts per unit, day and late day that ``late`` is read from. ``rollup.refresh()`` keeps
them in step with the event log (``RollupCursor``) and with changes that have no event
(``DirtyDossier``); ``rollup.rebuild()`` recomputes them.

Keys have no NULLs so that one ``INSERT … ON CONFLICT`` works on SQLite and PostgreSQL:
a dossier that is not late has ``late_day = NO_LATE_DAY`` (9999-12-31), a dossier without a
receiving agency ``agency_id = NO_AGENCY`` (0).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

NO_LATE_DAY = dt.date(9999, 12, 31)
NO_AGENCY = 0

# The counters of a fact vector, in column order (each 0/1 except ``duration_s``).
COUNTERS = (
    "received", "online", "online_ok", "ended", "duration_s", "needs_result", "result_state",
    "e_result", "fee_bearing", "paid_online", "digitised", "reused", "store_linked",
    "registry", "certified_copy", "certified_copy_e", "rated", "disliked", "complained",
    "result_due", "e_result_due", "unhappy",
)  # fmt: skip
# The last three are joint counters the indicators need (a sum of flags cannot give an AND):
# result_due = needs_result and result_state (4.1's denominator), e_result_due = e_result and
# result_due (its numerator), unhappy = disliked or complained (5.4).


def _counters(small: type[models.Field], name: str) -> type[models.Model]:
    """An abstract model with one column per counter (``duration_s`` is a big integer)."""
    attrs: dict[str, object] = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
    }
    for counter in COUNTERS:
        attrs[counter] = (models.BigIntegerField if counter == "duration_s" else small)(default=0)
    return type(name, (models.Model,), attrs)


_FactCounters = _counters(models.SmallIntegerField, "_FactCounters")
_SumCounters = _counters(models.IntegerField, "_SumCounters")


class _Keys(models.Model):
    unit = models.CharField(_("đơn vị có thẩm quyền"), max_length=5)
    province = models.CharField(_("tỉnh"), max_length=5)
    day = models.DateField(_("ngày tiếp nhận"))
    late_day = models.DateField(_("trễ hạn từ ngày"), default=NO_LATE_DAY)

    class Meta:
        abstract = True


class Fact(_Keys, _FactCounters):
    """The fact vector last applied to the roll-ups for one dossier."""

    dossier_id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField(default=NO_AGENCY)
    procedure_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("dữ kiện chỉ số của hồ sơ")
        verbose_name_plural = _("dữ kiện chỉ số của hồ sơ")
        indexes = [  # the drill-down: one unit's (or province's) facts over a day range
            models.Index(fields=["unit", "day"], name="indicators_fact_unit_day"),
            models.Index(fields=["province", "day"], name="indicators_fact_prov_day"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.unit} {self.day}"


class DailyRollup(_Keys, _SumCounters):
    """Sums of facts per unit, agency, procedure, day of receipt and day late from."""

    agency_id = models.BigIntegerField(default=NO_AGENCY)
    procedure_id = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp chỉ số theo ngày")
        verbose_name_plural = _("tổng hợp chỉ số theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "province", "agency_id", "procedure_id", "day", "late_day"],
                name="indicators_daily_key",
            )
        ]
        indexes = [
            models.Index(fields=["day", "procedure_id"], name="indicators_daily_day_proc"),
            models.Index(fields=["day", "agency_id"], name="indicators_daily_day_agency"),
            models.Index(fields=["province", "day"], name="indicators_daily_prov_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.procedure_id} {self.day} n={self.n}"


class UnitDailyRollup(_SumCounters):
    """The same sums per unit and day only (no late day: one row per unit and day), what
    the all-units scorecard reads; lateness comes from ``UnitLateRollup``."""

    unit = models.CharField(_("đơn vị có thẩm quyền"), max_length=5)
    province = models.CharField(_("tỉnh"), max_length=5)
    day = models.DateField(_("ngày tiếp nhận"))
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp chỉ số theo đơn vị, ngày")
        verbose_name_plural = _("tổng hợp chỉ số theo đơn vị, ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "province", "day"], name="indicators_unit_daily_key"
            )
        ]
        indexes = [
            models.Index(fields=["day", "unit"], name="indicators_unit_day"),
            models.Index(fields=["province", "day"], name="indicators_unit_province_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.day} n={self.n}"


class UnitLateRollup(_Keys):
    """How many dossiers of a unit received on ``day`` count as late from ``late_day``;
    only dossiers that have a late day (open ones with a due time, late ones)."""

    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("hồ sơ trễ hạn theo đơn vị, ngày")
        verbose_name_plural = _("hồ sơ trễ hạn theo đơn vị, ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "province", "day", "late_day"], name="indicators_unit_late_key"
            )
        ]
        indexes = [models.Index(fields=["day", "late_day"], name="indicators_unit_late_day")]

    def __str__(self) -> str:
        return f"{self.unit} {self.day} → {self.late_day} n={self.n}"


class RollupCursor(models.Model):
    """The last dossier event applied (one row, pk 1). ``gaps`` lists event ids below it that
    were not visible yet (a transaction still open) with when they were first seen; they are
    looked for again until ``rollup.GAP_SECONDS`` have passed."""

    last_event_id = models.BigIntegerField(default=0)
    gaps = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vị trí cập nhật chỉ số")
        verbose_name_plural = _("vị trí cập nhật chỉ số")

    def __str__(self) -> str:
        return f"event {self.last_event_id}"


class DirtyDossier(models.Model):
    """A dossier whose facts changed without a dossier event (payment, result, rating,
    component, feedback); ``touches`` counts the changes so a refresh that read an older
    count does not remove a newer touch."""

    dossier_id = models.BigIntegerField(primary_key=True)
    touches = models.IntegerField(default=1)

    class Meta:
        verbose_name = _("hồ sơ cần cập nhật chỉ số")
        verbose_name_plural = _("hồ sơ cần cập nhật chỉ số")

    def __str__(self) -> str:
        return str(self.dossier_id)
