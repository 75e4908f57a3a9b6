"""The Core descriptions the first paint reads (domain/core_tables.py) match the tables."""

from __future__ import annotations

import pytest
from sqlalchemy.sql.expression import TableClause

from peyvand.domain import core_tables, metadata
from peyvand.domain.types import UTCDateTime
from peyvand.services import actions, dashboard, listing


@pytest.mark.parametrize("light", core_tables.ALL, ids=lambda t: str(t.name))
def test_every_column_is_the_real_tables_with_its_type(light: TableClause) -> None:
    real = metadata.tables[light.name]
    for column in light.columns:
        assert column.name in real.c, f"{light.name}.{column.name} is not a column"
        expected = real.c[column.name].type
        # Same kind of value (enums are stored by value as text: plain text here), and
        # Peyvand's own converting type (aware UTC timestamps) is the very same type.
        assert column.type._type_affinity is expected._type_affinity, (
            f"{light.name}.{column.name}: {column.type!r} is not a {expected!r}"
        )
        if isinstance(expected, UTCDateTime):
            assert isinstance(column.type, UTCDateTime)


def test_the_dashboard_keeps_the_follow_up_rules() -> None:
    assert dashboard.DUE_SOON_DAYS == actions.DUE_SOON_DAYS
    assert set(dashboard.OPEN_STATUSES) == {s.value for s in actions.OPEN_STATUSES}


def test_the_command_line_lists_what_listing_lists() -> None:
    from peyvand import cli

    assert cli.LISTABLE == listing.LISTABLE
