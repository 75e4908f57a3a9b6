"""Closed vocabularies of the domain.

Values are stable English identifiers (stored, exported, merged); the Persian labels
shown to users live in the message catalogue under ``enum.<Class>.<value>``.
"""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    MUNICIPALITY = "municipality"
    MINISTRY = "ministry"
    EMBASSY = "embassy"
    CONSULATE = "consulate"
    CHAMBER = "chamber"
    UNIVERSITY = "university"
    INTERNATIONAL = "international"
    COMPANY = "company"
    NGO = "ngo"
    OTHER = "other"


class PartnershipKind(StrEnum):
    SISTER_CITY = "sister_city"
    MOU = "mou"
    FRIENDSHIP = "friendship"
    COOPERATION = "cooperation"


class PartnershipStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    SUSPENDED = "suspended"
    ENDED = "ended"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Side(StrEnum):
    HOST = "host"
    GUEST = "guest"


class GiftDirection(StrEnum):
    GIVEN = "given"
    RECEIVED = "received"


class MeetingKind(StrEnum):
    OFFICIAL = "official"
    WORKING = "working"
    COURTESY = "courtesy"
    ONLINE = "online"
    OTHER = "other"


class Classification(StrEnum):
    NORMAL = "normal"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


class ParticipantRole(StrEnum):
    CHAIR = "chair"
    SPEAKER = "speaker"
    MINUTE_TAKER = "minute_taker"
    MEMBER = "member"


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class NumberedKind(StrEnum):
    """Record kinds that carry a short number people say and type."""

    VISIT = "visit"
    MEETING = "meeting"
    ACTION = "action"
    # The correspondence register: one counter per book and Jalali year.
    LETTER_OUTGOING = "letter_outgoing"
    LETTER_INCOMING = "letter_incoming"


class DeadlineAnchor(StrEnum):
    """The visit date a checklist item's deadline is counted from."""

    ARRIVAL = "arrival"
    DEPARTURE = "departure"


class ChecklistCheck(StrEnum):
    """What the readiness view can check for an item against other records (the gift
    register, the letters, the minutes), besides the item's own status."""

    GIFTS = "gifts"
    INVITATION = "invitation"
    VISA = "visa"
    THANK_YOU = "thank_you"
    MINUTES = "minutes"


class LetterKind(StrEnum):
    INVITATION = "invitation"
    VISA_SUPPORT = "visa_support"
    THANK_YOU = "thank_you"
    INTENT = "intent"  # letter of intent / sister-city proposal
    MINUTES_COVER = "minutes_cover"
    GENERAL = "general"


class RegisterBook(StrEnum):
    """A letter's direction as the register names it (صادره / وارده); the same values
    as ``Direction``, labelled for correspondence."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    REGISTERED = "registered"


class Language(StrEnum):
    PERSIAN = "fa"
    ENGLISH = "en"
