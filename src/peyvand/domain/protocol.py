"""Protocol checklists: templates of what a visit needs, item by item.

A template lists items (invitation letter, visa support letter, airport welcome, hotel,
…), each with the unit responsible and a deadline counted in days from the visit's
arrival or departure. Applying a template to a visit makes each item a follow-up
(``Action``) linked to the visit, carrying the anchor of its deadline so that moving the
visit's dates can move it too (services/checklists.py). The items of a visit are those
follow-ups: they appear on the dashboard and in the lists like any other.
"""

from __future__ import annotations

import uuid

from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import ChecklistCheck, DeadlineAnchor, Direction, Priority
from peyvand.domain.limits import NOTE_MAX, TITLE_MAX
from peyvand.domain.types import enum_type

# A deadline more than a year before arrival or after departure is a typing mistake.
OFFSET_MAX_DAYS = 365


class ChecklistTemplateData(DomainData):
    name: str = Field(min_length=1, max_length=TITLE_MAX)
    # The visits it suits: incoming, outgoing, or any (None).
    direction: Direction | None = Field(default=None, sa_type=enum_type(Direction))
    # «هیئت عالی‌رتبه»: a delegation led by a minister, a mayor or an ambassador.
    high_level: bool = False
    description: str = Field(default="", max_length=NOTE_MAX)


class ChecklistTemplate(ChecklistTemplateData, SyncColumns, table=True):
    __tablename__ = "checklist_template"
    __table_args__ = (live_index("checklist_template", "name_sort"),)

    name_sort: str = sort_key_field(TITLE_MAX)


class ChecklistTemplateRow(ChecklistTemplateData, SyncColumns, RowBase):
    pass


class ChecklistTemplateItemData(DomainData):
    template_id: uuid.UUID = Field(foreign_key="checklist_template.id", index=True)
    position: int = Field(default=0, ge=0)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=NOTE_MAX)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    anchor: DeadlineAnchor = Field(
        default=DeadlineAnchor.ARRIVAL, sa_type=enum_type(DeadlineAnchor)
    )
    # Days after the anchor (negative: before it): «۱۰ روز پیش از ورود» is arrival, -10.
    offset_days: int = Field(default=0, ge=-OFFSET_MAX_DAYS, le=OFFSET_MAX_DAYS)
    priority: Priority = Field(default=Priority.NORMAL, sa_type=enum_type(Priority))
    check: ChecklistCheck | None = Field(default=None, sa_type=enum_type(ChecklistCheck))


class ChecklistTemplateItem(ChecklistTemplateItemData, SyncColumns, table=True):
    __tablename__ = "checklist_template_item"


class ChecklistTemplateItemRow(ChecklistTemplateItemData, SyncColumns, RowBase):
    pass
