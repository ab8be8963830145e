"""Writes for e-forms: publish a form's fields as a new version, build the generic form of a
procedure, import the shipped definitions."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.imports import DryRunRollback, ImportReport
from motcua.eforms.constants import Kind
from motcua.eforms.models import Form, FormField, FormVersion
from motcua.eforms.schema import FieldSpec, FormDataInvalid, build_schema, check_fields

# Field attributes a definition file or the admin may set, with FormField's names.
FIELD_ATTRS = ("key", "label", "kind", "required", "choices", "min_length", "max_length",
               "min_value", "max_value", "pattern", "help_text", "section")  # fmt: skip


def specs_of(form: Form) -> list[FieldSpec]:
    """The form's current (draft) fields as specs, in order."""
    return [
        FieldSpec(
            key=f.key, label=f.label, kind=f.kind, required=f.required,
            choices=tuple(c.strip() for c in f.choices.splitlines() if c.strip()),
            min_length=f.min_length, max_length=f.max_length, min_value=f.min_value,
            max_value=f.max_value, pattern=f.pattern, help_text=f.help_text, section=f.section,
        )
        for f in form.fields.order_by("position", "id")
    ]  # fmt: skip


def latest_version(form: Form) -> FormVersion | None:
    return form.versions.order_by("-number").first()


