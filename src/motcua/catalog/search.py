"""Catalogue search: diacritics- and case-insensitive, exact matches first.

An in-process BM25 index (bm25s) over folded syllables and syllable pairs, rebuilt when
the catalogue changes. Ranking tiers put, in order: the name equal to the query with its
diacritics, then equal once folded, then names containing the exact phrase, then the folded
phrase, then names holding every query syllable; BM25 orders within a tier. The catalogue
is small (thousands of rows), so the index lives in memory: a lookup costs about 1.5 ms
(p95) and the page query a few more (bench/catalogue_search.py).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass

import bm25s
import numpy as np
from django.db.models import Count, Max, Q

from motcua.catalog.models import Procedure
from motcua.core.text import exact_key, fold, search_tokens

MAX_QUERY_CHARS = 200
CHECK_EVERY_SECONDS = 5.0
TIER_CANDIDATES = 300
# Names often start with the word "Thủ tục" ("procedure"), which a person does not type.
_PREFIX = re.compile(r"^(thu tuc|thủ tục)\s+")


def _strip_prefix(key: str) -> str:
    return _PREFIX.sub("", key)


@dataclass(frozen=True)
class Filters:
    field_id: int | None = None
    level: str | None = None
    agency_id: int | None = None


class CatalogueIndex:
    """BM25 over procedure names (weighted) and their other searchable text."""

    def __init__(self) -> None:
        today = dt.date.today()
        in_force = Q(effective_to__isnull=True) | Q(effective_to__gt=today)
        rows = list(
            Procedure.objects.filter(in_force).order_by("id").values_list(
                "id", "name", "search_text", "field_id", "issuing_body_id",
                "level_ministry", "level_province", "level_commune", "level_other",
            )
        )  # fmt: skip
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.exact_names = [_strip_prefix(exact_key(r[1])) for r in rows]
        self.folded_names = [_strip_prefix(fold(exact_key(r[1]))) for r in rows]
        self.name_lengths = np.array([len(r[1]) for r in rows], dtype=np.int32)
        self.field_ids = np.array([r[3] or 0 for r in rows], dtype=np.int64)
        self.agency_ids = np.array([r[4] or 0 for r in rows], dtype=np.int64)
        self.levels = {
            "ministry": np.array([r[5] for r in rows], dtype=bool),
            "province": np.array([r[6] for r in rows], dtype=bool),
            "commune": np.array([r[7] for r in rows], dtype=bool),
            "other": np.array([r[8] for r in rows], dtype=bool),
        }
        corpus = [search_tokens(r[1]) * 3 + search_tokens(r[2], folded=True) for r in rows]
        self.vocab: dict[str, int] = {}
        corpus_ids = [[self.vocab.setdefault(t, len(self.vocab)) for t in doc] for doc in corpus]
        self.retriever = bm25s.BM25()
        if rows:
            self.retriever.index(
                bm25s.tokenization.Tokenized(ids=corpus_ids, vocab=self.vocab),
                show_progress=False,
            )

    def __len__(self) -> int:
        return len(self.ids)

    def _mask(self, filters: Filters) -> np.ndarray:
        mask = np.ones(len(self.ids), dtype=bool)
        if filters.field_id:
            mask &= self.field_ids == filters.field_id
        if filters.agency_id:
            mask &= self.agency_ids == filters.agency_id
        if filters.level in self.levels:
            mask &= self.levels[filters.level]
        return mask

    def search(self, query: str, filters: Filters = Filters()) -> list[int]:
        """Procedure ids that match ``query``, best first."""
        query = query[:MAX_QUERY_CHARS]
        tokens = [self.vocab[t] for t in dict.fromkeys(search_tokens(query)) if t in self.vocab]
        if not tokens or not len(self.ids):
            return []
        scores = self.retriever.get_scores_from_ids(tokens)
        candidates = np.flatnonzero((scores > 0) & self._mask(filters))
        if not len(candidates):
            return []
        # Tiers are computed for the best BM25 candidates only: a name that holds the
        # query's phrase matches every syllable and pair, so it is always among them.
        by_score = candidates[np.argsort(-scores[candidates], kind="stable")]
        top, rest = by_score[:TIER_CANDIDATES], by_score[TIER_CANDIDATES:]
        tiers = self._tiers(query, top)
        order = np.lexsort((self.name_lengths[top], -scores[top], -tiers))
        return self.ids[top[order]].tolist() + self.ids[rest].tolist()

    def _tiers(self, query: str, docs: np.ndarray) -> np.ndarray:
        exact_q = _strip_prefix(exact_key(query))
        folded_q = fold(exact_q)
        syllables = folded_q.split()
        tiers = np.zeros(len(docs), dtype=np.int32)
        for i, doc in enumerate(docs):
            exact, folded = self.exact_names[doc], self.folded_names[doc]
            if exact == exact_q:
                tiers[i] = 6
            elif folded == folded_q:
                tiers[i] = 5
            elif exact_q in exact:
                tiers[i] = 4
            elif folded_q in folded:
                tiers[i] = 3
            elif all(s in folded for s in syllables):
                tiers[i] = 2
        return tiers


_lock = threading.Lock()
_state: dict[str, object] = {"index": None, "version": None, "checked": 0.0}


def _catalogue_version() -> tuple:
    agg = Procedure.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"])


def get_index() -> CatalogueIndex:
    """The process's index, rebuilt when the catalogue has changed (checked every 5 s)."""
    now = time.monotonic()
    with _lock:
        index = _state["index"]
        if index is not None and now - float(_state["checked"]) < CHECK_EVERY_SECONDS:
            return index  # type: ignore[return-value]
        version = _catalogue_version()
        if index is None or version != _state["version"]:
            index = CatalogueIndex()
            _state.update(index=index, version=version)
        _state["checked"] = now
        return index  # type: ignore[return-value]


def warm_up() -> None:
    """Build the index before the first request (called by the WSGI entry point)."""
    from django.db import DatabaseError, connections

    try:
        get_index()
    except DatabaseError:  # not migrated yet: the first search builds it
        pass
    finally:
        connections.close_all()


def invalidate_index() -> None:
    with _lock:
        _state.update(index=None, version=None, checked=0.0)
