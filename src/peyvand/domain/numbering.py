"""Short numbers that people say and type («جلسه ۱۴۰۳-۰۴۲»)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from peyvand.domain.enums import NumberedKind
from peyvand.domain.types import enum_type

# Provisional numbers come from trip packages; they never collide with office numbers,
# which are all digits, and the office gives the record a real number on merge.
PROVISIONAL_PREFIX = "T"


class NumberColumns(SQLModel):
    number: str = Field(default="", max_length=40, unique=True, index=True)
    number_provisional: bool = False


class NumberCounter(SQLModel, table=True):
    """Last number handed out per kind and Jalali year.

    Internal bookkeeping, not user data: it is neither exported nor merged, since each
    office database allocates its own numbers.
    """

    __tablename__ = "number_counter"

    kind: NumberedKind = Field(primary_key=True, sa_type=enum_type(NumberedKind))
    year: int = Field(primary_key=True)
    last: int = 0


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:03d}"
