"""Compiling the texts administrators store: an engine with no template loaders and no tag
libraries, so a stored text reaches nothing but the values it is given, and a check that
names the forbidden tags before Django's own "unknown tag" error would."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.documents.constants import BODY_MAX_CHARS, FORBIDDEN_TAGS


class TextTemplate(Protocol):
    """What the renderers call: a file's template and a stored one answer alike."""

    def render(self, context: Mapping[str, Any] | None = None) -> str: ...


# No dirs, no app directories, no libraries: {% load %}, {% include %} and {% extends %}
# have nothing to reach even if a row got past the check.
_ENGINE = Engine(dirs=[], app_dirs=False, libraries={}, autoescape=True, debug=False)
_CHECK_ENGINE = Engine(dirs=[], app_dirs=False, libraries={}, autoescape=True, debug=True)


class StoredTemplate:
    def __init__(self, body: str, *, engine: Engine = _ENGINE) -> None:
        self.source = body
        self.template = engine.from_string(body)

    def render(self, context: Mapping[str, Any] | None = None) -> str:
        return self.template.render(Context(dict(context or {}), autoescape=True))


def forbidden_tags(body: str) -> list[tuple[str, int]]:
    """(tag, line) of each forbidden tag in ``body``, wherever it sits (a branch never taken
    counts too)."""
    found = []
    for token in Lexer(body).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if bits and bits[0] in FORBIDDEN_TAGS:
                found.append((bits[0], token.lineno))
    return found


def compile_body(body: str, *, checking: bool = False) -> StoredTemplate:
    """The stored text compiled; ``InvalidInput`` (Vietnamese) when it is too long, uses a
    forbidden tag or is not a valid template."""
    if len(body) > BODY_MAX_CHARS:
        raise InvalidInput(
            _("Nội dung mẫu dài %(n)s ký tự, vượt quá giới hạn %(max)s ký tự.")
            % {"n": len(body), "max": BODY_MAX_CHARS}
        )
    bad = forbidden_tags(body)
    if bad:
        raise InvalidInput(
            _("Mẫu không được dùng thẻ %(tags)s (tải thư viện, chèn hoặc kế thừa mẫu khác, in "
              "toàn bộ dữ liệu).")
            % {"tags": ", ".join(f"{{% {tag} %}} (dòng {line})" for tag, line in bad)}
        )  # fmt: skip
    try:
        return StoredTemplate(body, engine=_CHECK_ENGINE if checking else _ENGINE)
    except TemplateSyntaxError as exc:
        debug = getattr(exc, "template_debug", None) or {}
        where = _(" (dòng %(line)s)") % {"line": debug["line"]} if debug.get("line") else ""
        raise InvalidInput(
            _("Mẫu có lỗi cú pháp%(where)s: %(error)s") % {"where": where, "error": exc}
        ) from exc
