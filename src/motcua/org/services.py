"""Writes for administrative units, agencies and memberships."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput, NotFound
from motcua.core.imports import DryRunRollback, ImportReport, read_csv_rows
from motcua.core.text import fold
from motcua.org.constants import (
    COMMUNE_KINDS,
    PROVINCE_KINDS,
    REFORM_DATE,
    AgencyKind,
    Level,
    Role,
    UnitKind,
)
from motcua.org.models import (
    AdministrativeUnit,
    Agency,
    FormerUnit,
    Membership,
    Succession,
    UnitVersion,
    agency_code_validator,
)
from motcua.org.selectors import unit_resolve

# Resolution 202/2025/QH15 and Decision 19/2025/QĐ-TTg: the map of 1 July 2025.
EXPECTED_TOTALS = {
    "provinces": 34,
    "communes": 3321,
    UnitKind.CITY: 6,
    UnitKind.PROVINCE: 28,
    UnitKind.COMMUNE: 2621,
    UnitKind.WARD: 687,
    UnitKind.SPECIAL_ZONE: 13,
}

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
    return items


@dataclass
class _UnitRow:
    line: int
    code: str
    name: str
    full_name: str
    kind: str
    level: str
    parent: str | None
    name_en: str
    code_name: str
    gso_1027_code: str
    gso_1027_name: str


def _read_units(data_dir: Path, report: ImportReport) -> list[_UnitRow]:
    rows: list[_UnitRow] = []
    provinces: set[str] = set()
    path = data_dir / "provinces.csv"
    for line, r in read_csv_rows(path, report, ["code", "name", "full_name", "type"]):
        if r["type"] not in PROVINCE_KINDS:
            report.reject(path.name, line, f"unknown province type '{r['type']}'")
            continue
        if not (len(r["code"]) == 2 and r["code"].isdigit()):
            report.reject(path.name, line, f"province code '{r['code']}' is not 2 digits")
            continue
        provinces.add(r["code"])
        rows.append(
            _UnitRow(
                line,
                r["code"],
                r["name"],
                r["full_name"],
                r["type"],
                Level.PROVINCE,
                None,
                r.get("name_en", ""),
                r.get("code_name", ""),
                "",
                "",
            )
        )
    path = data_dir / "communes.csv"
    required = ["code", "name", "full_name", "type", "province_code"]
    for line, r in read_csv_rows(path, report, required):
        if r["type"] not in COMMUNE_KINDS:
            report.reject(path.name, line, f"unknown commune type '{r['type']}'")
            continue
        if not (len(r["code"]) == 5 and r["code"].isdigit()):
            report.reject(path.name, line, f"commune code '{r['code']}' is not 5 digits")
            continue
        if r["province_code"] not in provinces:
            report.reject(
                path.name,
                line,
                f"commune {r['code']} points to no province ('{r['province_code']}')",
            )
            continue
        rows.append(
            _UnitRow(
                line,
                r["code"],
                r["name"],
                r["full_name"],
                r["type"],
                Level.COMMUNE,
                r["province_code"],
                r.get("name_en", ""),
                r.get("code_name", ""),
                r.get("gso_1027_code", ""),
                r.get("gso_1027_name", ""),
            )
        )
    seen: set[str] = set()
    unique: list[_UnitRow] = []
    for row in rows:
        if row.code in seen:
            report.reject(
                "communes.csv" if row.parent else "provinces.csv",
                row.line,
                f"duplicate code {row.code}",
            )
            continue
        seen.add(row.code)
        unique.append(row)
    return unique


def _check_totals(rows: list[_UnitRow], report: ImportReport) -> bool:
    counts = Counter(r.kind for r in rows)
    counts["provinces"] = sum(1 for r in rows if r.level == Level.PROVINCE)
    counts["communes"] = sum(1 for r in rows if r.level == Level.COMMUNE)
    wrong = [
        f"{key}: expected {expected}, found {counts.get(key, 0)}"
        for key, expected in EXPECTED_TOTALS.items()
        if counts.get(key, 0) != expected
    ]
    if wrong:
        report.reject(
            "units",
            0,
            "totals do not match the official map, nothing imported: " + "; ".join(wrong),
        )
        return False
    return True


def units_import(
    data_dir: Path, *, dry_run: bool = False, progress: Progress = _no_progress
) -> ImportReport:
    """Import the 34 provinces and 3,321 communes, the pre-merger units and the dated changes,
    then refresh the current attributes from the versions in force today.

    Refuses (and changes nothing) if the totals differ from the official map. Idempotent:
    running it again (daily, for instance) only brings the current attributes up to date
    with changes whose date has come.
    """
    report = ImportReport(dry_run=dry_run)
    rows = _read_units(Path(data_dir), report)
    if not _check_totals(rows, report):
        return report
    try:
        with transaction.atomic():
            _upsert_units(rows, report, progress)
            _import_former_units(Path(data_dir), report, progress)
            changes = Path(data_dir) / "changes.csv"
            if changes.exists():
                _apply_changes(changes, report)
            units_sync_current()
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


# Attributes that are dated (UnitVersion); the others are the same on every date.
DATED_FIELDS = ("kind", "name", "full_name")


def _upsert_units(rows: list[_UnitRow], report: ImportReport, progress: Progress) -> None:
    """Write the attributes of 1/7/2025: the static ones on the unit, the dated ones in its
    1/7/2025 version. ``units_sync_current`` then derives the current dated attributes."""
    existing = {u.code: u for u in AdministrativeUnit.objects.all()}
    versions = {v.unit_id: v for v in UnitVersion.objects.filter(valid_from=REFORM_DATE)}
    create: list[AdministrativeUnit] = []
    new_versions: list[UnitVersion] = []
    for row in progress(rows, "units", len(rows)):
        static = {
            "level": row.level,
            "parent_id": row.parent,
            "name_en": row.name_en,
            "code_name": row.code_name,
            "gso_1027_code": row.gso_1027_code,
            "gso_1027_name": row.gso_1027_name,
        }
        dated = {"kind": row.kind, "name": row.name, "full_name": row.full_name}
        unit = existing.get(row.code)
        version = versions.get(row.code)
        if version is None:
            new_versions.append(
                UnitVersion(
                    unit_id=row.code,
                    valid_from=REFORM_DATE,
                    legal_basis="Quyết định 19/2025/QĐ-TTg",
                    **dated,
                )
            )
        if unit is None:
            create.append(
                AdministrativeUnit(
                    code=row.code,
                    valid_from=REFORM_DATE,
                    search_key=fold(row.full_name),
                    **static,
                    **dated,
                )
            )
            report.created += 1
            continue
        version_changed = version is not None and any(
            getattr(version, k) != v for k, v in dated.items()
        )
        if version_changed:
            for key, value in dated.items():
                setattr(version, key, value)
            version.save(update_fields=list(DATED_FIELDS))
        if (
            version_changed
            or version is None
            or any(getattr(unit, k) != v for k, v in static.items())
        ):
            for key, value in static.items():
                setattr(unit, key, value)
            unit.save(update_fields=list(static))
            report.updated += 1
        else:
            report.unchanged += 1
    # Provinces first, so communes' parents exist.
    create.sort(key=lambda u: (u.level != Level.PROVINCE, u.code))
    AdministrativeUnit.objects.bulk_create(create, batch_size=500)
    UnitVersion.objects.bulk_create(new_versions, batch_size=500)


def units_sync_current(*, on: dt.date | None = None) -> int:
    """Set each unit's kind, name, full name (and search key) from its version in force on
    ``on`` (today by default); return how many units changed.

    The current attributes are derived, never edited: a change dated in the future is
    stored as a ``UnitVersion`` and reaches the unit the first time this runs on or after
    its date. Every units import and ``unit_changes_apply`` call it, so a daily
    ``motcua import-units`` keeps the map current. Idempotent and cheap: one query finds
    the units that differ from their version; only those are written.
    """
    on = on or dt.date.today()
    in_force = UnitVersion.objects.filter(UnitVersion.in_force(on), unit=OuterRef("code")).order_by(
        "-valid_from"
    )
    differ = Q()
    for name in DATED_FIELDS:
        differ |= ~Q(**{name: F(f"v_{name}")})
    stale = list(
        AdministrativeUnit.objects.annotate(
            **{f"v_{name}": Subquery(in_force.values(name)[:1]) for name in DATED_FIELDS}
        )
        .filter(v_kind__isnull=False)
        .filter(differ)
        .only("code", *DATED_FIELDS, "search_key")
    )
    for unit in stale:
        for name in DATED_FIELDS:
            setattr(unit, name, getattr(unit, f"v_{name}"))
        unit.search_key = fold(unit.full_name)
    AdministrativeUnit.objects.bulk_update(stale, [*DATED_FIELDS, "search_key"], batch_size=500)
    return len(stale)


# (level, file, column prefix) of the old→new mapping files.
MAPPING_FILES = [
    (Level.PROVINCE, "province_old_mapping.csv", "province"),
    (Level.COMMUNE, "commune_old_mapping.csv", "commune"),
]


def _import_former_units(data_dir: Path, report: ImportReport, progress: Progress) -> None:
    current = set(AdministrativeUnit.objects.values_list("code", flat=True))
    by_gso = dict(
        AdministrativeUnit.objects.exclude(gso_1027_code="")
        .exclude(gso_1027_code__in=current)
        .values_list("gso_1027_code", "code")
    )
    formers = {(f.level, f.code): f for f in FormerUnit.objects.all()}
    links = set(Succession.objects.values_list("former_id", "successor_id"))
    wanted: list[tuple[str, str, str, str, str, int]] = []
    for level, file, prefix in MAPPING_FILES:
        path = data_dir / file
        if not path.exists():
            continue
        cols = [f"new_{prefix}_code", f"old_{prefix}_code", f"old_{prefix}_name", "merge_type"]
        for line, r in read_csv_rows(path, report, cols):
            wanted.append((level, r[cols[1]], r[cols[2]], r[cols[0]], r["merge_type"], line))
    new_formers: list[FormerUnit] = []
    for level, code, name, _new, _merge, _line in wanted:
        if (level, code) not in formers:
            former = FormerUnit(level=level, code=code, name=name)
            formers[(level, code)] = former
            new_formers.append(former)
    FormerUnit.objects.bulk_create(new_formers, batch_size=1000)
    formers = {(f.level, f.code): f for f in FormerUnit.objects.all()}
    new_links: list[Succession] = []
    for level, code, _name, new_code, merge, line in progress(wanted, "former units", len(wanted)):
        successor = new_code if new_code in current else by_gso.get(new_code)
        file = MAPPING_FILES[0][1] if level == Level.PROVINCE else MAPPING_FILES[1][1]
        if successor is None:
            report.reject(file, line, f"successor {new_code} is not a current unit")
            continue
        if merge not in Succession.MergeType.values:
            report.reject(file, line, f"unknown merge type '{merge}'")
            continue
        former = formers[(level, code)]
        if (former.pk, successor) in links:
            continue
        links.add((former.pk, successor))
        new_links.append(Succession(former=former, successor_id=successor, merge_type=merge))
    Succession.objects.bulk_create(new_links, batch_size=1000)


def _unit_for_import(
    code: str, *, file: str, line: int, report: ImportReport, as_of: dt.date | None = None
) -> AdministrativeUnit | None:
    """The current unit a code in an import file means (through ``unit_resolve``): a current
    code as is, a GSO 1027 code or a pre-merger code translated with a warning. Reports and
    answers None for an unknown code or a former code with several successors."""
    resolution = unit_resolve(code, as_of=as_of)
    if resolution.unit is not None:
        if resolution.unit.code != resolution.code:
            report.warn(
                file,
                line,
                f"GSO 1027 code {resolution.code} translated to {resolution.unit.code}",
            )
        return resolution.unit
    if len(resolution.successors) == 1:
        successor = resolution.successors[0]
        former = resolution.former[0]
        report.warn(
            file,
            line,
            f"former code {resolution.code} ({former.name}, until {former.valid_to}) "
            f"translated to {successor.code} ({successor.full_name})",
        )
        return successor
    if resolution.successors:
        codes = ", ".join(u.code for u in resolution.successors)
        report.reject(
            file,
            line,
            f"former code {resolution.code} has several successors ({codes}); "
            "give the current code",
        )
        return None
    report.reject(file, line, f"unknown unit {code}")
    return None


def unit_changes_apply(path: Path, *, report: ImportReport | None = None) -> ImportReport:
    """Apply dated changes (a unit's kind and name from a date on), then refresh the current
    attributes (``units_sync_current``). Idempotent."""
    report = report or ImportReport()
    _apply_changes(Path(path), report)
    units_sync_current()
    return report


def _apply_changes(path: Path, report: ImportReport) -> None:
    """Store each row of a changes file as a ``UnitVersion``, closing the one before it."""
    cols = ["effective", "code", "new_kind", "legal_basis"]
    for line, r in read_csv_rows(path, report, cols):
        try:
            effective = dt.date.fromisoformat(r["effective"])
        except ValueError:
            report.reject(path.name, line, f"bad date '{r['effective']}' (use YYYY-MM-DD)")
            continue
        unit = _unit_for_import(
            r["code"], file=path.name, line=line, report=report, as_of=effective
        )
        if unit is None:
            continue
        allowed = PROVINCE_KINDS if unit.level == Level.PROVINCE else COMMUNE_KINDS
        if r["new_kind"] not in allowed:
            report.reject(path.name, line, f"kind '{r['new_kind']}' is not valid for {unit.code}")
            continue
        if UnitVersion.objects.filter(unit=unit, valid_from=effective).exists():
            continue
        previous = (
            UnitVersion.objects.filter(unit=unit, valid_from__lt=effective)
            .order_by("-valid_from")
            .first()
        )
        if previous is None:
            report.reject(path.name, line, f"{unit.code} has no version before {effective}")
            continue
        following = (
            UnitVersion.objects.filter(unit=unit, valid_from__gt=effective)
            .order_by("valid_from")
            .first()
        )
        label = UnitKind(r["new_kind"]).label
        full_name = r.get("new_full_name") or f"{str(label).capitalize()} {previous.name}"
        previous.valid_to = effective
        previous.save(update_fields=["valid_to"])
        UnitVersion.objects.create(
            unit=unit,
            valid_from=effective,
            valid_to=following.valid_from if following else None,
            kind=r["new_kind"],
            name=previous.name,
            full_name=full_name,
            legal_basis=r["legal_basis"],
        )
        report.updated += 1


# --- Agencies -------------------------------------------------------------------------

PROVINCE_DEPARTMENTS = [
    "Văn phòng Ủy ban nhân dân",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
]


def demo_agency_code(province_code: str, *groups: int) -> str:
    """A made-up electronic ID for the demo, in the *shape* of Decision 20/2020/QĐ-TTg
    (at most 35 characters of ``[0-9A-Z.]``, dot-separated groups) but not its numbering.

    ``H`` + the GSO province code stands for the province (``H51`` is Quảng Ngãi here),
    then the groups read left to right: ``H51.900`` the province centre, ``H51.901…`` its
    departments, ``H51.001`` a commune committee, ``H51.001.01`` that commune's centre.
    Real codes use the Decision's own table of level-1 codes, which is not the GSO
    numbering, and the QCVN 102:2016/BTTTT layout with level 1 on the right (e.g.
    ``000.00.00.H30`` for Hậu Giang). The agencies get ``code_is_demo``; an administrator
    replaces the codes in the admin or with ``motcua import-agencies``.
    """
    return ".".join(
        [f"H{province_code}", *(f"{g:03d}" if i == 0 else f"{g:02d}" for i, g in enumerate(groups))]
    )


def _agency(
    *,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    code: str,
    parent: Agency | None,
    created: list[Agency],
) -> Agency:
    agency, was_created = Agency.objects.get_or_create(
        unit=unit,
        kind=kind,
        name=name,
        defaults={"code": code, "code_is_demo": True, "parent": parent},
    )
    if was_created:
        created.append(agency)
    return agency


@transaction.atomic
def province_provision(province_code: str) -> list[Agency]:
    """Create the province's People's Committee, service centre and departments, and the
    People's Committee and service centre of every commune, in one step. Idempotent;
    returns the agencies created.

    ``province_code`` is resolved by ``unit_resolve``: a pre-merger province code (02 Hà
    Giang) provisions its successor (08 Tuyên Quang).
    """
    resolution = unit_resolve(province_code)
    units = [resolution.unit] if resolution.unit is not None else resolution.successors
    provinces = [u for u in units if u.level == Level.PROVINCE]
    if len(provinces) > 1:
        raise InvalidInput(
            _("Mã '%(code)s' là tỉnh trước sắp xếp, kế thừa bởi nhiều tỉnh: %(codes)s.")
            % {"code": province_code, "codes": ", ".join(u.code for u in provinces)},
            code=province_code,
        )
    province = provinces[0] if provinces else None
    if province is None:
        raise NotFound(
            _("Không có tỉnh, thành phố mã '%(code)s'.") % {"code": province_code},
            code=province_code,
        )
    created: list[Agency] = []
    committee = _agency(
        name=f"Ủy ban nhân dân {province.full_name}",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        unit=province,
        code=demo_agency_code(province.code),
        parent=None,
        created=created,
    )
    _agency(
        name=f"Trung tâm Phục vụ hành chính công {province.full_name}",
        kind=AgencyKind.PROVINCE_CENTRE,
        unit=province,
        code=demo_agency_code(province.code, 900),
        parent=committee,
        created=created,
    )
    for index, name in enumerate(PROVINCE_DEPARTMENTS, start=1):
        _agency(
            name=name,
            kind=AgencyKind.PROVINCE_DEPARTMENT,
            unit=province,
            code=demo_agency_code(province.code, 900 + index),
            parent=committee,
            created=created,
        )
    communes = AdministrativeUnit.objects.filter(parent=province).order_by("code")
    for index, commune in enumerate(communes, start=1):
        commune_committee = _agency(
            name=f"Ủy ban nhân dân {commune.full_name}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            unit=commune,
            code=demo_agency_code(province.code, index),
            parent=committee,
            created=created,
        )
        _agency(
            name=f"Trung tâm Phục vụ hành chính công {commune.full_name}",
            kind=AgencyKind.COMMUNE_CENTRE,
            unit=commune,
            code=demo_agency_code(province.code, index, 1),
            parent=commune_committee,
            created=created,
        )
    return created


def agency_ensure_central(names: Iterable[str]) -> dict[str, Agency]:
    """The central bodies (kind ministry, no unit), keyed by ``fold(name)``, after creating
    those of ``names`` that are missing (without a code: an administrator or
    ``motcua import-agencies`` gives the official one).

    Answers every existing central body, not only ``names``, so that a caller can look up
    any issuing body by its folded name. Names that fold alike are one body.
    """
    bodies = {
        fold(a.name): a
        for a in Agency.objects.filter(kind=AgencyKind.MINISTRY, unit__isnull=True).order_by("pk")
    }
    for name in names:
        name = " ".join(name.split())
        if name and fold(name) not in bodies:
            bodies[fold(name)] = Agency.objects.create(name=name, kind=AgencyKind.MINISTRY)
    return bodies


def membership_grant(
    *,
    user: Any,
    role: str,
    unit: AdministrativeUnit,
    agency: Agency | None = None,
    includes_communes: bool = False,
) -> Membership:
    """Let ``user`` act in ``role`` for ``unit`` (and its communes if asked, province only)."""
    if role not in Role.values:
        raise InvalidInput(_("Vai trò không hợp lệ: %(role)s") % {"role": role})
    if includes_communes and unit.level != Level.PROVINCE:
        raise InvalidInput(_("Chỉ thành viên cấp tỉnh mới có thể bao gồm các xã trực thuộc."))
    membership, _created = Membership.objects.update_or_create(
        user=user,
        role=role,
        unit=unit,
        defaults={"agency": agency, "includes_communes": includes_communes},
    )
    return membership


def agencies_import(path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import official electronic IDs (Decision 20/2020) for agencies from a CSV file.

    Columns: ``code, name, kind, unit_code`` (unit_code empty for central bodies; a
    pre-merger or GSO 1027 code is translated to the current unit with a warning). An
    agency is matched by (unit, kind, name) and created if missing; its code replaces a
    demo code.
    """
    report = ImportReport(dry_run=dry_run)
    file = Path(path).name
    try:
        with transaction.atomic():
            for line, r in read_csv_rows(Path(path), report, ["code", "name", "kind", "unit_code"]):
                code = r["code"].upper()
                try:
                    agency_code_validator(code)
                except ValidationError:
                    report.reject(
                        file, line, f"code '{r['code']}' is not an electronic ID of [0-9A-Z.]"
                    )
                    continue
                if len(code) > 35 or r["kind"] not in AgencyKind.values or not r["name"]:
                    reason = "code longer than 35 characters" if len(code) > 35 else (
                        f"unknown kind '{r['kind']}'" if r["kind"] not in AgencyKind.values
                        else "missing name")  # fmt: skip
                    report.reject(file, line, reason)
                    continue
                unit = None
                if r["unit_code"]:
                    unit = _unit_for_import(r["unit_code"], file=file, line=line, report=report)
                    if unit is None:
                        continue
                taken = Agency.objects.filter(code=code).exclude(
                    unit=unit, kind=r["kind"], name=r["name"]
                )
                if taken.exists():
                    report.reject(file, line, f"code {code} already belongs to {taken.first()}")
                    continue
                agency = Agency.objects.filter(unit=unit, kind=r["kind"], name=r["name"]).first()
                if agency is None:
                    Agency.objects.create(unit=unit, kind=r["kind"], name=r["name"], code=code)
                    report.created += 1
                elif agency.code != code or agency.code_is_demo:
                    agency.code, agency.code_is_demo = code, False
                    agency.save(update_fields=["code", "code_is_demo"])
                    report.updated += 1
                else:
                    report.unchanged += 1
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report
