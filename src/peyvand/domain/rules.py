"""Rules across fields, beyond what one field's type can say."""

from __future__ import annotations

import re
from typing import Any

from peyvand.domain.errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-() ]+$")


def _ordered(data: Any, first: str, second: str, msg_id: str) -> None:
    a, b = getattr(data, first, None), getattr(data, second, None)
    if a is not None and b is not None and b < a:
        raise ValidationError(msg_id, field=second)


def check(data: Any) -> None:
    """Raise ValidationError for the first broken rule of ``data`` (a XData model)."""
    email = getattr(data, "email", "")
    if email and not _EMAIL.match(email):
        raise ValidationError("field.email", field="email")
    phone = getattr(data, "phone", "")
    if phone and not _PHONE.match(phone):
        raise ValidationError("field.phone", field="phone")
    _ordered(data, "arrival", "departure", "range.dates")
    _ordered(data, "start_time", "end_time", "range.times")
    _ordered(data, "signed_on", "expires_on", "range.expiry")
