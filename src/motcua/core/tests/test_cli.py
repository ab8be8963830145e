import subprocess
import sys

from motcua import cli


def test_dashed_subcommands_map_to_management_commands(monkeypatch):
    seen = {}
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.update(argv=argv)
    )
    cli.main(["motcua", "import-units", "--dry-run"])
    assert seen["argv"] == ["motcua", "import_units", "--dry-run"]


def test_console_script_lists_the_operations():
    out = subprocess.run(
        [sys.executable, "-m", "motcua", "help"], capture_output=True, text=True, check=True
    ).stdout
    for name in ["demo", "import_units", "import_catalogue", "import_authority", "serve",
                 "provision_province", "migrate", "createsuperuser"]:  # fmt: skip
        assert name in out
