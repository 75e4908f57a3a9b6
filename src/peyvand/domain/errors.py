"""Re-exported from :mod:`peyvand.errors`, which stays importable without the models
(the command line imports it before it knows which command runs)."""

from peyvand.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PeyvandError,
    ValidationError,
)

__all__ = [
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "PeyvandError",
    "ValidationError",
]
