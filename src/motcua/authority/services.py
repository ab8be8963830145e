"""Writes for the decentralisation registry: the CSV import, post-inspections and obstacles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.authority.constants import (
    LEVEL_ALIASES,
    MODE_ALIASES,
    STATUS_ALIASES,
    GovLevel,
    Mode,
    ObstacleKind,
    ObstacleStatus,
    Status,
)
from motcua.authority.errors import NotAllowed, StatusChangeNotAllowed
from motcua.authority.models import DecentralisedTask, Obstacle, PostInspection
from motcua.authority.selectors import (
    can_raise_for,
    can_record_inspection,
    is_ministry_staff,
    province_get,
    tasks_received,
)
from motcua.catalog.models import Field, Procedure
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.imports import DryRunRollback, ImportReport, read_csv_rows
from motcua.core.text import fold

REQUIRED_COLUMNS = [
    "code",
    "name",
    "field",
    "from_level",
    "to_level",
    "mode",
    "instrument",
    "article",
    "article_verified",
    "status",
    "source",
]
OPTIONAL_COLUMNS = ["field_slug", "effective_from", "effective_to", "procedures", "notes"]
KNOWN_COLUMNS = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)

_TRUE = {"yes", "y", "true", "1", "co", "x"}
_FALSE = {"no", "n", "false", "0", "khong"}
_CODE_MAX = DecentralisedTask._meta.get_field("code").max_length


class RowError(ValueError):
    """A reason to reject one CSV line."""


@dataclass
class _Row:
    line: int
    code: str
    values: dict[str, Any]
    procedure_codes: list[str]


def _choice(raw: str, column: str, choices: type, aliases: dict[str, str]) -> str:
    value = raw.strip()
    if value in choices.values:
        return value
    key = fold(value)
    if key in choices.values:
        return key
    if key in aliases:
        return aliases[key]
    allowed = ", ".join(v for v in choices.values if v) or "-"
    raise RowError(f"unknown {column} '{raw}' (allowed: {allowed})")


def _bool(raw: str, column: str) -> bool:
    key = fold(raw.strip())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise RowError(f"{column} must be yes or no, found '{raw}'")


def _date(raw: str, column: str) -> dt.date | None:
    value = raw.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"{column} '{raw}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def _parse_row(
    line: int, r: dict[str, str], fields_by_slug: dict[str, Field], fields_by_name: dict[str, Field]
) -> tuple[_Row, list[str]]:
    """Check one CSV row; return it and its warnings, or raise RowError."""
    warnings: list[str] = []
    code = r["code"].strip()
    if not code:
        raise RowError("missing code")
    if len(code) > _CODE_MAX or any(ch.isspace() for ch in code):
        raise RowError(f"code '{code}' must be at most {_CODE_MAX} characters without spaces")
    name = r["name"].strip()
    if not name:
        raise RowError("missing name (what moved)")
    field_name = r["field"].strip()
    if not field_name:
        raise RowError("missing field")
    from_level = _choice(r["from_level"], "from_level", GovLevel, LEVEL_ALIASES)
    to_level = _choice(r["to_level"], "to_level", GovLevel, LEVEL_ALIASES)
    if from_level == to_level:
        raise RowError(f"from_level and to_level are both '{from_level}'")
    mode = _choice(r["mode"], "mode", Mode, MODE_ALIASES)
    status = _choice(r["status"], "status", Status, STATUS_ALIASES)
    verified = _bool(r["article_verified"], "article_verified")
    instrument, article, source = r["instrument"], r["article"], r["source"]
    if not source:
        raise RowError("missing source: every row must say where its facts come from")
    if verified and not (instrument and article):
        raise RowError(
            "article_verified is yes but the citation is incomplete (instrument and article "
            "are required); cite both or set article_verified to no"
        )
    effective_from = _date(r.get("effective_from", ""), "effective_from")
    effective_to = _date(r.get("effective_to", ""), "effective_to")
    if effective_from and effective_to and effective_to < effective_from:
        raise RowError(f"effective_to {effective_to} is before effective_from {effective_from}")

    slug = r.get("field_slug", "").strip()
    field = None
    if slug:
        field = fields_by_slug.get(slug)
        if field is None:
            warnings.append(f"no catalogue field with slug '{slug}'; field kept as text only")
    else:
        field = fields_by_name.get(fold(field_name))

    procedure_codes: list[str] = []
    for part in r.get("procedures", "").split(";"):
        part = part.strip()
        if part and part not in procedure_codes:
            procedure_codes.append(part)

    values = {
        "name": name,
        "field_name": field_name,
        "field_id": field.pk if field else None,
        "from_level": from_level,
        "to_level": to_level,
        "mode": mode,
        "instrument": instrument,
        "article": article,
        "article_verified": verified,
        "source": source,
        "effective_from": effective_from,
        "effective_to": effective_to,
        "status": status,
        "notes": r.get("notes", ""),
    }
    return _Row(line, code, values, procedure_codes), warnings


def task_import_csv(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Create or update registry rows from a CSV file, keyed by ``code``.

    Each bad line is rejected with file, line and reason and changes nothing; the valid lines
    load. Unknown procedure codes and field slugs are warnings (the row loads without them).
    Rows absent from the file are kept: the file adds and corrects, it never deletes.
    Running the same file twice changes nothing the second time. ``dry_run`` rolls back.
    """
    path = Path(path)
    report = ImportReport(dry_run=dry_run)
    fields_by_slug = {f.slug: f for f in Field.objects.all()}
    fields_by_name = {fold(f.name): f for f in fields_by_slug.values()}

    rows: list[_Row] = []
    seen: dict[str, int] = {}
    header_checked = False
    for line, r in read_csv_rows(path, report, REQUIRED_COLUMNS):
        if not header_checked:
            header_checked = True
            unknown = sorted(set(r) - KNOWN_COLUMNS)
            if unknown:
                report.warn(path.name, 1, f"unknown columns ignored: {', '.join(unknown)}")
        try:
            row, warnings = _parse_row(line, r, fields_by_slug, fields_by_name)
        except RowError as exc:
            report.reject(path.name, line, str(exc))
            continue
        if row.code in seen:
            report.reject(
                path.name, line, f"duplicate code {row.code} (first on line {seen[row.code]})"
            )
            continue
        seen[row.code] = line
        for warning in warnings:
            report.warn(path.name, line, warning)
        rows.append(row)

    wanted = {c for row in rows for c in row.procedure_codes}
    procedures = dict(Procedure.objects.filter(code__in=wanted).values_list("code", "pk"))
    existing = {
        t.code: t
        for t in DecentralisedTask.objects.filter(code__in=[r.code for r in rows]).prefetch_related(
            "procedures"
        )
    }
    try:
        with transaction.atomic():
            for row in rows:
                missing = [c for c in row.procedure_codes if c not in procedures]
                if missing:
                    report.warn(
                        path.name,
                        row.line,
                        f"unknown procedure codes skipped: {', '.join(missing)}",
                    )
                procedure_ids = {procedures[c] for c in row.procedure_codes if c in procedures}
                _upsert(row, existing.get(row.code), procedure_ids, path.name, report)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def _upsert(
    row: _Row,
    task: DecentralisedTask | None,
    procedure_ids: set[int],
    file: str,
    report: ImportReport,
) -> None:
    """Write one row inside its own savepoint, so a database refusal rejects only this line."""
    try:
        with transaction.atomic():
            if task is None:
                task = DecentralisedTask.objects.create(code=row.code, **row.values)
                task.procedures.set(procedure_ids)
                report.created += 1
                return
            changed = [k for k, v in row.values.items() if getattr(task, k) != v]
            current_ids = {p.pk for p in task.procedures.all()}
            if changed:
                for key in changed:
                    setattr(task, key, row.values[key])
                task.save(update_fields=[*changed, "updated_at"])
            if current_ids != procedure_ids:
                task.procedures.set(procedure_ids)
            if changed or current_ids != procedure_ids:
                report.updated += 1
            else:
                report.unchanged += 1
    except IntegrityError as exc:
        report.reject(file, row.line, f"refused by the database: {exc}")


