"""The distinct visitors of groups of questions, counted in the database (for bot/report_sql.py): what the sums per
text cannot say of a group of several texts."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Callable, Iterable, Sequence

from .store import Store
from .topics import Group

IN_CHUNK = 500  # values per `x IN (...)`: under SQLite's oldest limit of 999 parameters
# Parameters per query, all told: SQLite's limit is 32,766 since 3.32 (999 before), PostgreSQL's 65,535.
MAX_PARAMETERS = 30_000 if sqlite3.sqlite_version_info >= (3, 32) else 900


class Keep:
    """Which rows of a part are wanted, by (text, section id) as stored, and the pairs it kept so far (`phrasings`
    keeps them, `read_visitors` counts their visitors)."""

    def __init__(self, wanted: Callable[[str, str | None], bool]) -> None:
        self.wanted = wanted
        self.pairs: dict[str, set[str | None]] = defaultdict(set)

    def __call__(self, text: str, sid: str | None) -> bool:
        if not self.wanted(text, sid):
            return False
        self.pairs[text].add(sid)
        return True


Part = tuple[str, tuple, Keep | None]  # a condition on faqbot_questions, its parameters, what of it is kept


def read_visitors(store: Store, parts: Sequence[Part], groups: Iterable[Group],
                  max_parameters: int = MAX_PARAMETERS) -> None:
    """Set the exact number of distinct visitors of groups of several texts (`Group.texts`), over the rows `parts`
    select (after `phrasings` read them): what the sums per text could not say. Counted in the database, whole groups
    at a time, a part with a `keep` (a thumbs-down answer's) as the (section, text) pairs it kept. A group too large
    for one query (more than about max_parameters / 2 texts and pairs) reads its visitors' hashed addresses instead."""
    groups = [g for g in groups if g.texts]
    kept = [(where, params, keep.pairs) for where, params, keep in parts if keep is not None]
    plain = [(where, params) for where, params, keep in parts if keep is None]

    def cost(g: Group) -> int:  # each text is a parameter twice (in the CASE, in the IN), each pair twice
        return 2 * len(g.texts) + 2 * sum(len(pairs.get(t, ())) for _, _, pairs in kept for t in g.texts)

    fixed = sum(len(ps) for _, ps in plain) + sum(len(ps) for _, ps, _ in kept)
    large = [g for g in groups if fixed + cost(g) > max_parameters]
    if large:
        clients = _clients(store, parts, sorted({t for g in large for t in g.texts}))
        for g in large:
            g.visitors = len(set().union(*(clients[t] for t in g.texts))) or None
    for batch in _batches([g for g in groups if fixed + cost(g) <= max_parameters], cost, max_parameters - fixed):
        _count(store, plain, kept, batch)


def _batches(groups: Sequence[Group], cost: Callable[[Group], int], budget: int) -> Iterable[list[Group]]:
    """Whole groups, in order, as many at a time as cost at most `budget` in all."""
    batch: list[Group] = []
    used = 0
    for g in groups:
        if batch and used + cost(g) > budget:
            yield batch
            batch, used = [], 0
        batch.append(g)
        used += cost(g)
    if batch:
        yield batch


def _count(store: Store, plain: list[tuple[str, tuple]], kept: list[tuple[str, tuple, dict[str, set[str | None]]]],
           batch: list[Group]) -> None:
    """The distinct visitors of each group of `batch`, counted in one query."""
    texts = [t for g in batch for t in g.texts]
    conditions, params = [f"({where})" for where, _ in plain], [p for _, ps in plain for p in ps]
    for where, ps, pairs in kept:
        these = [(sid, t) for t in texts for sid in pairs.get(t, ())]
        if these:
            values = ", ".join(["(?, ?)"] * len(these))
            conditions.append(f"(({where}) AND (section_id, question) IN (VALUES {values}))")
            params += [*ps, *(v for pair in these for v in pair)]
    which = " ".join(f"WHEN question IN ({', '.join('?' * len(g.texts))}) THEN {n}" for n, g in enumerate(batch))
    found = dict(store.query(
        f"SELECT CASE {which} END, COUNT(DISTINCT client_hash) FROM faqbot_questions"
        f" WHERE ({' OR '.join(conditions) or '1 = 0'}) AND client_hash IS NOT NULL"
        f" AND question IN ({', '.join('?' * len(texts))}) GROUP BY 1", (*texts, *params, *texts)))
    for n, g in enumerate(batch):
        g.visitors = int(found.get(n, 0)) or None


def _clients(store: Store, parts: Sequence[Part], texts: Sequence[str]) -> dict[str, set[str]]:
    """The client hashes of the rows `parts` select of each of these texts."""
    clients: dict[str, set[str]] = defaultdict(set)
    for where, params, keep in parts:
        for i in range(0, len(texts), IN_CHUNK):
            chunk = tuple(texts[i:i + IN_CHUNK])
            for text, sid, client in store.query(
                    f"SELECT question, section_id, client_hash FROM faqbot_questions WHERE {where}"
                    f" AND client_hash IS NOT NULL AND question IN ({', '.join('?' * len(chunk))})"
                    " GROUP BY question, section_id, client_hash",
                    params + chunk):
                if keep is None or keep(text, sid):
                    clients[text].add(client)
    return clients


