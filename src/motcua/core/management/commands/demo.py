from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from motcua.core.demo import demo_staff_create
from motcua.dossiers.demo import demo_data_ensure
from motcua.dossiers.events import anchor_create


class Command(BaseCommand):
    help = (
        "Set up the demo (migrate, import units, catalogue and registry, demo staff for two "
        "provinces) and serve it on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up only")
        parser.add_argument(
            "--history", type=int, default=20000, help="Demo dossiers to file (0: none)"
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = {"verbosity": 0}
        self.stdout.write("1/6 migrate")
        call_command("migrate", interactive=False, **quiet)
        call_command("calendar", "import", no_progress=True, verbosity=0)
        self.stdout.write("2/6 import-units")
        call_command("import_units", no_progress=True)
        self.stdout.write("3/6 import-catalogue")
        call_command("import_catalogue", no_progress=True)
        call_command("import_eforms", verbosity=0)
        self.stdout.write("4/6 import-authority")
        call_command("import_authority", no_progress=True)
        self.stdout.write("5/6 demo staff")
        logins = demo_staff_create()
        self.stdout.write("6/6 demo dossiers")
        demo_data_ensure(options["history"], say=self.stdout.write)
        anchor = anchor_create()  # seal the log: `motcua audit verify` checks it from here on
        self.stdout.write(
            f"  event log sealed: {anchor.event_count} events, anchor {anchor.hash[:12]}"
        )
        self.stdout.write(self.style.SUCCESS("\nDemo logins (also in var/demo-logins.txt):"))
        for login in logins:
            self.stdout.write(
                f"  {login.username:<18} {login.password:<14} {login.role} — {login.unit}"
            )
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(
            f"\nCatalogue: {base}/vi/procedures/   Back office (giamsat51, motcua51…): "
            f"{base}/vi/backoffice/   Admin (admin): {base}/vi/admin/"
        )
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
