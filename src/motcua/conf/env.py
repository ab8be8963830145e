"""The one place that reads the environment.

Every setting is declared with ``env(name, default, cast, help)`` so that
``motcua config list`` can document all of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str


REGISTRY: dict[str, EnvVar] = {}


def as_bool(value: str) -> bool:
    return value.strip().lower() in _TRUE


def as_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def env(name: str, default: Any = None, cast: Callable[[str], Any] = str, help: str = "") -> Any:
    """Read ``name`` from the environment, cast it, and record it for the docs."""
    REGISTRY[name] = EnvVar(name=name, default=default, help=help)
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return cast(raw)
