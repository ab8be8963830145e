"""What every import shares: a report of created/updated rows and of rejected lines."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str
    severity: str = "rejected"  # "rejected": the row did not load; "warning": it loaded

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: [{self.severity}] {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def reject(self, file: str | Path, line: int, reason: str) -> None:
        self.problems.append(Problem(str(file), line, reason, "rejected"))

    def warn(self, file: str | Path, line: int, reason: str) -> None:
        self.problems.append(Problem(str(file), line, reason, "warning"))

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "rejected"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        prefix = "[dry-run] " if self.dry_run else ""
        return (
            f"{prefix}{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected, {len(self.warnings)} warnings"
        )

    def write_csv(self, path: str | Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["file", "line", "severity", "reason"])
            for p in self.problems:
                writer.writerow([p.file, p.line, p.severity, p.reason])


class DryRunRollback(Exception):
    """Raised inside an atomic block to undo a dry run."""


def decoded_lines(raw: bytes, file: str, report: ImportReport) -> Iterator[tuple[int, str]]:
    """Yield (line number, NFC text) for each line; broken UTF-8 lines are rejected."""
    for number, chunk in enumerate(raw.splitlines(), start=1):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            report.reject(file, number, f"invalid UTF-8 at byte {exc.start}")
            continue
        if number == 1:
            text = text.lstrip("\ufeff")
        normalized = unicodedata.normalize("NFC", text)
        if normalized != text:
            report.warn(file, number, "text was not NFC (decomposed Vietnamese); normalised")
        yield number, normalized


def read_csv_rows(
    path: Path, report: ImportReport, required: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a UTF-8 CSV file, reporting bad lines."""
    raw = path.read_bytes()
    lines = list(decoded_lines(raw, path.name, report))
    if not lines or lines[0][0] != 1:
        report.reject(path.name, 1, "missing or unreadable header line")
        return
    header = next(csv.reader([lines[0][1]]))
    missing = [c for c in required if c not in header]
    if missing:
        report.reject(path.name, 1, f"missing columns: {', '.join(missing)}")
        return
    for number, text in lines[1:]:
        if not text.strip():
            continue
        values = next(csv.reader(io.StringIO(text)))
        if len(values) != len(header):
            report.reject(path.name, number, f"expected {len(header)} columns, found {len(values)}")
            continue
        yield number, {k: v.strip() for k, v in zip(header, values, strict=True)}
