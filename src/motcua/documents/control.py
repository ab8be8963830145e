"""The rows of Mẫu 06 for a dossier received before internal processes existed (it has no
``processes`` steps, which are the rows of every later dossier): built from the dossier's
events, who handed the dossier to whom, where, when. Only the hand-back of the result is
judged, against the dossier's appointment; the other steps had no budget.

Pure: events in, rows out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from motcua.documents.formatting import local

EARLY = "Trước hạn"
ON_TIME = "Đúng hạn"
LATE = "Quá hạn"


@dataclass(frozen=True)
class HandoverRow:
    kind: str  # the event that gave the dossier: transfer | start_processing | hand_back
    from_unit: str  # unit codes
    to_unit: str
    at: dt.datetime  # when it was given
    giver: str = ""
    receiver: str = ""
    received_at: dt.datetime | None = None  # when the receiving side took it, if later
    verdict: str = ""
    note: str = ""


def handover_rows(events: Iterable[Any], *, receiving_unit: str) -> list[HandoverRow]:
    """The hand-overs in ``events`` (oldest first; objects with ``kind``, ``unit_id``, ``at``,
    ``actor_label`` and ``payload``). A transfer's receiver is whoever accepts it at the
    other unit; a commune dossier processed where it was received is handed from the desk
    to the specialist who starts processing it."""
    rows: list[HandoverRow] = []
    desk_clerk = ""
    for e in events:
        payload = e.payload or {}
        if e.kind == "receive":
            desk_clerk = e.actor_label
        elif e.kind in ("transfer", "hand_back"):
            rows.append(HandoverRow(
                kind=e.kind, from_unit=payload.get("from_unit") or e.unit_id or "",
                to_unit=payload.get("to_unit") or "", at=e.at, giver=e.actor_label,
            ))  # fmt: skip
        elif e.kind == "accept":
            open_ = [
                i for i, r in enumerate(rows)
                if r.kind == "transfer" and not r.receiver and r.to_unit == e.unit_id
            ]  # fmt: skip
            if open_:
                rows[open_[-1]] = replace(rows[open_[-1]], receiver=e.actor_label, received_at=e.at)
            else:
                rows.append(HandoverRow(kind=e.kind, from_unit=receiving_unit,
                                        to_unit=e.unit_id or "", at=e.at,
                                        receiver=e.actor_label))  # fmt: skip
        elif e.kind == "start_processing":
            rows.append(HandoverRow(
                kind=e.kind, from_unit=receiving_unit, to_unit=e.unit_id or receiving_unit,
                at=e.at, giver=desk_clerk, receiver=e.actor_label,
            ))  # fmt: skip
    return rows


def verdict(at: dt.datetime, due: dt.datetime) -> str:
    """Early before the appointment's day, on time on that day up to the appointment's time,
    late after it (dates in Vietnam's time zone)."""
    if at > due:
        return LATE
    return ON_TIME if local(at).date() == local(due).date() else EARLY


def due_verdicts(rows: Sequence[HandoverRow], due_at: dt.datetime | None) -> list[str]:
    """The result handed back to the desk is judged against the appointment; other rows have
    no budget (empty)."""
    return [
        verdict(r.at, due_at) if r.kind == "hand_back" and due_at is not None else "" for r in rows
    ]


def with_verdicts(rows: Sequence[HandoverRow], due_at: dt.datetime | None) -> list[HandoverRow]:
    judged = due_verdicts(rows, due_at)
    return [replace(r, verdict=v or r.verdict) for r, v in zip(rows, judged, strict=True)]
