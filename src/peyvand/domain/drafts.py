"""Unsaved editor contents, kept so that nothing typed is lost in a crash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from peyvand.domain.base import utc_now
from peyvand.domain.types import UTCDateTime


class Draft(SQLModel, table=True):
    """One editor's unsaved state. Local to this database (never exported or merged);
    kept inside the database so that on a trip laptop it is as protected as the data."""

    # Whose draft: the PostgreSQL login on the office server (set by the database from
    # session_user, and only its author reads it: migration 0010); empty on a single
    # workstation, whose file belongs to one user anyway.
    author: str = Field(
        default="", primary_key=True, max_length=63, sa_column_kwargs={"server_default": ""}
    )
    key: str = Field(primary_key=True, max_length=120)  # e.g. "meeting:<uuid>" or "meeting:new"
    kind: str = Field(max_length=40)
    title: str = Field(default="", max_length=300)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    saved_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
