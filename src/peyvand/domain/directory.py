"""The office's address book: units, organizations and people."""

from __future__ import annotations

import uuid
from typing import ClassVar

from sqlalchemy import JSON
from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import OrgKind
from peyvand.domain.limits import NAME_MAX, NOTE_MAX, SHORT_MAX, TITLE_MAX
from peyvand.domain.types import enum_type


class UnitData(DomainData):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
    code: str = Field(default="", max_length=SHORT_MAX)
    notes: str = Field(default="", max_length=NOTE_MAX)


class Unit(UnitData, SyncColumns, table=True):
    """A department of the office that owns follow-up actions (واحد)."""

    name_sort: str = sort_key_field(NAME_MAX)


class UnitRow(UnitData, SyncColumns, RowBase):
    pass


class OrganizationData(DomainData):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
    kind: OrgKind = Field(default=OrgKind.OTHER, sa_type=enum_type(OrgKind))
    country: str = Field(default="", max_length=SHORT_MAX)
    city: str = Field(default="", max_length=SHORT_MAX)
    city_en: str = Field(default="", max_length=SHORT_MAX)
    website: str = Field(default="", max_length=TITLE_MAX)
    notes: str = Field(default="", max_length=NOTE_MAX)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"name_en", "city_en", "website"})


class Organization(OrganizationData, SyncColumns, table=True):
    __table_args__ = (live_index("organization", "name_sort"),)

    name_sort: str = sort_key_field(NAME_MAX)
    city_sort: str = sort_key_field(SHORT_MAX)
    country_sort: str = sort_key_field(SHORT_MAX)


class OrganizationRow(OrganizationData, SyncColumns, RowBase):
    pass


class PersonData(DomainData):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    name_latin: str = Field(default="", max_length=NAME_MAX)
    honorific: str = Field(default="", max_length=SHORT_MAX)
    title: str = Field(default="", max_length=TITLE_MAX)
    title_en: str = Field(default="", max_length=TITLE_MAX)
    organization_id: uuid.UUID | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    country: str = Field(default="", max_length=SHORT_MAX)
    city: str = Field(default="", max_length=SHORT_MAX)
    phone: str = Field(default="", max_length=SHORT_MAX)
    email: str = Field(default="", max_length=SHORT_MAX)
    languages: str = Field(default="", max_length=SHORT_MAX)
    protocol_notes: str = Field(default="", max_length=NOTE_MAX)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"name_latin", "title_en", "phone", "email"})


class Person(PersonData, SyncColumns, table=True):
    """Anyone the office deals with; office staff have a ``unit_id``."""

    __table_args__ = (live_index("person", "name_sort"),)

    name_sort: str = sort_key_field(NAME_MAX)
    title_sort: str = sort_key_field(TITLE_MAX)
    country_sort: str = sort_key_field(SHORT_MAX)


class PersonRow(PersonData, SyncColumns, RowBase):
    pass