# --- Monitoring: post-inspections and obstacles ------------------------------------------------

_TEXT_MAX = 10_000


def _text(value: str, message: str, *, max_length: int = _TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message)
    if len(value) > max_length:
        raise InvalidInput(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": max_length})
    return value


def _not_future(day: dt.date | None, label: str) -> dt.date:
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise InvalidInput(_("%(label)s không được sau hôm nay.") % {"label": label})
    return day


def _received_task(code: str) -> DecentralisedTask:
    task = tasks_received().filter(code=(code or "").strip()).first()
    if task is None:
        raise InvalidInput(
            _("Không có nhiệm vụ mã “%(code)s” được chuyển cho cấp tỉnh hoặc cấp xã.")
            % {"code": code}
        )
    return task


@transaction.atomic
def post_inspection_record(
    *,
    actor: Any,
    province_code: str,
    task_code: str,
    visited_on: dt.date,
    inspecting_body: str,
    findings: str,
) -> PostInspection:
    """Record one post-inspection visit to a province about a task it received."""
    province = province_get(province_code)
    if not can_record_inspection(actor, province.code):
        raise NotAllowed(_("Bạn không có quyền ghi kết quả hậu kiểm cho tỉnh này."))
    task = _received_task(task_code)
    body = _text(inspecting_body, _("Vui lòng ghi cơ quan kiểm tra."), max_length=255)
    text = _text(findings, _("Vui lòng ghi kết quả kiểm tra."))
    if visited_on is None:
        raise InvalidInput(_("Vui lòng ghi ngày kiểm tra."))
    day = _not_future(visited_on, _("Ngày kiểm tra"))
    return PostInspection.objects.create(
        task=task,
        province=province,
        visited_on=day,
        inspecting_body=body,
        findings=text,
        created_by=actor,
    )


@transaction.atomic
def obstacle_raise(
    *,
    actor: Any,
    province_code: str,
    content: str,
    kind: str = ObstacleKind.DIFFICULTY,
    task_code: str = "",
    raised_on: dt.date | None = None,
) -> Obstacle:
    """A province sends the ministry a difficulty or a recommendation (status: open)."""
    province = province_get(province_code)
    if not can_raise_for(actor, province.code):
        raise NotAllowed(
            _("Chỉ cán bộ cấp tỉnh của %(province)s được gửi khó khăn, vướng mắc, kiến nghị.")
            % {"province": province.full_name}
        )
    if kind not in ObstacleKind.values:
        raise InvalidInput(_("Loại nội dung không hợp lệ: %(kind)s") % {"kind": kind})
    text = _text(content, _("Vui lòng ghi nội dung khó khăn, vướng mắc hoặc kiến nghị."))
    task = _received_task(task_code) if (task_code or "").strip() else None
    return Obstacle.objects.create(
        province=province,
        task=task,
        kind=kind,
        content=text,
        raised_on=_not_future(raised_on, _("Ngày gửi")),
        raised_by=actor,
    )


def _lock_obstacle(obstacle_id: int, actor: Any, allowed_from: set[str], refusal: str) -> Obstacle:
    if not is_ministry_staff(actor):
        raise NotAllowed(_("Chỉ cán bộ của Bộ được trả lời hoặc báo cáo Chính phủ."))
    obstacle = Obstacle.objects.select_for_update().filter(pk=obstacle_id).first()
    if obstacle is None:
        raise NotFound(_("Không tìm thấy khó khăn, vướng mắc số %(id)s.") % {"id": obstacle_id})
    if obstacle.status not in allowed_from:
        raise StatusChangeNotAllowed(
            refusal % {"status": obstacle.get_status_display()}, status=obstacle.status
        )
    return obstacle


@transaction.atomic
def obstacle_answer(
    *, actor: Any, obstacle_id: int, answer: str, at: dt.datetime | None = None
) -> Obstacle:
    """The ministry answers an open obstacle. An answer is final: a second one is refused
    (the obstacle can still be escalated to the Government)."""
    text = _text(answer, _("Vui lòng ghi nội dung trả lời."))
    obstacle = _lock_obstacle(
        obstacle_id,
        actor,
        {ObstacleStatus.OPEN},
        _("Chỉ trả lời được nội dung đang chờ trả lời (hiện: %(status)s)."),
    )
    obstacle.status = ObstacleStatus.ANSWERED
    obstacle.answer = text
    obstacle.answered_at = at or timezone.now()
    obstacle.answered_by = actor
    obstacle.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    return obstacle


@transaction.atomic
def obstacle_escalate(
    *, actor: Any, obstacle_id: int, note: str, at: dt.datetime | None = None
) -> Obstacle:
    """The ministry reports an obstacle (open, or answered but not settled) to the
    Government. Escalated is final: nothing reopens it."""
    text = _text(note, _("Vui lòng ghi nội dung báo cáo Chính phủ (số, ngày văn bản)."))
    obstacle = _lock_obstacle(
        obstacle_id,
        actor,
        {ObstacleStatus.OPEN, ObstacleStatus.ANSWERED},
        _("Nội dung này không báo cáo Chính phủ được nữa (hiện: %(status)s)."),
    )
    obstacle.status = ObstacleStatus.ESCALATED
    obstacle.escalation_note = text
    obstacle.escalated_at = at or timezone.now()
    obstacle.escalated_by = actor
    obstacle.save(update_fields=["status", "escalation_note", "escalated_at", "escalated_by"])
    return obstacle
