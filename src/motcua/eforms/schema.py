"""Field definitions ⇄ JSON Schema (draft 2020-12) ⇄ Django forms, and server-side validation
with a Vietnamese message per field. Pure: no database.

A published schema is self-contained: rendering and validating a dossier's data need only the
schema of the version it was filed under. Besides standard keywords each property carries
``x-kind`` (the field kind) and, where set, ``x-section``; the object carries ``x-order``
(PostgreSQL's jsonb does not keep key order).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from motcua.core.errors import InvalidInput
from motcua.dossiers.identity import parse_personal_id
from motcua.eforms.constants import (
    CHOICE_KINDS,
    DEFAULT_MAX_LENGTH,
    KEY_PATTERN,
    PERSONAL_ID_PATTERN,
    PHONE_PATTERN,
    Kind,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
NON_FIELD = "__all__"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FieldSpec:
    """One field of an e-form, as an administrator defines it."""

    key: str
    label: str
    kind: str = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    min_value: Decimal | int | float | None = None
    max_value: Decimal | int | float | None = None
    pattern: str = ""
    help_text: str = ""
    section: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class FormDataInvalid(InvalidInput):
    """E-form data that fails its schema; ``extra["fields"]`` maps each key to its messages."""

    code = "invalid_form_data"


def anchored(pattern: str) -> str:
    """Patterns match the whole value: an administrator's ``\\d{5}`` means exactly five digits."""
    if not pattern or (pattern.startswith("^(?:") and pattern.endswith(")$")):
        return pattern
    core = pattern[1:] if pattern.startswith("^") else pattern
    if core.endswith("$") and not core.endswith("\\$"):
        core = core[:-1]
    return f"^(?:{core})$"


def _number(value: Decimal | int | float | None, kind: str) -> int | float | None:
    if value is None:
        return None
    if kind == Kind.INTEGER or Decimal(str(value)) == Decimal(str(value)).to_integral_value():
        return int(value)
    return float(value)


# --- definitions → JSON Schema -------------------------------------------------------------


def check_fields(fields: Sequence[FieldSpec]) -> list[str]:
    """What is wrong with a list of field definitions (empty when it can be published)."""
    problems: list[str] = []
    seen: set[str] = set()
    for spec in fields:
        name = spec.label or spec.key
        if not re.match(KEY_PATTERN, spec.key or ""):
            problems.append(_("Mã trường “%(k)s” không hợp lệ.") % {"k": spec.key})
        if spec.key in seen:
            problems.append(_("Mã trường “%(k)s” bị trùng.") % {"k": spec.key})
        seen.add(spec.key)
        if spec.kind not in Kind.values:
            problems.append(_("Loại trường “%(t)s” không hợp lệ.") % {"t": spec.kind})
        if not spec.label.strip():
            problems.append(_("Trường “%(k)s” chưa có nhãn.") % {"k": spec.key})
        if spec.kind in CHOICE_KINDS and not spec.choices:
            problems.append(_("Trường “%(f)s” cần ít nhất một lựa chọn.") % {"f": name})
        if len(set(spec.choices)) != len(spec.choices):
            problems.append(_("Trường “%(f)s” có lựa chọn bị trùng.") % {"f": name})
        if spec.pattern:
            try:
                re.compile(anchored(spec.pattern))
            except re.error:
                problems.append(_("Mẫu kiểm tra của trường “%(f)s” không hợp lệ.") % {"f": name})
        if (
            spec.min_length is not None
            and spec.max_length is not None
            and spec.min_length > spec.max_length
        ):
            problems.append(_("Trường “%(f)s”: độ dài tối thiểu lớn hơn tối đa.") % {"f": name})
        if (
            spec.min_value is not None
            and spec.max_value is not None
            and Decimal(str(spec.min_value)) > Decimal(str(spec.max_value))
        ):
            problems.append(
                _("Trường “%(f)s”: giá trị nhỏ nhất lớn hơn giá trị lớn nhất.") % {"f": name}
            )
    return problems