@transaction.atomic
def form_publish(*, form: Form, actor: Any = None) -> tuple[FormVersion, bool]:
    """Compile the form's fields into a new immutable version. Returns (version, created):
    when nothing changed since the latest version, that version and False. Raises
    FormDataInvalid (and publishes nothing) when a field definition is wrong."""
    form = Form.objects.select_for_update().select_related("procedure").get(pk=form.pk)
    specs = specs_of(form)
    if not specs:
        raise FormDataInvalid(_("Tờ khai chưa có trường nào."))
    schema = build_schema(form.title, specs, procedure=form.procedure.code, source=form.source)
    latest = latest_version(form)
    if latest is not None and latest.schema == schema:
        return latest, False
    version = FormVersion.objects.create(
        form=form, number=(latest.number + 1) if latest else 1, schema=schema,
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    return version, True


def _set_fields(form: Form, specs: Sequence[FieldSpec]) -> None:
    form.fields.all().delete()
    FormField.objects.bulk_create(
        FormField(
            form=form, position=(i + 1) * 10, key=s.key, label=s.label, kind=s.kind,
            required=s.required, choices="\n".join(s.choices), min_length=s.min_length,
            max_length=s.max_length,
            min_value=None if s.min_value is None else Decimal(str(s.min_value)),
            max_value=None if s.max_value is None else Decimal(str(s.max_value)),
            pattern=s.pattern, help_text=s.help_text, section=s.section,
        )
        for i, s in enumerate(specs)
    )  # fmt: skip


# --- the generic form -----------------------------------------------------------------------

_DECLARATION = re.compile(
    r"\b(tờ khai|đơn|giấy đề nghị|văn bản đề nghị|phiếu|bản khai|bản kê khai)\b", re.IGNORECASE
)
# Notes and conditional cases, not documents: "Trường hợp …", "(iv) Trường hợp …", "Lưu ý".
_EXPLANATION = re.compile(
    r"^\W*(\(?[ivx\d]+\)|[a-zđ]\))?\s*(trường hợp|đối với|người |lưu ý)", re.IGNORECASE
)
GENERIC_DECLARATIONS = 5


def _short(text: str, limit: int) -> str:
    text = " ".join(re.sub(r"^[-+•*–\s]+", "", text).split()).rstrip(";:.,")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def generic_specs(procedure: Procedure) -> list[FieldSpec]:
    """A declaration for a procedure without its own form: the request, and a note for each
    declaration form (tờ khai, đơn, giấy đề nghị …) among its required components.

    Nothing is required: it is built from catalogue text that names the paper form without
    its fields, and the paper form (with its signature and pledge) stays the legal
    document; an administrator who writes the procedure's own form makes fields required.
    """
    specs = [
        FieldSpec(
            key="noi_dung_de_nghi", label=_("Nội dung đề nghị"), kind=Kind.TEXTAREA,
            max_length=4000, section=_("Nội dung yêu cầu"),
            help_text=_short(_("Nêu rõ việc đề nghị giải quyết: %(name)s") % {"name": procedure.name}, 480),
        )
    ]  # fmt: skip
    seen: set[str] = set()
    for component in procedure.components.order_by("position"):
        if _EXPLANATION.match(component.case) or _EXPLANATION.match(component.name):
            continue
        if not (component.template or _DECLARATION.search(component.name)):
            continue
        name = _short(component.name, 200)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        specs.append(
            FieldSpec(
                key=f"ke_khai_{len(seen)}", label=_short(_("Thông tin kê khai theo: %(name)s") % {"name": name}, 290),
                kind=Kind.TEXTAREA, max_length=4000, section=_("Tờ khai, đơn trong thành phần hồ sơ"),
                help_text=_("Ghi các thông tin mẫu này yêu cầu; bản giấy theo mẫu nộp kèm khi cơ quan yêu cầu."),
            )
        )  # fmt: skip
        if len(seen) >= GENERIC_DECLARATIONS:
            break
    return specs


@transaction.atomic
def generic_form_ensure(procedure: Procedure) -> FormVersion | None:
    # Stored data stays Vietnamese whatever the language of the request that built it.
    with translation.override(settings.LANGUAGE_CODE):
        return _generic_form_ensure(procedure)


def _generic_form_ensure(procedure: Procedure) -> FormVersion | None:
    """The latest published version of the procedure's form, building and publishing the
    generic form first if the procedure has none. Idempotent and safe under concurrency:
    the form is unique per procedure and publishing locks the form row. A form an
    administrator created but has not published yet answers None (no e-form for now)."""
    # get_or_create retries as a read when a concurrent request inserted the row first.
    form, _created = Form.objects.get_or_create(
        procedure=procedure,
        defaults={"title": _short(_("Tờ khai: %(name)s") % {"name": procedure.name}, 300),
                  "is_generic": True,
                  "source": _("Tờ khai chung, dựng từ thành phần hồ sơ của thủ tục trong CSDL TTHC.")},
    )  # fmt: skip
    form = Form.objects.select_for_update().get(pk=form.pk)
    latest = latest_version(form)
    if latest is not None:
        return latest
    if form.fields.exists():
        return None
    _set_fields(form, generic_specs(procedure))
    return form_publish(form=form)[0]


# --- import ---------------------------------------------------------------------------------


def _spec_from_json(item: dict[str, Any]) -> FieldSpec:
    unknown = set(item) - set(FIELD_ATTRS)
    if unknown:
        raise ValueError(f"unknown attributes {sorted(unknown)}")
    values = dict(item)
    values["choices"] = tuple(values.get("choices") or ())
    for name in ("key", "label"):
        if not isinstance(values.get(name), str):
            raise ValueError(f"field without {name}")
    return FieldSpec(**values)


def _definition(path: Path) -> tuple[dict[str, Any], list[FieldSpec], str]:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        raise ValueError("expected an object with a list of fields")
    for name in ("procedure", "title"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ValueError(f"missing {name}")
    specs = [_spec_from_json(item) for item in data["fields"]]
    problems = check_fields(specs)
    if problems:
        raise ValueError("; ".join(problems))
    return data, specs, digest


def eforms_import(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Load form definitions (``*.json`` in a folder, or one file). A file unchanged since its
    last import changes nothing; a changed one replaces the form's fields and publishes a new
    version (administrators' edits made after an import survive until the file changes).
    created = forms created, updated = new versions of existing forms."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            for file in files:
                _import_one(file, report)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def _import_one(file: Path, report: ImportReport) -> None:
    try:
        data, specs, digest = _definition(file)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        report.reject(file.name, 1, str(exc))
        return
    procedure = Procedure.objects.filter(code=data["procedure"].strip()).first()
    if procedure is None:
        report.reject(file.name, 1, f"unknown procedure {data['procedure']}")
        return
    form = Form.objects.filter(procedure=procedure).first()
    if form is not None and form.imported_hash == digest:
        report.unchanged += 1
        return
    with transaction.atomic():
        created = form is None
        if form is None:
            form = Form(procedure=procedure)
        form.title = data["title"].strip()
        form.source = (data.get("source") or "").strip()
        form.is_generic = False
        form.imported_hash = digest
        form.save()
        _set_fields(form, specs)
        _version, published = form_publish(form=form)
    if created:
        report.created += 1
    elif published:
        report.updated += 1
    else:
        report.unchanged += 1
