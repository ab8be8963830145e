"""Vietnamese text helpers: normalise, fold diacritics, tokenise for search."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Đăng Ký" → "dang ky".

    NFD splits the tone and vowel marks (category Mn) off the letters; đ has no
    decomposition, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def exact_key(text: str) -> str:
    """Case-folded NFC text with whitespace collapsed: the key for diacritics-exact matches."""
    return " ".join(nfc(text).casefold().split())


def syllables(text: str) -> list[str]:
    """Folded syllables of ``text`` (Vietnamese words are space-separated syllables)."""
    return _WORD.findall(fold(text))


def search_tokens(text: str, *, folded: bool = False) -> list[str]:
    """Folded syllables plus adjacent syllable pairs (``folded``: text is already folded).

    Pairs keep word order ("dang_ky" and "ky_khai") so that a query typed
    without diacritics still prefers documents with the same compound words.
    """
    syl = _WORD.findall(text if folded else fold(text))
    return syl + [f"{a}_{b}" for a, b in pairwise(syl)]