def _property(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.kind
    prop: dict[str, Any] = {"title": spec.label, "x-kind": kind}
    if spec.help_text:
        prop["description"] = spec.help_text
    if spec.section:
        prop["x-section"] = spec.section
    if kind in (Kind.TEXT, Kind.TEXTAREA, Kind.EMAIL):
        prop["type"] = "string"
        if spec.min_length:
            prop["minLength"] = spec.min_length
        prop["maxLength"] = spec.max_length or DEFAULT_MAX_LENGTH[Kind(kind)]
        if kind == Kind.EMAIL:
            prop["format"] = "email"
        elif spec.pattern:
            prop["pattern"] = anchored(spec.pattern)
    elif kind == Kind.DATE:
        prop.update(type="string", format="date")
    elif kind == Kind.PHONE:
        prop.update(type="string", pattern=PHONE_PATTERN)
    elif kind == Kind.PERSONAL_ID:
        prop.update(type="string", pattern=PERSONAL_ID_PATTERN)
    elif kind in (Kind.INTEGER, Kind.NUMBER):
        prop["type"] = "integer" if kind == Kind.INTEGER else "number"
        if spec.min_value is not None:
            prop["minimum"] = _number(spec.min_value, kind)
        if spec.max_value is not None:
            prop["maximum"] = _number(spec.max_value, kind)
    elif kind == Kind.CHOICE:
        prop.update(type="string", enum=list(spec.choices))
    elif kind == Kind.MULTICHOICE:
        prop.update(
            type="array", items={"type": "string", "enum": list(spec.choices)}, uniqueItems=True
        )
        if spec.required:
            prop["minItems"] = 1
    elif kind == Kind.BOOLEAN:
        prop["type"] = "boolean"
        if spec.required:  # a required tick box is a pledge: it must be ticked
            prop["const"] = True
    return prop


def build_schema(
    title: str, fields: Sequence[FieldSpec], *, procedure: str = "", source: str = ""
) -> dict[str, Any]:
    """The JSON Schema of a form. Raises FormDataInvalid listing what is wrong."""
    problems = check_fields(fields)
    if problems:
        raise FormDataInvalid(" ".join(problems), fields={NON_FIELD: problems})
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "properties": {spec.key: _property(spec) for spec in fields},
        "required": [spec.key for spec in fields if spec.required],
        "additionalProperties": False,
        "x-order": [spec.key for spec in fields],
    }
    if procedure:
        schema["x-procedure"] = procedure
    if source:
        schema["x-source"] = source
    return schema


def field_specs(schema: Mapping[str, Any]) -> list[FieldSpec]:
    """The fields of a schema, in order (the inverse of ``build_schema``)."""
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    order = schema.get("x-order") or list(properties)
    specs = []
    for key in order:
        prop = properties[key]
        kind = prop.get("x-kind", Kind.TEXT)
        choices = prop.get("enum") or prop.get("items", {}).get("enum") or ()
        pattern = prop.get("pattern", "") if kind in (Kind.TEXT, Kind.TEXTAREA) else ""
        specs.append(
            FieldSpec(
                key=key, label=prop.get("title", key), kind=kind, required=key in required,
                choices=tuple(choices), min_length=prop.get("minLength"),
                max_length=prop.get("maxLength") if kind in DEFAULT_MAX_LENGTH else None,
                min_value=prop.get("minimum"), max_value=prop.get("maximum"), pattern=pattern,
                help_text=prop.get("description", ""), section=prop.get("x-section", ""),
            )
        )  # fmt: skip
    return specs


# --- validation -----------------------------------------------------------------------------

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(
        _ISO_DATE.match(value) and dt.date.fromisoformat(value)
    )


@FORMATS.checks("email", raises=ValidationError)
def _is_email(value: object) -> bool:
    if isinstance(value, str):
        validate_email(value)
    return True


def normalise(data: Any) -> Any:
    """Trim and NFC-normalise strings; drop empty answers, so an empty required field is
    reported as missing."""
    if not isinstance(data, Mapping):
        return data
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value.strip())
        elif isinstance(value, list):
            value = [
                unicodedata.normalize("NFC", v.strip()) if isinstance(v, str) else v for v in value
            ]
        if value is None or value == "" or value == []:
            continue
        clean[str(key)] = value
    return clean


