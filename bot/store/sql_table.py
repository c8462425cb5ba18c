"""A SQLModel row class's `Table`, typed.

SQLModel gives each table class its `__table__` when the class is declared but does not declare
the attribute to type checkers, so reading it took a `type: ignore` at every use; SQLAlchemy's
inspection API says the same thing with a type."""

from __future__ import annotations

from sqlalchemy import Table, inspect
from sqlmodel import SQLModel


def table_of(row: type[SQLModel]) -> Table:
    """The SQL table `row` (a `table=True` class) maps to."""
    table = inspect(row).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{row.__name__} is not mapped to a table")
    return table
