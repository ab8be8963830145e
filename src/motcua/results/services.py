"""Writes of results and of the citizen data store.

``result_issue`` renders (or takes) the PDF, passes it through ``SIGNER`` when one is set,
stores it, and files an electronic result in its holder's data store, all in one
transaction: a failure while signing stores nothing (never half-signed)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.attachments.storage import dossier_storage
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.org.constants import Role
from motcua.org.selectors import user_can_act_for
from motcua.results import render
from motcua.results.constants import STORE_CODE_FORMAT, Kind
from motcua.results.models import Result, StoredDocument, result_path

log = logging.getLogger(__name__)


def _drafter_id(dossier_id: int) -> int | None:
    """The specialist who drafted the result: the actor of the latest submission for
    approval."""
    return (
        DossierEvent.objects.filter(dossier_id=dossier_id, kind="submit_for_approval")
        .order_by("-seq")
        .values_list("actor_id", flat=True)
        .first()
    )


def agency_signer(result: Result, data: bytes) -> bytes | None:
    """The specialist who drafted the result signs with their personal certificate, then the
    official who issues it, then the deciding unit's agency (People's Committee first) seals
    it with its organisation certificate; each signature keeps the earlier ones valid. A
    person without an active certificate is skipped. None when the agency holds no active
    certificate (the result is stored unsigned)."""
    from motcua.signing.selectors import agency_certificate_for_unit, personal_certificate_for
    from motcua.signing.services import sign_pdf

    seal = agency_certificate_for_unit(result.dossier.competent_unit_id)
    if seal is None:
        return None
    place = result.dossier.competent_unit.full_name
    drafter_id = _drafter_id(result.dossier_id)
    if drafter_id and drafter_id != result.created_by_id:
        drafter = personal_certificate_for(drafter_id)
        if drafter is not None:
            data = sign_pdf(data, certificate=drafter, reason="Dự thảo kết quả", location=place)
    official = personal_certificate_for(result.created_by_id)
    if official is not None:
        data = sign_pdf(data, certificate=official, reason="Phê duyệt kết quả", location=place)
    return sign_pdf(
        data, certificate=seal, reason="Kết quả giải quyết thủ tục hành chính", location=place
    )


# The seam where signing plugs in: called with the (unsaved) result and its PDF bytes, returns
# the signed bytes, or None to store it unsigned. An exception aborts the issue and writes
# nothing. None: results are stored unsigned.
SIGNER: Callable[[Result, bytes], bytes | None] | None = agency_signer

# A result exists once the dossier has reached one of these states.
RESULT_STATES = frozenset({State.RESULT_ISSUED, State.AWAITING_PICKUP, State.RETURNED})
ISSUER_ROLES = (Role.LEADER, Role.SPECIALIST, Role.CLERK)


def store_code(dossier: Dossier, n: int) -> str:
    return STORE_CODE_FORMAT.format(code=dossier.code, n=n)


def _check(dossier: Dossier, actor: Any, kind: str, title: str, *, trusted: bool) -> None:
    if dossier.state not in RESULT_STATES:
        raise InvalidInput(_("Hồ sơ chưa được giải quyết xong: chưa thể có kết quả."))
    if not dossier.code:
        raise InvalidInput(_("Hồ sơ chưa có mã: chưa thể có kết quả."))
    if kind not in Kind.values:
        raise InvalidInput(_("Loại kết quả không hợp lệ."))
    if not title.strip():
        raise InvalidInput(_("Vui lòng nhập tên kết quả."))
    if trusted:  # the transition that issued the result has checked the actor
        return
    units = {dossier.current_unit_id, dossier.competent_unit_id, dossier.receiving_unit_id}
    if not any(user_can_act_for(actor, unit, ISSUER_ROLES) for unit in units):
        raise InvalidInput(_("Bạn không có quyền ghi kết quả cho hồ sơ này."))


def result_issue(
    *, dossier: Dossier, actor: Any, title: str = "", kind: str = "", body: str | None = None,
    pdf: bytes | None = None, electronic: bool = True,
) -> Result:  # fmt: skip
    """Record a result of ``dossier`` (numbered 1, 2, … per dossier). Without ``pdf`` the
    result is rendered from its template; ``electronic=False`` records a paper-only result
    (no file, not filed in the store). Bad input raises ``InvalidInput`` and writes nothing."""
    result = _issue(dossier=dossier, actor=actor, title=title, kind=kind, body=body, pdf=pdf,
                    electronic=electronic, trusted=False)  # fmt: skip
    _touch(dossier.pk)
    return result


def _touch(dossier_id: int) -> None:
    """The Decision 766 roll-ups count electronic results (the automatic result of
    ``issue_result`` has its event; later results have none)."""
    from motcua.indicators.rollup import touch

    touch(dossier_id)


@transaction.atomic
def _issue(
    *, dossier: Dossier, actor: Any, title: str, kind: str, body: str | None,
    pdf: bytes | None, electronic: bool, trusted: bool,
) -> Result:  # fmt: skip
    dossier = Dossier.objects.select_for_update().select_related("procedure").get(pk=dossier.pk)
    kind = kind or render.kind_for(dossier.procedure.result)
    title = (title or render.default_title(dossier.procedure.result, kind)).strip()[:500]
    _check(dossier, actor, kind, title, trusted=trusted)
    if pdf is not None and (not electronic or not pdf.startswith(b"%PDF-")):
        raise InvalidInput(_("Tệp kết quả phải là PDF."))
    n = (Result.objects.filter(dossier=dossier).aggregate(m=Max("n"))["m"] or 0) + 1
    at = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    result = Result(dossier=dossier, n=n, kind=kind, title=title, electronic=electronic,
                    created_at=at, created_by_id=actor_id)  # fmt: skip
    if not electronic:
        result.save()
        return result
    data = pdf if pdf is not None else render.render(dossier, title=title, kind=kind, body=body,
                                                     at=at)  # fmt: skip
    signed = SIGNER(result, data) if SIGNER is not None else None
    if signed is not None:
        data, result.signed = signed, True
    result.sha256 = hashlib.sha256(data).hexdigest()
    result.size = len(data)
    name = dossier_storage().save(result_path(result, "result.pdf"), ContentFile(data))
    result.file.name = name
    try:
        result.save()
        _file_in_store(result, dossier)
    except BaseException:
        _delete(name)
        raise
    # A rollback of the caller's transaction after this point leaves an orphan file under
    # results/ (harmless: nothing refers to it).
    return result


def _delete(name: str) -> None:
    try:
        dossier_storage().delete(name)
    except OSError:
        log.warning("results: could not delete %s", name)


def _file_in_store(result: Result, dossier: Dossier) -> StoredDocument | None:
    """Every electronic result goes to its holder's store as ``<dossier code>-KQ(n)``."""
    holder = dossier.applicant_id_number
    if not result.electronic or not holder:
        return None
    return StoredDocument.objects.create(
        holder_id_number=holder, code=store_code(dossier, result.n), title=result.title,
        result=result, file=result.file.name, sha256=result.sha256, source_dossier=dossier,
        created_at=result.created_at,
    )  # fmt: skip


