"""Fast, portable bulk inserts for derived and seeded rows (SQLite and PostgreSQL).

``Model.objects.bulk_create`` spends most of its time building model instances and preparing
each value one by one. For millions of simple rows (search tokens, demo data) this helper writes
plain tuples with ``executemany``, filling every other column with its default once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

ROWS_PER_BATCH = 5000


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def bulk_insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples of the named fields, foreign keys as ``<name>_id``). Returns the count.

    Fields not named get their default; ``auto_now``/``auto_now_add`` fields get the time now.
    """
    meta = model._meta
    by_name = {field.attname: field for field in meta.concrete_fields}
    named = [by_name[column] for column in columns]
    now = timezone.now()
    fixed: list[tuple[str, Any]] = []
    for field in meta.concrete_fields:
        if field.primary_key or field in named:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        fixed.append((str(field.column), field.get_db_prep_save(value, connection)))
    adapters = [_adapter(field) for field in named]
    all_columns = [str(field.column) for field in named] + [str(column) for column, _ in fixed]
    fixed_values = tuple(value for _, value in fixed)
    quote = connection.ops.quote_name
    # Only model metadata goes into the SQL text; every value is a query parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(column) for column in all_columns),
        ", ".join(["%s"] * len(all_columns)),
    )
    if connection.vendor == "postgresql":
        return _copy_rows(meta.db_table, all_columns, rows, adapters, fixed_values)
    count = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(_prepared(row, adapters) + fixed_values)
            if len(batch) >= ROWS_PER_BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _prepared(row: Sequence[Any], adapters: Sequence[Callable[[Any], Any] | None]) -> tuple[Any, ...]:
    return tuple(
        adapt(value) if adapt is not None and value is not None else value
        for adapt, value in zip(adapters, row, strict=True)
    )


def _copy_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    adapters: Sequence[Callable[[Any], Any] | None],
    fixed_values: tuple[Any, ...],
) -> int:
    """PostgreSQL: COPY is several times faster than INSERT for large batches."""
    from psycopg import sql as pg_sql

    statement = pg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        pg_sql.Identifier(table), pg_sql.SQL(", ").join(pg_sql.Identifier(column) for column in columns)
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(_prepared(row, adapters) + fixed_values)
            count += 1
    return count
