"""Sister cities, MoUs and other standing relationships, with their agreements."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import PartnershipKind, PartnershipStatus
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from peyvand.domain.types import enum_type


class PartnershipData(DomainData):
    partner_city: str = Field(min_length=1, max_length=SHORT_MAX)
    partner_city_en: str = Field(default="", max_length=SHORT_MAX)
    partner_country: str = Field(default="", max_length=SHORT_MAX)
    organization_id: uuid.UUID | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    kind: PartnershipKind = Field(
        default=PartnershipKind.SISTER_CITY, sa_type=enum_type(PartnershipKind)
    )
    status: PartnershipStatus = Field(
        default=PartnershipStatus.ACTIVE, sa_type=enum_type(PartnershipStatus)
    )
    # The order in which the city became a sister city ("the 14th"), when known.
    ordinal: int | None = Field(default=None, ge=1, le=999)
    since: date | None = None
    notes: str = Field(default="", max_length=TEXT_MAX)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"partner_city_en"})


class Partnership(PartnershipData, SyncColumns, table=True):
    __table_args__ = (live_index("partnership", "partner_city_sort"),)

    partner_city_sort: str = sort_key_field(SHORT_MAX)
    partner_country_sort: str = sort_key_field(SHORT_MAX)


class PartnershipRow(PartnershipData, SyncColumns, RowBase):
    pass


class AgreementData(DomainData):
    partnership_id: uuid.UUID = Field(foreign_key="partnership.id", index=True)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    signed_on: date | None = None
    expires_on: date | None = None
    summary: str = Field(default="", max_length=NOTE_MAX)


class Agreement(AgreementData, SyncColumns, table=True):
    pass


class AgreementRow(AgreementData, SyncColumns, RowBase):
    pass