def on_event(dossier: Dossier, event: DossierEvent | None = None) -> Result | None:
    """Called after a dossier transition (in its transaction): ``issue_result`` gives the
    dossier its result, rendered from the template, unless it has one already. The actor is
    the one of the event."""
    from motcua.dossiers import writer

    kind = getattr(event, "kind", "issue_result")
    if kind != "issue_result" or getattr(writer.current(), "bulk", False):
        return None  # a bulk session (the demo) has no rows yet: see ``results_for_finished``
    if Result.objects.filter(dossier_id=dossier.pk).exists():
        return None
    actor = event.actor if event is not None and event.actor_id else None
    return _issue(dossier=dossier, actor=actor, title="", kind="", body=None, pdf=None,
                  electronic=True, trusted=True)  # fmt: skip


@transaction.atomic
def results_bulk_issue(items: list[tuple[int, bytes | None]], *, at: Any = None) -> int:
    """``_issue`` for many dossiers at once (the demo's older results), dated when each
    dossier was decided (else ``at``): ``(dossier id, pdf)`` pairs, ``pdf=None`` for a paper-only result. The same checks, numbering, storage and
    data-store filing, unsigned (no ``SIGNER``), rows written with a few inserts and each
    dossier touched for the roll-ups. No row locks: for a single writer (the demo, after
    its bulk session). Returns how many were issued."""
    at = at or timezone.now()
    ids = [pk for pk, _pdf in items]
    dossiers = Dossier.objects.select_related("procedure").in_bulk(ids)
    last = dict(
        Result.objects.filter(dossier_id__in=ids)
        .values_list("dossier_id")
        .annotate(m=Max("n"))
        .values_list("dossier_id", "m")
    )
    storage, written, results = dossier_storage(), [], []
    try:
        for pk, pdf in items:
            dossier = dossiers[pk]
            kind = render.kind_for(dossier.procedure.result)
            title = render.default_title(dossier.procedure.result, kind).strip()[:500]
            _check(dossier, None, kind, title, trusted=True)
            if pdf is not None and not pdf.startswith(b"%PDF-"):
                raise InvalidInput(_("Tệp kết quả phải là PDF."))
            result = Result(dossier=dossier, n=(last.get(pk) or 0) + 1, kind=kind, title=title,
                            electronic=pdf is not None,
                            created_at=dossier.finished_at or at)  # fmt: skip
            if pdf is not None:
                result.sha256 = hashlib.sha256(pdf).hexdigest()
                result.size = len(pdf)
                result.file.name = storage.save(result_path(result, "result.pdf"),
                                                ContentFile(pdf))  # fmt: skip
                written.append(result.file.name)
            results.append(result)
        Result.objects.bulk_create(results, batch_size=500)
        StoredDocument.objects.bulk_create(
            [
                StoredDocument(
                    holder_id_number=r.dossier.applicant_id_number, code=store_code(r.dossier, r.n),
                    title=r.title, result=r, file=r.file.name, sha256=r.sha256,
                    source_dossier=r.dossier, created_at=r.created_at,
                )
                for r in results
                if r.electronic and r.dossier.applicant_id_number
            ],
            batch_size=500,
        )  # fmt: skip
        for pk in ids:
            _touch(pk)
    except BaseException:
        for name in written:
            _delete(name)
        raise
    return len(results)


def results_for_finished(dossiers: Any, *, limit: int = 1000) -> int:
    """Give a result to finished dossiers that have none (the demo, after its bulk
    session; at most ``limit``, one transaction each). Returns how many were issued."""
    todo = (
        Dossier.objects.filter(pk__in=dossiers, state__in=RESULT_STATES, results__isnull=True)
        .exclude(code=None)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in list(todo):
        with transaction.atomic():
            _issue(dossier=Dossier(pk=pk), actor=None, title="", kind="", body=None, pdf=None,
                   electronic=True, trusted=True)  # fmt: skip
            _touch(pk)
        done += 1
    return done
