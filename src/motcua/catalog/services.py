"""Writes for the catalogue: import (idempotent upsert by code) and administrator overrides."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import lzma
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.catalog import normalize
from motcua.catalog.constants import (
    LEVEL_LABELS,
    ST_FIELDS,
    ST_MINISTRY,
    ImplementingLevel,
    OnlineLevel,
    ValueSource,
)
from motcua.catalog.models import Field, Procedure, ProcedureRevision, RequiredComponent
from motcua.core.imports import DryRunRollback, ImportReport, decoded_lines
from motcua.core.text import fold
from motcua.org.models import Agency
from motcua.org.services import agency_ensure_central

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]

# No procedure takes longer than this (in any unit); beyond it a value is a parsing slip.
MAX_TIME_LIMIT = 3650
CODE_RE = re.compile(r"^\d{1,2}\.\d{6}$")
KNOWN_KEYS = {
    "code", "name", "field", "implementing_level", "procedure_type", "publishing_decision",
    "issuing_body", "agency_competent", "agency_executing", "agency_executing_list",
    "agency_authorized", "agency_coordinating", "receiving_address", "subjects", "steps_text",
    "submission_methods", "submission_methods_text", "documents", "documents_text",
    "legal_basis", "legal_basis_text", "requirements", "result", "related_procedures",
    "online_service_level", "source", "effective_from", "effective_to",
}  # fmt: skip

# Central bodies that issue procedures (after the 2025 restructuring of the Government),
# with the labels the portal uses for some of them.
CENTRAL_BODIES = [
    "Bộ Quốc phòng", "Bộ Công an", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính",
    "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế", "Bộ Dân tộc và Tôn giáo", "Ngân hàng Nhà nước Việt Nam", "Thanh tra Chính phủ",
    "Văn phòng Chính phủ", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao",
    "Bảo hiểm xã hội Việt Nam", "Kiểm toán nhà nước",
]  # fmt: skip
BODY_ALIASES = {
    "bo xay dung (giao thong van tai cu)": "Bộ Xây dựng",
    "toa an nhan dan": "Tòa án nhân dân tối cao",
    "ngan hang nha nuoc": "Ngân hàng Nhà nước Việt Nam",
}


def open_catalogue(path: Path) -> bytes:
    """Read a catalogue file, plain or compressed (.xz, .gz)."""
    if path.suffix == ".xz":
        with lzma.open(path, "rb") as fh:
            return fh.read()
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            return fh.read()
    return path.read_bytes()


def ensure_central_bodies() -> dict[str, Agency]:
    """The central issuing bodies, keyed by folded name (created once, without codes)."""
    return agency_ensure_central(CENTRAL_BODIES)


def ensure_st_fields() -> list[Field]:
    """The seven fields the Ministry of Science and Technology reports dossiers in."""
    bodies = ensure_central_bodies()
    ministry = bodies[fold(ST_MINISTRY)]
    fields = []
    for slug, name in ST_FIELDS:
        field, _created = Field.objects.get_or_create(
            name=name,
            defaults={"slug": slug, "ministry": ministry, "is_science_technology": True},
        )
        if not field.is_science_technology:
            field.is_science_technology = True
            field.save(update_fields=["is_science_technology"])
        fields.append(field)
    return fields


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _date(raw: dict[str, Any], key: str) -> dt.date | None:
    value = raw.get(key)
    return dt.date.fromisoformat(value) if value else None


def _record_values(
    raw: dict[str, Any], bodies: dict[str, Agency], file: str, line: int, report: ImportReport
) -> tuple[dict[str, Any], list[dict[str, Any]], str] | None:
    """Validate and normalise one raw record: (procedure values, components, field name)."""
    code = _text(raw, "code")
    if not code:
        report.reject(file, line, "missing procedure code")
        return None
    if not CODE_RE.match(code):
        report.reject(file, line, f"procedure code '{code}' is not in the form 1.001193")
        return None
    name = _text(raw, "name")
    field_name = _text(raw, "field")
    if not name or not field_name:
        report.reject(file, line, f"{code}: missing {'name' if not name else 'field'}")
        return None
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        report.warn(file, line, f"{code}: unknown keys ignored: {', '.join(unknown)}")
    body = None
    body_text = _text(raw, "issuing_body")
    if body_text:
        key = fold(body_text)
        body = bodies.get(key) or bodies.get(fold(BODY_ALIASES.get(key, "")))
        if body is None:
            report.reject(
                file,
                line,
                f"{code}: unknown issuing body '{body_text}'; add it as an agency first",
            )
            return None
    try:
        effective_from = _date(raw, "effective_from") or dt.date(2025, 7, 1)
        effective_to = _date(raw, "effective_to")
    except ValueError as exc:
        report.reject(file, line, f"{code}: bad effective date ({exc})")
        return None

    labels = raw.get("implementing_level") or []
    levels = {LEVEL_LABELS[label] for label in labels if label in LEVEL_LABELS}
    unknown_levels = [label for label in labels if label not in LEVEL_LABELS]
    result = normalize.normalize_procedure(raw)
    for warning in result.warnings:
        report.warn(file, line, f"{code}: {warning}")
    review = {
        key: found
        for key, found in (
            ("unknown_levels", unknown_levels),
            ("district_mentions", result.district_mentions),
        )
        if found
    }

    online_level = OnlineLevel.UNKNOWN
    source_level = raw.get("online_service_level")
    level_map = {"toan_trinh": OnlineLevel.END_TO_END, "end_to_end": OnlineLevel.END_TO_END,
                 "mot_phan": OnlineLevel.PARTIAL, "partial": OnlineLevel.PARTIAL,
                 "none": OnlineLevel.NONE}  # fmt: skip
    if source_level:
        mapped = level_map.get(fold(str(source_level)).replace(" ", "_"))
        if mapped is None:
            report.warn(file, line, f"{code}: unknown online level '{source_level}', kept unknown")
        else:
            online_level = mapped
    time_limit = result.time_limit
    if time_limit is not None and not (0 <= time_limit.value <= MAX_TIME_LIMIT):
        report.warn(
            file, line, f"{code}: time limit '{time_limit.text}' is out of range; left empty"
        )
        time_limit = None
    values: dict[str, Any] = {
        "name": name,
        "level_ministry": ImplementingLevel.MINISTRY in levels,
        "level_province": ImplementingLevel.PROVINCE in levels,
        "level_commune": ImplementingLevel.COMMUNE in levels,
        "level_other": ImplementingLevel.OTHER in levels,
        "procedure_type": _text(raw, "procedure_type")[:255],
        "publishing_decision": _text(raw, "publishing_decision")[:255],
        "issuing_body_id": body.pk if body else None,
        "issuing_body_text": body_text[:255],
        "agency_competent": _text(raw, "agency_competent"),
        "agency_executing": _text(raw, "agency_executing"),
        "agency_executing_list": list(raw.get("agency_executing_list") or []),
        "agency_authorized": _text(raw, "agency_authorized"),
        "agency_coordinating": _text(raw, "agency_coordinating"),
        "receiving_address": _text(raw, "receiving_address"),
        "subjects": list(raw.get("subjects") or []),
        "steps": result.steps,
        "steps_text": _text(raw, "steps_text"),
        "requirements": _text(raw, "requirements"),
        "result": result.result_name,
        "result_text": _text(raw, "result"),
        "related_procedures": _text(raw, "related_procedures"),
        "time_limit_value": time_limit.value if time_limit else None,
        "time_limit_unit": time_limit.unit if time_limit else "",
        "time_limit_text": time_limit.text if time_limit else "",
        "time_limit_source": result.time_limit_source if time_limit else "",
        "submission_methods": _jsonable([asdict(m) for m in result.methods]),
        "submission_methods_text": _text(raw, "submission_methods_text"),
        "fees": _jsonable([asdict(f) for f in result.fees]),
        "has_fee": result.has_fee,
        "documents_text": _text(raw, "documents_text"),
        "legal_basis": _jsonable(result.legal_basis),
        "legal_basis_text": _text(raw, "legal_basis_text"),
        "online_filing_offered": result.online_filing_offered,
        "online_filing_source": ValueSource.DERIVED,
        "online_level": online_level,
        "online_level_source": ValueSource.IMPORT if source_level else "",
        "needs_review": bool(review),
        "review_findings": review,
        "effective_from": effective_from,
        "effective_to": effective_to,
        "source": raw.get("source") or {},
    }
    components = [
        {
            "position": i,
            "case": c.case,
            "name": c.name,
            "template": c.template[:500],
            "quantity_text": c.quantity_text[:255],
            "originals": c.originals,
            "copies": c.copies,
        }
        for i, c in enumerate(result.components, start=1)
    ]
    # What the search index reads besides the name: short, folded, no document lists
    # (they are long and drown the names in noise).
    values["search_text"] = fold(
        " ".join([field_name, values["result"], " ".join(values["agency_executing_list"]),
                  values["agency_executing"][:300], " ".join(values["subjects"])])
    )  # fmt: skip
    values["content_hash"] = _content_hash(code, field_name, values, components)
    return values, components, field_name


def _content_hash(code: str, field_name: str, values: dict[str, Any], components: list) -> str:
    payload = {k: v for k, v in values.items() if k not in {"content_hash", "search_text"}}
    blob = json.dumps(
        _jsonable([code, field_name, payload, components]), sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _field_for(
    name: str, fields: dict[str, Field], file: str, line: int, report: ImportReport
) -> Field:
    """The field of that name (ignoring case and diacritics); a new one is reported."""
    key = fold(name)
    field = fields.get(key)
    if field is None:
        base = slugify(fold(name))[:110] or "linh-vuc"
        slug, n = base, 1
        while Field.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        field = Field.objects.create(name=name, slug=slug)
        fields[key] = field
        report.warn(file, line, f"new field '{name}' created")
    return field


def catalogue_import(
    path: Path, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import a catalogue file (JSON lines in the shipped format, plain, .xz or .gz).

    Idempotent upsert by procedure code: unchanged records are not written, changed ones
    keep their previous content as a ``ProcedureRevision``. Bad lines are reported with
    file, line and reason and never stop the rest.
    """
    path = Path(path)
    report = ImportReport(dry_run=dry_run)
    file = path.name
    lines = list(decoded_lines(open_catalogue(path), file, report))
    try:
        with transaction.atomic():
            _import_lines(lines, file, report, progress)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    if not dry_run:
        from motcua.catalog.search import invalidate_index

        invalidate_index()
    return report


