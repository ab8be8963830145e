"""A small line markup that a form's body is written in (rendered first by a Django template,
so values are escaped), laid out here as reportlab flowables.

One line is one block; empty lines are ignored, so template tags may sit on lines of their
own. The first characters of a line choose its style:

=========  =================================================================
``# ``     the title: centred, bold
``## ``    a centred bold line under the title
``^ ``     a centred italic line
``- ``     a list item, with a hanging indent
``: ``     a line without the first-line indent (``Label: value`` fields)
``@name``  a block the form builds in code (a table, the signatures)
``~``      some vertical space
``| ``     a justified paragraph with a first-line indent (also a line without prefix)
=========  =================================================================

A line that starts with a value should carry a prefix, so the value cannot choose a style.

Inside a line, reportlab's paragraph tags work: ``<b>``, ``<i>``, ``<u>``, ``<br/>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape as _xml_escape

from django.utils.translation import gettext as _
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua.core.errors import InvalidInput


def parse(
    text: str, styles: Mapping[str, object], blocks: Mapping[str, Sequence[Flowable]]
) -> list[Flowable]:
    """The flowables of ``text``; an unknown ``@name`` is an error that names the known ones
    (so an administrator editing a template is told what went wrong)."""
    out: list[Flowable] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            name = line[1:].strip()
            if name not in blocks:
                raise InvalidInput(
                    _("Mẫu dùng khối “@%(name)s” không tồn tại; các khối có: %(known)s.")
                    % {"name": name, "known": ", ".join(f"@{k}" for k in sorted(blocks)) or "—"}
                )
            out.extend(blocks[name])
        elif line == "~":
            out.append(Spacer(1, 8))
        else:
            style, body = _style_of(line)
            out.append(Paragraph(body, styles[style]))
    return out


def escape(text: str) -> str:
    """Text placed inside paragraph markup by code (templates escape by themselves)."""
    return _xml_escape(text)


PREFIXES = (("## ", "subtitle"), ("# ", "title"), ("^ ", "centre"), ("- ", "item"), (": ", "field"),
            ("| ", "body"))  # fmt: skip


def _style_of(line: str) -> tuple[str, str]:
    for prefix, style in PREFIXES:
        if line.startswith(prefix):
            return style, line[len(prefix) :].strip()
    return "body", line
