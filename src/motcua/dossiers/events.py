"""The event log: append, hash-chain and verify.

Each event's hash covers its content and the previous event's hash of the same dossier,
so editing, deleting or reordering an event breaks the chain. Anchors seal every
dossier's chain head at a moment and are chained too, so deleting a whole dossier's
history after an anchor is detected as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.dossiers import writer
from motcua.dossiers.models import AuditAnchor, Dossier, DossierEvent

GENESIS = "0" * 64


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def _at(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *, dossier_id: int, seq: int, kind: str, from_state: str, to_state: str,
    actor_id: int | None, actor_label: str, unit_id: str | None, at: dt.datetime,
    payload: dict[str, Any], prev_hash: str,
) -> str:  # fmt: skip
    """The SHA-256 of an event's content and its predecessor's hash."""
    content = {
        "dossier": dossier_id, "seq": seq, "kind": kind, "from": from_state, "to": to_state,
        "actor": actor_id, "actor_label": actor_label, "unit": unit_id, "at": _at(at),
        "payload": payload, "prev": prev_hash,
    }  # fmt: skip
    return hashlib.sha256(_canonical(content)).hexdigest()


def _hash_of(event: DossierEvent) -> str:
    return event_hash(
        dossier_id=event.dossier_id, seq=event.seq, kind=event.kind,
        from_state=event.from_state, to_state=event.to_state, actor_id=event.actor_id,
        actor_label=event.actor_label, unit_id=event.unit_id, at=event.at,
        payload=event.payload, prev_hash=event.prev_hash,
    )  # fmt: skip


def build(
    dossier: Dossier, *, kind: str, from_state: str = "", to_state: str = "",
    actor: Any = None, unit_id: str | None = None, payload: dict[str, Any] | None = None,
    at: dt.datetime | None = None, prev: DossierEvent | None = None,
) -> DossierEvent:  # fmt: skip
    """An unsaved event chained after ``prev`` (the dossier's last event, or None)."""
    at = at or timezone.now()
    payload = json.loads(_canonical(payload or {}))  # what the JSON column will give back
    event = DossierEvent(
        dossier=dossier, seq=(prev.seq + 1) if prev else 1, kind=kind, from_state=from_state,
        to_state=to_state, actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if actor is not None else "", unit_id=unit_id, at=at,
        payload=payload, prev_hash=prev.hash if prev else GENESIS,
    )  # fmt: skip
    event.hash = _hash_of(event)
    return event


def append(dossier: Dossier, **fields: Any) -> DossierEvent:
    """Append an event after the chain head kept on the dossier row, which the caller has
    locked (select_for_update) or created in this transaction. Moves the head on the
    instance; the caller saves ``event_seq`` and ``event_hash`` with the dossier."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("events.append must run inside the transaction that changes the dossier")
    prev = (
        DossierEvent(seq=dossier.event_seq, hash=dossier.event_hash) if dossier.event_seq else None
    )
    event = build(dossier, prev=prev, **fields)
    writer.current().insert_event(event)
    dossier.event_seq, dossier.event_hash = event.seq, event.hash
    return event


_COLUMNS = ("dossier_id", "seq", "kind", "from_state", "to_state", "actor_id", "actor_label",
            "unit_id", "at", "payload", "prev_hash", "hash")  # fmt: skip


def insert(event: DossierEvent) -> None:
    """INSERT the event with one plain statement: the hottest write of every transition,
    where the ORM's statement compilation cost more than the database's work."""
    connection = transaction.get_connection()
    ops = connection.ops
    table = ops.quote_name(DossierEvent._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    params = [
        event.dossier_id, event.seq, event.kind, event.from_state, event.to_state,
        event.actor_id, event.actor_label, event.unit_id,
        ops.adapt_datetimefield_value(event.at),
        ops.adapt_json_value(event.payload, DossierEvent._meta.get_field("payload").encoder),
        event.prev_hash, event.hash,
    ]  # fmt: skip
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING {ops.quote_name('id')}", params)
            event.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, params)
            event.pk = ops.last_insert_id(cursor, DossierEvent._meta.db_table, "id")
    event._state.adding = False
    event._state.db = connection.alias


def head_save(dossier: Dossier) -> None:
    """Persist the chain head of a dossier created in this transaction."""
    connection = transaction.get_connection()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(Dossier._meta.db_table)} SET {qn('event_seq')} = %s, "
            f"{qn('event_hash')} = %s WHERE {qn('id')} = %s",
            [dossier.event_seq, dossier.event_hash, dossier.pk],
        )


@dataclass(frozen=True)
class Finding:
    dossier_id: int | None
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"dossier {self.dossier_id}" if self.dossier_id else "log"
        return f"{where}{f' event {self.seq}' if self.seq else ''}: {self.problem}"


def _events() -> Iterator[DossierEvent]:
    return DossierEvent.objects.order_by("dossier_id", "seq").iterator(chunk_size=5000)


def verify() -> list[Finding]:
    """Every edited, deleted or reordered event, and any history removed after an anchor."""
    findings: list[Finding] = []
    prev: DossierEvent | None = None
    for event in _events():
        if prev is None or prev.dossier_id != event.dossier_id:
            expected_seq, expected_prev = 1, GENESIS
        else:
            expected_seq, expected_prev = prev.seq + 1, prev.hash
        if _hash_of(event) != event.hash:
            findings.append(Finding(event.dossier_id, event.seq, "content edited (hash mismatch)"))
        if event.seq != expected_seq:
            findings.append(Finding(event.dossier_id, event.seq,
                                    f"missing event(s) before it (expected number {expected_seq})"))  # fmt: skip
        elif event.prev_hash != expected_prev:
            findings.append(Finding(event.dossier_id, event.seq,
                                    "chain broken: reordered or predecessor replaced"))  # fmt: skip
        prev = event
    findings.extend(_verify_heads())
    findings.extend(_verify_anchors())
    return findings


def _verify_heads() -> list[Finding]:
    """Each dossier's recorded chain head against its last event: removing the newest
    events (or all of them) of a dossier is caught here even before the next anchor.
    A merge of two ordered scans, so memory stays flat at any size."""
    findings = []
    lasts = DossierEvent.objects.order_by("dossier_id", "-seq").distinct("dossier_id") if (
        transaction.get_connection().vendor == "postgresql"
    ) else None  # fmt: skip
    heads = Dossier.objects.order_by("id").values_list("id", "event_seq", "event_hash")
    events = _last_events(lasts)
    current = next(events, None)
    for dossier_id, seq, hash_ in heads.iterator(chunk_size=5000):
        while current is not None and current[0] < dossier_id:
            current = next(events, None)
        last = current[1:] if current is not None and current[0] == dossier_id else (0, "")
        if (seq, hash_) != last:
            findings.append(Finding(dossier_id, seq or None,
                f"chain head says event {seq}, log ends at event {last[0]}: events removed"))  # fmt: skip
    return findings


def _last_events(lasts: Any) -> Iterator[tuple[int, int, str]]:
    """(dossier id, seq, hash) of each dossier's last event, in dossier order."""
    if lasts is not None:
        yield from lasts.values_list("dossier_id", "seq", "hash").iterator(chunk_size=5000)
        return
    previous = None
    for row in (
        DossierEvent.objects.order_by("dossier_id", "seq")
        .values_list("dossier_id", "seq", "hash")
        .iterator(chunk_size=5000)
    ):
        if previous is not None and previous[0] != row[0]:
            yield previous
        previous = row
    if previous is not None:
        yield previous


def _heads(last_event_id: int) -> tuple[str, int, int]:
    """Hash over every dossier's last event with id ≤ last_event_id; dossier and event counts."""
    digest = hashlib.sha256()
    dossiers = events = 0
    current: DossierEvent | None = None
    for event in (
        DossierEvent.objects.filter(id__lte=last_event_id)
        .order_by("dossier_id", "seq")
        .iterator(chunk_size=5000)
    ):
        events += 1
        if current is not None and current.dossier_id != event.dossier_id:
            digest.update(f"{current.dossier_id}:{current.seq}:{current.hash};".encode())
            dossiers += 1
        current = event
    if current is not None:
        digest.update(f"{current.dossier_id}:{current.seq}:{current.hash};".encode())
        dossiers += 1
    return digest.hexdigest(), dossiers, events


def _anchor_hash(anchor: AuditAnchor) -> str:
    return hashlib.sha256(_canonical({
        "at": _at(anchor.at), "dossiers": anchor.dossier_count, "events": anchor.event_count,
        "heads": anchor.heads_hash, "last": anchor.last_event_id, "prev": anchor.prev_hash,
    })).hexdigest()  # fmt: skip


@transaction.atomic
def anchor_create() -> AuditAnchor:
    """Seal the log as it is now (run periodically, e.g. nightly: ``motcua audit anchor``)."""
    last = DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    heads, dossiers, events = _heads(last)
    previous = AuditAnchor.objects.order_by("-id").first()
    anchor = AuditAnchor(
        at=timezone.now(), dossier_count=dossiers, event_count=events, heads_hash=heads,
        prev_hash=previous.hash if previous else GENESIS, last_event_id=last,
    )  # fmt: skip
    anchor.hash = _anchor_hash(anchor)
    anchor.save()
    return anchor


def _verify_anchors() -> list[Finding]:
    """The anchors' own chain, and the latest anchor's seal over the history it covers
    (it covers everything the earlier ones did)."""
    findings = []
    prev_hash = GENESIS
    anchors = list(AuditAnchor.objects.order_by("id"))
    for anchor in anchors:
        if anchor.prev_hash != prev_hash or _anchor_hash(anchor) != anchor.hash:
            findings.append(Finding(None, None, f"anchor {anchor.pk} edited or removed"))
        prev_hash = anchor.hash
    if anchors:
        last = anchors[-1]
        now = _heads(last.last_event_id)
        if now != (last.heads_hash, last.dossier_count, last.event_count):
            findings.append(Finding(None, None,
                f"history sealed by anchor {last.pk} ({last.at:%d/%m/%Y %H:%M}) changed: "
                f"{last.dossier_count} dossiers / {last.event_count} events then, "
                f"{now[1]} / {now[2]} now"))  # fmt: skip
    return findings
