import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve motcua with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        from gunicorn.app.wsgiapp import WSGIApplication

        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{bind}/ (Ctrl+C to stop)"))
        sys.argv = [
            "gunicorn", "motcua.wsgi:application", "--bind", bind,
            "--workers", str(options["workers"]), "--threads", "4",
            "--access-logfile", "-", "--timeout", "60",
        ]  # fmt: skip
        if settings.DEBUG:
            sys.argv.append("--reload")
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
