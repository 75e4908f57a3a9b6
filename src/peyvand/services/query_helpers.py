"""Small pieces of query building shared by the list and dashboard use cases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, String, cast
from sqlmodel import col


def broad_in(column: Any, values: str | Iterable[Any]) -> ColumnElement[bool]:
    """An IN on a column with few distinct values (a status), kept off its index.

    Such a filter keeps most rows; if the planner uses the column's index it must then
    sort every match to show one page. Written as an expression, the planner walks the
    list-order index instead and stops after a page (milliseconds at 500,000 rows).
    """
    items = [values] if isinstance(values, str) else [str(v) for v in values]
    return cast(col(column), String).in_(items)
