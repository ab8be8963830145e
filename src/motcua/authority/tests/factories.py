"""Helpers to build registry CSV files and rows in tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings

from motcua.authority.models import DecentralisedTask
from motcua.authority.services import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

COLUMNS = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]


def shipped_file() -> Path:
    return Path(settings.MOTCUA_DATA_DIR) / "authority" / "tasks.csv"


def row(**overrides: str) -> dict[str, str]:
    """A valid CSV row (a verified Decree 133 delegation); override any column."""
    values = {
        "code": "TEST-01",
        "name": "Nhiệm vụ thử",
        "field": "Sở hữu trí tuệ",
        "from_level": "central",
        "to_level": "province",
        "mode": "delegation",
        "instrument": "Nghị định 133/2025/NĐ-CP",
        "article": "khoản 2 Điều 43",
        "article_verified": "yes",
        "status": "in_force",
        "source": "nguồn thử",
        "field_slug": "",
        "effective_from": "2025-07-01",
        "effective_to": "",
        "procedures": "",
        "notes": "",
    }
    values.update(overrides)
    return values


def write_csv(path: Path, rows: Sequence[dict[str, str]], columns: Sequence[str] = COLUMNS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([r.get(c, "") for c in columns])
    return path


def task(**overrides: Any) -> DecentralisedTask:
    values: dict[str, Any] = {
        "code": "TEST-01",
        "name": "Nhiệm vụ thử",
        "field_name": "Sở hữu trí tuệ",
        "from_level": "central",
        "to_level": "province",
        "mode": "delegation",
        "instrument": "Nghị định 133/2025/NĐ-CP",
        "article": "khoản 2 Điều 43",
        "article_verified": True,
        "source": "nguồn thử",
    }
    values.update(overrides)
    return DecentralisedTask.objects.create(**values)
