"""The fee a dossier owes, from the catalogue's fee data (pure: no database)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from motcua.payments.constants import CATALOGUE_CHANNEL


@dataclass(frozen=True)
class FeeLine:
    amount: int | None  # VND; None when the catalogue gives no usable amount
    exempt: bool
    text: str  # the catalogue's own words


@dataclass(frozen=True)
class Fee:
    """What one channel of a procedure costs. ``amount`` is the sum of the lines in VND, 0 when
    nothing is charged, None when any line has no amount (the text says why)."""

    amount: int | None
    lines: tuple[FeeLine, ...]

    @property
    def exempt(self) -> bool:
        return self.amount == 0

    @property
    def known(self) -> bool:
        return self.amount is not None

    @property
    def text(self) -> str:
        return "; ".join(line.text for line in self.lines if line.text)


def _lines(raw: Iterable[Mapping[str, Any]]) -> list[FeeLine]:
    lines: list[FeeLine] = []
    for item in raw:
        amount = item.get("amount")
        exempt = bool(item.get("exempt"))
        if exempt:
            amount = 0
        elif not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            amount = None
        line = FeeLine(amount, exempt, str(item.get("description") or "").strip())
        if line not in lines:
            lines.append(line)
    return lines


def fee_from_catalogue(
    methods: Iterable[Mapping[str, Any]], fees: Iterable[Mapping[str, Any]], channel: str
) -> Fee | None:
    """The fee for ``channel`` (a dossier channel or a catalogue channel name): the lines of
    that channel's submission method, else the procedure's fee lines of that channel, else all
    of them. None when the catalogue has no fee line at all."""
    name = CATALOGUE_CHANNEL.get(channel, channel)
    methods, fees = list(methods or []), list(fees or [])
    raw: list[Mapping[str, Any]] = []
    for method in methods:
        if method.get("channel") == name:
            raw.extend(method.get("fees") or [])
    if not raw:
        raw = [f for f in fees if f.get("channel") == name] or fees
    lines = _lines(raw)
    if not lines:
        return None
    amounts = [line.amount for line in lines]
    total = None if any(a is None for a in amounts) else sum(amounts)  # type: ignore[arg-type]
    return Fee(total, tuple(lines))