def _import_lines(
    lines: list[tuple[int, str]], file: str, report: ImportReport, progress: Progress | None
) -> None:
    bodies = ensure_central_bodies()
    ensure_st_fields()
    fields = {fold(f.name): f for f in Field.objects.all()}
    existing = {p.code: p for p in Procedure.objects.all().only("id", "code", "content_hash")}
    seen: dict[str, tuple[int, str]] = {}
    iterator: Iterable[tuple[int, str]] = lines
    if progress:
        iterator = progress(lines, "procedures", len(lines))
    for line, text in iterator:
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            report.reject(file, line, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(raw, dict):
            report.reject(file, line, "a line must hold one JSON object")
            continue
        try:
            with transaction.atomic():  # a savepoint: one bad record never stops the rest
                _import_record(raw, bodies, fields, existing, seen, file, line, report)
        except (
            TypeError,
            ValueError,
            AttributeError,
            KeyError,
            ArithmeticError,
            DatabaseError,
        ) as exc:
            report.reject(
                file,
                line,
                f"{_text(raw, 'code') or '?'}: malformed record ({type(exc).__name__}: {exc})",
            )
    _refresh_field_counts()


def _import_record(
    raw: dict[str, Any], bodies: dict[str, Agency], fields: dict[str, Field],
    existing: dict[str, Procedure], seen: dict[str, tuple[int, str]], file: str, line: int,
    report: ImportReport,
) -> None:  # fmt: skip
    problem = _shape_problem(raw)
    if problem:
        report.reject(file, line, f"{_text(raw, 'code') or '?'}: {problem}")
        return
    parsed = _record_values(raw, bodies, file, line, report)
    if parsed is None:
        return
    values, components, field_name = parsed
    code = _text(raw, "code")
    if code in seen:
        first_line, first_hash = seen[code]
        if first_hash == values["content_hash"]:
            report.warn(file, line, f"{code}: repeats line {first_line}; skipped")
        else:
            report.reject(
                file,
                line,
                f"{code}: duplicate code with different content (first at line {first_line})",
            )
        return
    seen[code] = (line, values["content_hash"])
    values["field"] = _field_for(field_name, fields, file, line, report)
    _upsert(code, values, components, existing.get(code), report)


# The JSON shape of a record: key → (expected type, type of list items or None).
SHAPE: dict[str, tuple[type, type | None]] = {
    "implementing_level": (list, str), "subjects": (list, str),
    "agency_executing_list": (list, str), "submission_methods": (list, dict),
    "documents": (list, dict), "legal_basis": (list, dict), "source": (dict, None),
    "effective_from": (str, None), "effective_to": (str, None),
}  # fmt: skip
TEXT_KEYS = KNOWN_KEYS - set(SHAPE)


def _shape_problem(raw: dict[str, Any]) -> str:
    """What is wrong with the record's JSON types, or ''."""
    for key, (kind, item) in SHAPE.items():
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            return f"'{key}' must be a {kind.__name__}"
        if item is not None and not all(isinstance(v, item) for v in value):
            return f"'{key}' must be a list of {'strings' if item is str else 'objects'}"
    for key in TEXT_KEYS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            return f"'{key}' must be text"
    return ""


def _upsert(
    code: str,
    values: dict[str, Any],
    components: list[dict[str, Any]],
    current: Procedure | None,
    report: ImportReport,
) -> None:
    if current is not None and current.content_hash == values["content_hash"]:
        report.unchanged += 1
        return
    if current is None:
        procedure = Procedure.objects.create(code=code, **values)
        counter = "created"
    else:
        procedure = Procedure.objects.get(pk=current.pk)
        if procedure.online_level_source == ValueSource.ADMIN:
            values.pop("online_level"), values.pop("online_level_source")
        if procedure.online_filing_source == ValueSource.ADMIN:
            values.pop("online_filing_offered"), values.pop("online_filing_source")
        ProcedureRevision.objects.create(
            procedure=procedure,
            valid_from=procedure.effective_from,
            valid_to=dt.date.today(),
            content_hash=procedure.content_hash,
            content=procedure_snapshot(procedure),
        )
        for key, value in values.items():
            setattr(procedure, key, value)
        procedure.save()
        procedure.components.all().delete()
        counter = "updated"
    RequiredComponent.objects.bulk_create(
        [RequiredComponent(procedure=procedure, **c) for c in components]
    )
    setattr(report, counter, getattr(report, counter) + 1)


def procedure_snapshot(procedure: Procedure) -> dict[str, Any]:
    """The published content of a procedure as JSON (for revisions)."""
    from django.forms.models import model_to_dict

    data = model_to_dict(procedure, exclude=["id", "search_text"])
    data["code"] = procedure.code
    data["components"] = list(
        procedure.components.values("position", "case", "name", "quantity_text", "template")
    )
    return _jsonable({k: (str(v) if isinstance(v, dt.date) else v) for k, v in data.items()})


def _refresh_field_counts() -> None:
    counts = (
        Procedure.objects.filter(field=OuterRef("pk"))
        .order_by()
        .values("field")
        .annotate(n=Count("id"))
        .values("n")
    )
    Field.objects.update(procedure_count=Coalesce(Subquery(counts), 0))


@transaction.atomic
def procedure_set_online_level(*, procedure: Procedure, level: str) -> Procedure:
    """An administrator sets the end-to-end/partial level; imports then keep it."""
    from motcua.core.errors import InvalidInput

    if level not in OnlineLevel.values:
        raise InvalidInput(_("Mức độ không hợp lệ: %(level)s") % {"level": level})
    procedure.online_level = level
    procedure.online_level_source = ValueSource.ADMIN
    if level in (OnlineLevel.END_TO_END, OnlineLevel.PARTIAL):
        procedure.online_filing_offered = True
        procedure.online_filing_source = ValueSource.ADMIN
    elif level == OnlineLevel.NONE:
        procedure.online_filing_offered = False
        procedure.online_filing_source = ValueSource.ADMIN
    procedure.save()
    return procedure


def normalisation_coverage() -> dict[str, int]:
    """Per structured field, how many procedures got a value."""
    qs = Procedure.objects.all()
    return {
        "procedures": qs.count(),
        "time_limit": qs.exclude(time_limit_value=None).count(),
        "time_limit_derived": qs.filter(time_limit_source=ValueSource.DERIVED).count(),
        "fees": qs.exclude(has_fee=None).count(),
        "components": qs.filter(components__isnull=False).distinct().count(),
        "legal_basis": qs.exclude(legal_basis=[]).count(),
        "result": qs.exclude(result="").count(),
        "needs_review": qs.filter(needs_review=True).count(),
    }
