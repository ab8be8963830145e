"""The fact vector of a dossier: what the Decision 766 indicators count about it.

A dossier enters the cohort once it is received (it has a code and ``received_at``). Its
keys place it (competent unit, province, receiving agency, procedure, day of receipt, day it
counts as late from); its counters are 0/1 except ``duration_s``. The roll-ups sum these
vectors; ``scan.py`` computes the same sums in SQL without them. Definitions:

- ``online_ok``: an online receipt, which counts for 3.3 only with an electronic result
  when the procedure has a paper result, judged once the dossier reached a result state.
- ``ended`` / ``duration_s``: "Đã xử lý xong" (``finished_at``) takes precedence over
  "Đã trả kết quả" (``closed_at``) for the end; seconds are whole seconds of each time
  (floor of end − floor of receipt, so SQL computes the same integer).
- ``fee_bearing``: the catalogue's fee for the dossier's channel is > 0, or a payment of
  more than 0 was made (the clerk typed the amount where the catalogue gives none); exempt
  and zero-fee dossiers are not fee-bearing. ``paid_online``: fee-bearing and a payment was
  paid through the gateway.
- ``digitised``: at least one current component that is not "shown only", each of them with
  a file or a data-store reference (papers only shown for comparison need no file), and an
  electronic result where a paper result is due.
- ``late_day`` (domain spec §2.5): the second supplement request makes a dossier late from
  that day; otherwise an ended dossier is late from its due day if it ended after the due
  time, an open one from its due day unless paused. The earlier applies. Late as of day E
  means ``late_day <= E`` (open dossiers are measured at the end of the period).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from django.utils import timezone

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.catalog.models import Procedure
from motcua.core.text import fold
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.constants import Satisfaction
from motcua.feedback.models import Feedback, Rating
from motcua.indicators.models import COUNTERS
from motcua.org.constants import Level
from motcua.payments.constants import Method, Status
from motcua.payments.fees import fee_from_catalogue
from motcua.payments.models import Payment
from motcua.results.models import Result, StoredDocument
from motcua.results.services import RESULT_STATES

CERTIFIED_COPY = "chung thuc ban sao"
SUPPLEMENT_EVENT = "request_supplement"  # supplement requests after receipt (dossier_act)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CHUNK = 2000  # ids per IN (…) list


@dataclass(frozen=True)
class Fact:
    unit: str
    province: str
    agency: int | None
    procedure: int
    day: dt.date
    late_day: dt.date | None
    received: int = 1
    online: int = 0
    online_ok: int = 0
    ended: int = 0
    duration_s: int = 0
    needs_result: int = 0
    result_state: int = 0
    e_result: int = 0
    fee_bearing: int = 0
    paid_online: int = 0
    digitised: int = 0
    reused: int = 0
    store_linked: int = 0
    registry: int = 0
    certified_copy: int = 0
    certified_copy_e: int = 0
    rated: int = 0
    disliked: int = 0
    complained: int = 0
    result_due: int = 0
    e_result_due: int = 0
    unhappy: int = 0

    def counters(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in COUNTERS)


KEYS = ("unit", "province", "agency", "procedure", "day", "late_day")
assert tuple(f.name for f in fields(Fact)) == KEYS + COUNTERS


def epoch_seconds(value: dt.datetime) -> int:
    return (value - EPOCH) // dt.timedelta(seconds=1)


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def certified_copy(name: str) -> bool:
    return CERTIFIED_COPY in fold(name or "")


def fee_bearing_channels(procedure: Procedure) -> frozenset[str]:
    """Dossier channels for which the catalogue charges a fee > 0."""
    return frozenset(
        channel
        for channel in Channel.values
        if (fee := fee_from_catalogue(procedure.submission_methods, procedure.fees, channel))
        and (fee.amount or 0) > 0
    )


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def fact_for(dossier_ids: Iterable[int]) -> dict[int, Fact]:
    """The fact vectors of these dossiers (those not received yet are left out): nine
    queries per 2,000 dossiers, whatever their history."""
    ids = sorted(set(dossier_ids))
    out: dict[int, Fact] = {}
    for chunk in _chunks(ids):
        out.update(_facts(chunk))
    return out


def _facts(ids: list[int]) -> dict[int, Fact]:
    rows = list(
        Dossier.objects.filter(pk__in=ids, received_at__isnull=False).values(
            "pk", "procedure_id", "channel", "state", "competent_unit_id",
            "competent_unit__level", "competent_unit__parent_id", "receiving_agency_id",
            "registry_used", "received_at", "due_at", "paused_at", "supplement_count",
            "finished_at", "closed_at",
        )
    )  # fmt: skip
    if not rows:
        return {}
    ids = [row["pk"] for row in rows]
    procedures = {
        p.pk: p
        for p in Procedure.objects.filter(pk__in={row["procedure_id"] for row in rows}).only(
            "name", "result", "fees", "submission_methods"
        )
    }
    fee_channels = {pk: fee_bearing_channels(p) for pk, p in procedures.items()}
    e_results = set(
        Result.objects.filter(dossier_id__in=ids, electronic=True).values_list(
            "dossier_id", flat=True
        )
    )
    paid_any, paid_gateway = set(), set()
    for dossier_id, method in Payment.objects.filter(
        dossier_id__in=ids, status=Status.PAID, amount__gt=0
    ).values_list("dossier_id", "method"):
        paid_any.add(dossier_id)
        if method == Method.ONLINE_GATEWAY:
            paid_gateway.add(dossier_id)
    components: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for dossier_id, how, file, store_ref in DossierComponent.objects.filter(
        dossier_id__in=ids, superseded_at__isnull=True
    ).values_list("dossier_id", "how", "file", "store_ref"):
        components[dossier_id].append((how, bool(file) or bool(store_ref)))
    in_store = set(
        StoredDocument.objects.filter(source_dossier_id__in=ids).values_list(
            "source_dossier_id", flat=True
        )
    )
    ratings = dict(Rating.objects.filter(dossier_id__in=ids).values_list("dossier_id", "level"))
    complaints = set(
        Feedback.objects.filter(dossier_id__in=ids).values_list("dossier_id", flat=True)
    )
    second_supplement = _second_supplements([r["pk"] for r in rows if r["supplement_count"] >= 2])

    out: dict[int, Fact] = {}
    for row in rows:
        pk = row["pk"]
        procedure = procedures[row["procedure_id"]]
        end = row["finished_at"] or row["closed_at"]
        needs_result = bool((procedure.result or "").strip())
        result_state = row["state"] in RESULT_STATES
        e_result = pk in e_results
        online = row["channel"] == Channel.ONLINE
        missing_e_result = needs_result and result_state and not e_result
        fee_bearing = row["channel"] in fee_channels[procedure.pk] or pk in paid_any
        filed = [has_file for how, has_file in components[pk] if how != How.SHOWN_ONLY]
        reused = any(how == How.FROM_STORE for how, _ in components[pk])
        copy = certified_copy(procedure.name)
        level = row["competent_unit__level"]
        out[pk] = Fact(
            unit=row["competent_unit_id"],
            province=(
                row["competent_unit_id"]
                if level == Level.PROVINCE
                else row["competent_unit__parent_id"]
            ),
            agency=row["receiving_agency_id"],
            procedure=row["procedure_id"],
            day=local_day(row["received_at"]),
            late_day=_late_day(row, end, second_supplement.get(pk)),
            online=int(online),
            online_ok=int(online and not missing_e_result),
            ended=int(end is not None),
            duration_s=epoch_seconds(end) - epoch_seconds(row["received_at"]) if end else 0,
            needs_result=int(needs_result),
            result_state=int(result_state),
            e_result=int(e_result),
            fee_bearing=int(fee_bearing),
            paid_online=int(fee_bearing and pk in paid_gateway),
            digitised=int(bool(filed) and all(filed) and not missing_e_result),
            reused=int(reused),
            store_linked=int(reused or pk in in_store),
            registry=int(row["registry_used"]),
            certified_copy=int(copy),
            certified_copy_e=int(copy and e_result),
            rated=int(pk in ratings),
            disliked=int(ratings.get(pk) == Satisfaction.DISSATISFIED),
            complained=int(pk in complaints),
            result_due=int(needs_result and result_state),
            e_result_due=int(needs_result and result_state and e_result),
            unhappy=int(ratings.get(pk) == Satisfaction.DISSATISFIED or pk in complaints),
        )
    return out


def _second_supplements(ids: list[int]) -> dict[int, dt.datetime]:
    """When the second supplement request of each dossier was made (one query)."""
    if not ids:
        return {}
    seen: dict[int, int] = defaultdict(int)
    out: dict[int, dt.datetime] = {}
    for dossier_id, at in (
        DossierEvent.objects.filter(dossier_id__in=ids, kind=SUPPLEMENT_EVENT)
        .order_by("dossier_id", "seq")
        .values_list("dossier_id", "at")
    ):
        seen[dossier_id] += 1
        if seen[dossier_id] == 2:
            out[dossier_id] = at
    return out


def _late_day(row: dict, end: dt.datetime | None, second: dt.datetime | None) -> dt.date | None:
    due = row["due_at"]
    if end is not None:
        by_due = local_day(due) if due is not None and end > due else None
    else:
        # Paused for a supplement, the clock stops; already late when paused, it stays late.
        paused = row["paused_at"]
        by_due = local_day(due) if due is not None and (paused is None or due < paused) else None
    by_supplement = local_day(second) if second is not None else None
    days = [d for d in (by_due, by_supplement) if d is not None]
    return min(days) if days else None