def _message(error: Any, prop: Mapping[str, Any]) -> str:
    label = prop.get("title", "")
    kind = prop.get("x-kind", Kind.TEXT)
    rule = error.validator
    if rule == "type":
        return {
            "integer": _("%(label)s phải là số nguyên."),
            "number": _("%(label)s phải là số."),
            "boolean": _("%(label)s phải là “có” hoặc “không”."),
            "array": _("%(label)s phải là danh sách lựa chọn."),
        }.get(error.validator_value, _("%(label)s phải là văn bản.")) % {"label": label}
    if rule == "enum":
        return _("“%(value)s” không phải là lựa chọn của %(label)s.") % {
            "value": error.instance, "label": label,
        }  # fmt: skip
    if rule == "const":
        return _("Vui lòng đánh dấu: %(label)s") % {"label": label}
    if rule == "minLength":
        return _("%(label)s phải có ít nhất %(n)s ký tự.") % {
            "label": label,
            "n": error.validator_value,
        }
    if rule == "maxLength":
        return _("%(label)s dài tối đa %(n)s ký tự.") % {"label": label, "n": error.validator_value}
    if rule == "minimum":
        return _("%(label)s phải từ %(n)s trở lên.") % {"label": label, "n": error.validator_value}
    if rule == "maximum":
        return _("%(label)s không được lớn hơn %(n)s.") % {
            "label": label,
            "n": error.validator_value,
        }
    if rule == "minItems":
        return _("Vui lòng chọn ít nhất một mục: %(label)s.") % {"label": label}
    if rule == "uniqueItems":
        return _("%(label)s có lựa chọn bị lặp.") % {"label": label}
    if rule == "format" and kind == Kind.DATE:
        return _("%(label)s phải là một ngày có thật (ngày/tháng/năm).") % {"label": label}
    if rule == "format" and kind == Kind.EMAIL:
        return _("%(label)s không phải địa chỉ thư điện tử hợp lệ.") % {"label": label}
    if rule == "pattern" and kind == Kind.PHONE:
        return _(
            "%(label)s: số điện thoại không hợp lệ (10–11 chữ số, bắt đầu bằng 0 hoặc +84)."
        ) % {"label": label}
    if rule == "pattern" and kind == Kind.PERSONAL_ID:
        return _("%(label)s phải gồm đúng 12 chữ số.") % {"label": label}
    if rule == "pattern":
        return _("%(label)s không đúng định dạng.") % {"label": label}
    return _("%(label)s không hợp lệ.") % {"label": label}


def required_message(prop: Mapping[str, Any]) -> str:
    if prop.get("x-kind") == Kind.BOOLEAN:
        return _("Vui lòng đánh dấu: %(label)s") % {"label": prop.get("title", "")}
    if prop.get("x-kind") in CHOICE_KINDS:
        return _("Vui lòng chọn %(label)s.") % {"label": prop.get("title", "")}
    return _("Vui lòng nhập %(label)s.") % {"label": prop.get("title", "")}


def errors_for(schema: Mapping[str, Any], data: Any) -> dict[str, list[str]]:
    """Per-field Vietnamese messages for data (already normalised); empty when valid."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        if message not in errors.setdefault(key, []):
            errors[key].append(message)

    if not isinstance(data, Mapping):
        add(NON_FIELD, _("Dữ liệu tờ khai phải là một bảng gồm mã trường và giá trị."))
        return errors
    properties = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in data:
            add(key, required_message(properties.get(key, {})))
    unknown = sorted(k for k in data if k not in properties)
    if unknown:
        add(NON_FIELD, _("Tờ khai có trường không có trong mẫu: %(keys)s.") % {"keys": ", ".join(unknown)})  # fmt: skip
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    for error in validator.iter_errors(data):
        if error.validator in ("required", "additionalProperties") or not error.path:
            continue
        key = str(error.path[0])
        add(key, _message(error, properties.get(key, {})))
    for key, prop in properties.items():
        if prop.get("x-kind") == Kind.PERSONAL_ID and key in data and key not in errors:
            try:
                parse_personal_id(data[key])
            except InvalidInput as exc:
                add(key, f"{prop.get('title', key)}: {exc.message}")
    return errors


def validate(schema: Mapping[str, Any], data: Any) -> dict[str, Any]:
    """The normalised data if it satisfies the schema; otherwise raise FormDataInvalid with
    a message per field (``extra["fields"]``) in the active language."""
    clean = normalise(data)
    errors = errors_for(schema, clean)
    if errors:
        first = next(iter(errors.values()))[0]
        count = sum(len(v) for v in errors.values())
        message = (
            _("Tờ khai chưa hợp lệ: %(first)s") % {"first": first}
            if count == 1
            else _("Tờ khai có %(n)s lỗi, đầu tiên: %(first)s") % {"n": count, "first": first}
        )
        raise FormDataInvalid(message, fields=errors)
    return clean


# --- JSON Schema → Django form ---------------------------------------------------------------

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _django_field(spec: FieldSpec, prop: Mapping[str, Any]) -> forms.Field:
    label, kind = spec.label, spec.kind
    common: dict[str, Any] = {
        "label": label, "required": spec.required, "help_text": spec.help_text,
        "error_messages": {"required": required_message(prop)},
    }  # fmt: skip
    attrs: dict[str, Any] = {}
    if spec.max_length:
        attrs["maxlength"] = spec.max_length
    if kind == Kind.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={**attrs, "rows": 3}), **common)
    if kind == Kind.DATE:
        common["error_messages"]["invalid"] = _(
            "%(label)s phải theo dạng ngày/tháng/năm, ví dụ 15/03/2003."
        ) % {"label": label}
        return forms.DateField(
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            **common,
        )
    if kind == Kind.INTEGER:
        common["error_messages"]["invalid"] = _("%(label)s phải là số nguyên.") % {"label": label}
        return forms.IntegerField(widget=forms.NumberInput(attrs={"step": 1}), **common)
    if kind == Kind.NUMBER:
        common["error_messages"]["invalid"] = _("%(label)s phải là số.") % {"label": label}
        return forms.DecimalField(widget=forms.NumberInput(attrs={"step": "any"}), **common)
    if kind == Kind.CHOICE:
        common["error_messages"]["invalid_choice"] = _("Lựa chọn của %(label)s không hợp lệ.") % {"label": label}  # fmt: skip
        return forms.ChoiceField(
            choices=[("", _("— Chọn —")), *((c, c) for c in spec.choices)], **common
        )
    if kind == Kind.MULTICHOICE:
        common["error_messages"]["invalid_choice"] = _("Lựa chọn của %(label)s không hợp lệ.") % {"label": label}  # fmt: skip
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in spec.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Kind.BOOLEAN:
        return forms.BooleanField(**common)
    if kind == Kind.EMAIL:
        return forms.CharField(widget=forms.EmailInput(attrs=attrs), **common)
    if kind == Kind.PHONE:
        attrs.update(inputmode="tel", autocomplete="off", maxlength=15)
    if kind == Kind.PERSONAL_ID:
        attrs.update(inputmode="numeric", autocomplete="off", maxlength=12)
    return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)


def to_json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class EForm(forms.Form):
    """An e-form as a Django form. ``is_valid()`` runs the schema validation too, so the page
    shows the messages the server would give; ``json_data`` is what the dossier stores."""

    schema: dict[str, Any] = {}
    version_id: int | None = None
    prefix = "ef"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.json_data = normalise(
            {k: to_json(v) for k, v in data.items() if k in self.fields and k not in self.errors}
        )
        for key, messages in errors_for(self.schema, self.json_data).items():
            if key in self.errors:
                continue  # the field's own parsing error is the clearer one
            target = key if key in self.fields else None
            for message in messages:
                self.add_error(target, message)
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Bound fields grouped by consecutive section titles, in order."""
        groups: list[tuple[str, list[forms.BoundField]]] = []
        for name in self.fields:
            section = self.schema["properties"][name].get("x-section", "")
            if not groups or groups[-1][0] != section:
                groups.append((section, []))
            groups[-1][1].append(self[name])
        return groups

    def add_errors(self, errors: Mapping[str, Iterable[str]]) -> None:
        """Show a service's FormDataInvalid messages on the fields they belong to."""
        for key, messages in errors.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


