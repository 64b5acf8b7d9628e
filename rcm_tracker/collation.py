"""Lists sorted the way their reader reads them: República Dominicana under R in
Spanish, Dominican Republic under D in English, Ávila among the A's.

Both databases know two collations of the same names, `reader_en` and `reader_es`:
PostgreSQL's from ICU (created by the migration members 0005), SQLite's registered on
every new connection (below) with an accent- and case-insensitive key in which ñ
comes after n, as in Spanish. `reader_order("name_en", "name_es")` orders by the
name in the active language, in its collation; querysets wrap it as
`in_reader_order()`.
"""

from __future__ import annotations

import functools
import unicodedata

from django.db.models import CharField, F, Value
from django.db.models.expressions import Expression, OrderBy
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language

COLLATIONS = {"en": "reader_en", "es": "reader_es"}
# ICU locales of the PostgreSQL collations: Latin-American Spanish, English.
ICU_LOCALES = {"reader_en": "en", "reader_es": "es-419"}


def reader_language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in COLLATIONS else "en"


def reader_name(english: str, spanish: str | None = None) -> Expression:
    """`spanish` (or `english` when empty) for a Spanish reader, `english` otherwise,
    in the reader's collation: the language active now."""
    language = reader_language()
    name: Expression | F
    if language == "es" and spanish:
        name = Coalesce(NullIf(F(spanish), Value("")), F(english))
    else:
        name = F(english)
    return Collate(name, COLLATIONS[language])


class ReaderName(Expression):
    """reader_name(), decided when the query is compiled, not when it is built.

    Form fields build their querysets when a module is imported, before anyone
    reads them: the language is only known when the rows are fetched.
    """

    def __init__(self, english: str, spanish: str | None = None) -> None:
        super().__init__(output_field=CharField())
        self.english, self.spanish = english, spanish

    def resolve_expression(self, *args, **kwargs):
        return reader_name(self.english, self.spanish).resolve_expression(*args, **kwargs)

    def __repr__(self) -> str:
        return f"ReaderName({self.english!r}, {self.spanish!r})"


def reader_order(english: str, spanish: str | None = None, *, nulls_last: bool = False) -> OrderBy:
    """Ascending by the name in the reader's language and collation (see ReaderName);
    `nulls_last` for a related name that may be missing (a country of an organisation's row)."""
    if nulls_last:
        return ReaderName(english, spanish).asc(nulls_last=True)
    return ReaderName(english, spanish).asc()


@functools.lru_cache(maxsize=4096)
def sort_key(text: str, *, spanish: bool) -> str:
    """`text` without case and accents; in Spanish ñ sorts after every n."""
    text = text.casefold()
    if spanish:
        text = text.replace("ñ", "n\U0010ffff")  # after any letter that can follow an n
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _compare(spanish: bool):
    def compare(a: str | None, b: str | None) -> int:
        ka, kb = sort_key(a or "", spanish=spanish), sort_key(b or "", spanish=spanish)
        if ka == kb:  # the same letters: fall back to the exact text, for a stable order
            ka, kb = a or "", b or ""
        return (ka > kb) - (ka < kb)

    return compare


def register_sqlite_collations(sender, connection, **kwargs) -> None:
    """connection_created receiver: teach a new SQLite connection our collations."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_collation("reader_en", _compare(spanish=False))
    connection.connection.create_collation("reader_es", _compare(spanish=True))
