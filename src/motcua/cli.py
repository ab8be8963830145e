"""The ``motcua`` command: every operation, as Django management commands.

``motcua import-units`` runs the ``import_units`` command; ``motcua serve``
migrates nothing by itself and serves the site.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *argv[1:]])


if __name__ == "__main__":
    main()
