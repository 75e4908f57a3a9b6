"""Delegation visits: members, itinerary, logistics and gifts."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import ClassVar

from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import Classification, Direction, GiftDirection, Side, VisitStatus
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.types import enum_type


class VisitData(DomainData):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    title_en: str = Field(default="", max_length=TITLE_MAX)
    direction: Direction = Field(default=Direction.INCOMING, sa_type=enum_type(Direction))
    organization_id: uuid.UUID | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    partnership_id: uuid.UUID | None = Field(default=None, foreign_key="partnership.id", index=True)
    city: str = Field(default="", max_length=SHORT_MAX)
    city_en: str = Field(default="", max_length=SHORT_MAX)
    country: str = Field(default="", max_length=SHORT_MAX)
    arrival: date | None = Field(default=None, index=True)
    departure: date | None = None
    purpose: str = Field(default="", max_length=TEXT_MAX)
    talking_points: str = Field(default="", max_length=TEXT_MAX)
    status: VisitStatus = Field(default=VisitStatus.PLANNED, sa_type=enum_type(VisitStatus))
    classification: Classification = Field(
        default=Classification.NORMAL, sa_type=enum_type(Classification)
    )
    hotel: str = Field(default="", max_length=TITLE_MAX)
    transport: str = Field(default="", max_length=TITLE_MAX)
    interpreter: str = Field(default="", max_length=TITLE_MAX)
    security: str = Field(default="", max_length=TITLE_MAX)
    logistics_notes: str = Field(default="", max_length=NOTE_MAX)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"title_en", "city_en"})


class Visit(VisitData, NumberColumns, SyncColumns, table=True):
    __table_args__ = (
        live_index("visit", "arrival"),
        # The calendar finds visits that overlap a month by their last day (0008).
        live_index("visit", "departure"),
    )

    title_sort: str = sort_key_field(TITLE_MAX)
    city_sort: str = sort_key_field(SHORT_MAX)


class VisitRow(VisitData, NumberColumns, SyncColumns, RowBase):
    pass


class VisitMemberData(DomainData):
    visit_id: uuid.UUID = Field(foreign_key="visit.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    side: Side = Field(default=Side.GUEST, sa_type=enum_type(Side))
    role: str = Field(default="", max_length=SHORT_MAX)
    is_head: bool = False
    position: int = Field(default=0, ge=0)


class VisitMember(VisitMemberData, SyncColumns, table=True):
    __tablename__ = "visit_member"


class VisitMemberRow(VisitMemberData, SyncColumns, RowBase):
    pass


class ItineraryItemData(DomainData):
    visit_id: uuid.UUID = Field(foreign_key="visit.id", index=True)
    day: date
    start_time: time | None = None
    end_time: time | None = None
    place: str = Field(default="", max_length=TITLE_MAX)
    place_en: str = Field(default="", max_length=TITLE_MAX)
    activity: str = Field(min_length=1, max_length=NOTE_MAX)
    activity_en: str = Field(default="", max_length=NOTE_MAX)
    hosts: str = Field(default="", max_length=TITLE_MAX)
    hosts_en: str = Field(default="", max_length=TITLE_MAX)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"place_en", "activity_en", "hosts_en"})


class ItineraryItem(ItineraryItemData, SyncColumns, table=True):
    __tablename__ = "itinerary_item"
    # The calendar reads the items of the days it shows (0008).
    __table_args__ = (live_index("itinerary_item", "day"),)


class ItineraryItemRow(ItineraryItemData, SyncColumns, RowBase):
    pass


class GiftData(DomainData):
    visit_id: uuid.UUID = Field(foreign_key="visit.id", index=True)
    direction: GiftDirection = Field(default=GiftDirection.GIVEN, sa_type=enum_type(GiftDirection))
    # The guest who received our gift, or who gave us theirs.
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    description: str = Field(min_length=1, max_length=TITLE_MAX)
    given_on: date | None = None
    notes: str = Field(default="", max_length=NOTE_MAX)


class Gift(GiftData, SyncColumns, table=True):
    pass


class GiftRow(GiftData, SyncColumns, RowBase):
    pass
