"""Errors that carry a message id, rendered in Persian (GUI) or English (CLI)."""

from __future__ import annotations

from typing import Any

from peyvand.messages import render


class PeyvandError(Exception):
    """An expected failure the user must be told about; nothing was changed."""

    def __init__(self, msg_id: str, /, **params: Any) -> None:
        self.msg_id = msg_id
        self.params = params
        super().__init__(render(msg_id, "en", **params))

    def message(self, lang: str = "fa") -> str:
        return render(self.msg_id, lang, **self.params)


class ValidationError(PeyvandError):
    """Input that breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, msg_id: str, /, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(msg_id, field=field or "", **params)


class NotFoundError(PeyvandError):
    pass


class ConflictError(PeyvandError):
    """The record changed since it was read (stale revision) or is locked."""


class PermissionDeniedError(PeyvandError):
    """The signed-in account may not do this (office mode: the database refused it, or
    a service saw that it would). Nothing was changed."""
