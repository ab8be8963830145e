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


def append(dossier: Dossier, *, first: bool = False, **fields: Any) -> DossierEvent:
    """Append an event to a dossier whose row the caller has locked (select_for_update);
    ``first`` for a dossier created in this transaction (no predecessor to read)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("events.append must run inside the transaction that changes the dossier")
    prev = None
    if not first:
        head = (
            DossierEvent.objects.filter(dossier=dossier)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        prev = DossierEvent(seq=head[0], hash=head[1]) if head else None
    event = build(dossier, prev=prev, **fields)
    event.save(force_insert=True)
    return event


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
    findings.extend(_verify_anchors())
    return findings


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
