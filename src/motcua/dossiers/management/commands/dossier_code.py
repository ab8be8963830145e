"""``motcua dossier-code``: read and write dossier codes (domain spec §3).

``parse CODE [--json] [--format STYLE]`` checks a code from another system; an invalid
code exits with status 1 and the reason on stderr (with ``--json`` the object, with
``"valid": false``, is still printed on stdout). Usage errors exit with status 2.
``format AGENCY YYYY-MM-DD SEQ [--style STYLE] [--ministry-aa NN]`` writes one.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.dossiers.codes import (
    STYLE_CENTRALISED,
    STYLES,
    code_settings,
    format_code,
    parse_code,
)


class Command(BaseCommand):
    help = "Parse or format dossier codes (mã số hồ sơ)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        parse = actions.add_parser("parse", help="Check a dossier code and show its parts")
        parse.add_argument("code")
        parse.add_argument("--json", action="store_true", help="Print one JSON object")
        parse.add_argument(
            "--format", choices=STYLES, help="Read the code in this style (no guessing)"
        )
        write = actions.add_parser("format", help="Write a dossier code")
        write.add_argument("agency")
        write.add_argument("day", type=dt.date.fromisoformat, help="Receipt date, YYYY-MM-DD")
        write.add_argument("sequence", type=int, help="Daily number")
        write.add_argument("--style", choices=STYLES, help="Default: MOTCUA_DOSSIER_CODE_STYLE")
        write.add_argument("--ministry-aa", help="Default: MOTCUA_DOSSIER_CODE_MINISTRY_AA")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self.handle_parse(options)
        else:
            self.handle_format(options)

    def handle_parse(self, options: dict[str, Any]) -> None:
        parsed = parse_code(options["code"], hint=options["format"])
        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False))
        elif parsed.valid:
            line = _("%(code)s: hợp lệ (%(format)s), cơ quan %(agency)s, ngày %(day)s, số %(seq)d")
            line %= {
                "code": options["code"].strip(),
                "format": parsed.format,
                "agency": parsed.agency_code,
                "day": parsed.receipt_date.isoformat() if parsed.receipt_date else "",
                "seq": parsed.sequence,
            }
            if parsed.ministry_aa:
                line += _(", mã bộ %(aa)s") % {"aa": parsed.ministry_aa}
            self.stdout.write(line)
        if not parsed.valid:
            raise CommandError(parsed.reason or "invalid")

    def handle_format(self, options: dict[str, Any]) -> None:
        config = code_settings()
        style = options["style"] or config.style
        ministry_aa = options["ministry_aa"]
        if ministry_aa is None and style == STYLE_CENTRALISED:
            ministry_aa = config.ministry_aa
        try:
            code = format_code(
                options["agency"],
                options["day"],
                options["sequence"],
                style=style,
                ministry_aa=ministry_aa,
                digits=config.sequence_digits,
            )
        except InvalidInput as error:
            raise CommandError(error.message) from error
        self.stdout.write(code)