def form_class(schema: Mapping[str, Any], *, version_id: int | None = None) -> type[EForm]:
    """A Django form class rendering the schema's fields (labels, widgets, dd/mm/yyyy dates)."""
    properties = schema.get("properties", {})
    attrs: dict[str, Any] = {
        spec.key: _django_field(spec, properties[spec.key]) for spec in field_specs(schema)
    }
    attrs.update(schema=dict(schema), version_id=version_id)
    return type("EFormOf", (EForm,), attrs)


def initial_from(data: Mapping[str, Any], cls: type[EForm]) -> dict[str, Any]:
    """What the user typed in the e-form of a posted page, as initial values (for pages that
    re-render without validating: the registry lookup, a change of procedure)."""
    form = cls()
    initial = {}
    for name, fld in form.fields.items():
        value = fld.widget.value_from_datadict(data, None, form.add_prefix(name))
        if value not in (None, "", []):
            initial[name] = value
    return initial


def display_rows(schema: Mapping[str, Any] | None, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """(section, label, shown value) for filed data, labelled by the schema it was filed
    under; keys the schema does not know are shown by their key."""
    rows = []
    properties = (schema or {}).get("properties", {})
    order = [k for k in (schema or {}).get("x-order", properties) if k in data]
    order += [k for k in data if k not in order]
    for key in order:
        prop = properties.get(key, {})
        value = data[key]
        kind = prop.get("x-kind")
        if kind == Kind.DATE and isinstance(value, str) and _ISO_DATE.match(value):
            shown = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
        elif kind == Kind.PERSONAL_ID and isinstance(value, str) and len(value) == 12:
            shown = f"{value[:3]}******{value[9:]}"  # masked, as the applicant's own ID is
        elif isinstance(value, bool):
            shown = _("Có") if value else _("Không")
        elif isinstance(value, list):
            shown = "; ".join(str(v) for v in value)
        else:
            shown = str(value)
        rows.append(
            {"section": prop.get("x-section", ""), "label": prop.get("title", key), "value": shown}
        )
    return rows
