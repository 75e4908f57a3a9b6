"""The people who sign in to the office server, one row per PostgreSQL login.

Which roles a login holds is not stored here: PostgreSQL's own catalogue (membership
of the ``peyvand_*`` group roles) is the only statement of it, so that what the window
shows and what the database enforces cannot disagree. This row links the login to the
person it is (the audit trail names that person) and to their unit («کارهای واحد من»).
Logins are disabled, never deleted: their audit rows keep naming them.

Only the office server has rows here (storage/accounts.py); a single workstation
(SQLite) has no accounts.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from peyvand.domain.base import utc_now
from peyvand.domain.limits import TITLE_MAX
from peyvand.domain.types import UTCDateTime

# PostgreSQL's identifiers (and so role names) are at most 63 bytes.
LOGIN_MAX = 63


class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    login: str = Field(max_length=LOGIN_MAX, unique=True)
    display_name: str = Field(default="", max_length=TITLE_MAX)
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
