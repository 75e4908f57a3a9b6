"""What a letter template can say: the values of its placeholders, read from the visit,
meeting or partnership the letter belongs to.

Every value is text already written for the letter's language: Persian letters get
Jalali dates and Persian digits («۱۶ بهمن ۱۳۹۹»), English ones Gregorian dates
(«4 February 2021») and the Latin names and English titles of the address book.
``PLACEHOLDERS`` lists the names a template may use (the editor shows them, with a
description in the user's language, and saving a template renders it once with
``sample_context``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlmodel import Session, col, select

from peyvand.domain import (
    AgendaItem,
    Agreement,
    Decision,
    Meeting,
    Organization,
    Participant,
    Partnership,
    Person,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.enums import Classification, Language, ParticipantRole, Side
from peyvand.messages import enum_label
from peyvand.services.letter_templates import Fields, fields
from peyvand.text import fold_for_search, format_jalali_long, to_persian_digits

# What a letter to the other side may mention.
OPEN_CLASSIFICATIONS: Final = (Classification.NORMAL, Classification.RESTRICTED)

_EN_MONTHS: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Every name a template may use, with the names inside each record. A record's lists
# hold records of the names given after them.
PLACEHOLDERS: Final[dict[str, tuple[str, ...]]] = {
    "today": (),
    "office": ("org", "unit"),
    "signatory": ("name", "title"),
    "recipient": ("name", "honorific", "full_name", "title", "organization"),
    "visit": (
        "number",
        "title",
        "city",
        "country",
        "arrival",
        "departure",
        "purpose",
        "organization",
        "head",
        "members",
        "meetings",
        "decisions",
        "agreements",
    ),
    "meeting": (
        "number",
        "title",
        "date",
        "place",
        "organization",
        "summary",
        "participants",
        "decisions",
        "agenda",
    ),
    "partnership": ("city", "country", "kind", "since", "organization"),
}
# Names inside the records of the lists above.
LIST_ITEMS: Final[dict[str, tuple[str, ...]]] = {
    "head": ("name", "title", "organization"),
    "members": ("name", "title", "role"),
    "meetings": ("number", "title", "date", "place"),
    "decisions": ("number", "text"),
    "agreements": ("title", "date"),
    "participants": ("name", "title", "organization"),
}


def date_text(day: dt.date | None, language: Language) -> str:
    if day is None:
        return ""
    if language == Language.ENGLISH:
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return format_jalali_long(day, weekday=False)


def _number(value: str | int, language: Language) -> str:
    return to_persian_digits(value) if language == Language.PERSIAN else str(value)


@dataclass(frozen=True)
class PersonText:
    name: str
    honorific: str
    title: str
    organization: str

    def as_values(self) -> dict[str, str]:
        full = " ".join(x for x in (self.honorific, self.name) if x)
        return {
            "name": self.name,
            "honorific": self.honorific,
            "full_name": full,
            "title": self.title,
            "organization": self.organization,
        }


def _org_names(
    session: Session, ids: Iterable[uuid.UUID | None], language: Language
) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        o.id: (o.name_en or o.name) if language == Language.ENGLISH else o.name
        for o in session.exec(select(Organization).where(col(Organization.id).in_(wanted)))
    }


def person_values(session: Session, person: Person, language: Language) -> PersonText:
    orgs = _org_names(session, [person.organization_id], language)
    org = orgs.get(person.organization_id, "") if person.organization_id else ""
    if language == Language.ENGLISH:
        return PersonText(
            person.name_latin or person.name, "", person.title_en or person.title, org
        )
    return PersonText(person.name, person.honorific, person.title, org)


def _live(model: Any) -> Any:
    return col(model.deleted_at).is_(None)


def _people(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(wanted)))}


def _visit(session: Session, visit: Visit, language: Language) -> dict[str, Any]:
    en = language == Language.ENGLISH
    members = list(
        session.exec(
            select(VisitMember)
            .where(VisitMember.visit_id == visit.id, _live(VisitMember))
            .order_by(col(VisitMember.position))
        )
    )
    people = _people(session, (m.person_id for m in members))
    guests = [m for m in members if m.side == Side.GUEST and m.person_id in people]
    head = next((m for m in guests if m.is_head), guests[0] if guests else None)
    # The meetings held during the visit, as a letter to the guests may list them: not
    # the office's own preparation before it, nor anything classified.
    meetings = [
        m
        for m in session.exec(
            select(Meeting)
            .where(Meeting.visit_id == visit.id, _live(Meeting))
            .order_by(col(Meeting.date), col(Meeting.start_time))
        )
        if Classification(m.classification) in OPEN_CLASSIFICATIONS
        and (visit.arrival is None or m.date >= visit.arrival)
        and (visit.departure is None or m.date <= visit.departure)
    ]
    decisions = (
        list(
            session.exec(
                select(Decision)
                .where(col(Decision.meeting_id).in_([m.id for m in meetings]), _live(Decision))
                .order_by(col(Decision.meeting_id), col(Decision.number))
            )
        )
        if meetings
        else []
    )
    order = {m.id: n for n, m in enumerate(meetings)}
    decisions.sort(key=lambda d: (order.get(d.meeting_id, 0), d.number))
    agreements: list[Agreement] = []
    if visit.partnership_id is not None and visit.arrival is not None:
        last = visit.departure or visit.arrival
        agreements = list(
            session.exec(
                select(Agreement).where(
                    Agreement.partnership_id == visit.partnership_id,
                    _live(Agreement),
                    col(Agreement.signed_on) >= visit.arrival,
                    col(Agreement.signed_on) <= last,
                )
            )
        )
    orgs = _org_names(session, [visit.organization_id], language)

    def member(m: VisitMember) -> dict[str, str]:
        p = person_values(session, people[m.person_id], language)
        return {"name": p.name, "title": p.title, "role": m.role}

    head_values = (
        person_values(session, people[head.person_id], language).as_values() if head else {}
    )
    return {
        "number": _number(visit.number, language),
        "title": (visit.title_en or visit.title) if en else visit.title,
        "city": (visit.city_en or visit.city) if en else visit.city,
        "country": visit.country,
        "arrival": date_text(visit.arrival, language),
        "departure": date_text(visit.departure, language),
        "purpose": visit.purpose,
        "organization": orgs.get(visit.organization_id, "") if visit.organization_id else "",
        "head": {"name": "", "title": "", "organization": "", **head_values},
        "members": [member(m) for m in guests],
        "meetings": [
            {
                "number": _number(m.number, language),
                "title": m.title,
                "date": date_text(m.date, language),
                "place": m.place,
            }
            for m in meetings
        ],
        "decisions": [{"number": _number(d.number, language), "text": d.text} for d in decisions],
        "agreements": [
            {"title": a.title, "date": date_text(a.signed_on, language)} for a in agreements
        ],
    }


def _meeting(session: Session, meeting: Meeting, language: Language) -> dict[str, Any]:
    participants = list(
        session.exec(
            select(Participant)
            .where(Participant.meeting_id == meeting.id, _live(Participant))
            .order_by(col(Participant.position))
        )
    )
    people = _people(session, (p.person_id for p in participants))
    decisions = list(
        session.exec(
            select(Decision)
            .where(Decision.meeting_id == meeting.id, _live(Decision))
            .order_by(col(Decision.number))
        )
    )
    agenda = list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, _live(AgendaItem))
            .order_by(col(AgendaItem.position))
        )
    )
    orgs = _org_names(session, [meeting.organization_id], language)
    return {
        "number": _number(meeting.number, language),
        "title": meeting.title,
        "date": date_text(meeting.date, language),
        "place": meeting.place,
        "organization": orgs.get(meeting.organization_id, "") if meeting.organization_id else "",
        "summary": meeting.summary,
        "participants": [
            {
                k: v
                for k, v in person_values(session, people[p.person_id], language)
                .as_values()
                .items()
                if k in ("name", "title", "organization")
            }
            for p in participants
            if p.person_id in people
        ],
        "decisions": [{"number": _number(d.number, language), "text": d.text} for d in decisions],
        "agenda": [a.text for a in agenda],
    }


def _partnership(session: Session, partnership: Partnership, language: Language) -> dict[str, Any]:
    en = language == Language.ENGLISH
    orgs = _org_names(session, [partnership.organization_id], language)
    return {
        "city": (partnership.partner_city_en or partnership.partner_city)
        if en
        else partnership.partner_city,
        "country": partnership.partner_country,
        "kind": enum_label(partnership.kind, language.value),
        "since": date_text(partnership.since, language),
        "organization": orgs.get(partnership.organization_id, "")
        if partnership.organization_id
        else "",
    }


def office_names(
    session: Session, org: str, unit: str, language: Language
) -> tuple[str, str]:
    """The letterhead's organization and unit in the letter's language: in English, the
    English names the address book gives them (Settings holds the Persian ones)."""
    if language != Language.ENGLISH:
        return org, unit
    org_key, unit_key = fold_for_search(org), fold_for_search(unit)
    org_en = next(
        (
            o.name_en
            for o in session.exec(select(Organization).where(_live(Organization)))
            if o.name_en and fold_for_search(o.name) == org_key
        ),
        org,
    )
    unit_en = next(
        (
            u.name_en
            for u in session.exec(select(Unit).where(_live(Unit)))
            if u.name_en and fold_for_search(u.name) == unit_key
        ),
        unit,
    )
    return org_en, unit_en


def default_recipient(
    session: Session,
    *,
    visit: Visit | None,
    meeting: Meeting | None,
) -> Person | None:
    """Whom a letter about ``visit`` or ``meeting`` is addressed to unless told: the
    head of the visiting delegation; the guests' chair or first speaker of a meeting."""
    if visit is not None:
        members = list(
            session.exec(
                select(VisitMember)
                .where(
                    VisitMember.visit_id == visit.id,
                    VisitMember.side == Side.GUEST,
                    _live(VisitMember),
                )
                .order_by(col(VisitMember.is_head).desc(), col(VisitMember.position))
            )
        )
        if members:
            return session.get(Person, members[0].person_id)
    if meeting is not None:
        participants = list(
            session.exec(
                select(Participant)
                .where(
                    Participant.meeting_id == meeting.id,
                    Participant.side == Side.GUEST,
                    _live(Participant),
                )
                .order_by(col(Participant.position))
            )
        )
        rank = {ParticipantRole.CHAIR: 0, ParticipantRole.SPEAKER: 1}
        participants.sort(key=lambda p: rank.get(ParticipantRole(p.role), 2))
        if participants:
            return session.get(Person, participants[0].person_id)
    return None


def build(
    session: Session,
    *,
    language: Language,
    visit: Visit | None = None,
    meeting: Meeting | None = None,
    partnership: Partnership | None = None,
    recipient: Person | None = None,
    recipient_organization: Organization | None = None,
    signatory: str = "",
    office: tuple[str, str] = ("", ""),
    today: dt.date,
) -> dict[str, Fields | str]:
    """The placeholders' values for a letter (records absent are empty records, so a
    template that uses ``visit.title`` in a meeting's letter gets an empty text, not
    an error; a misspelt name is still an error)."""
    recipient_values = (
        person_values(session, recipient, language).as_values()
        if recipient is not None
        else {"name": "", "honorific": "", "full_name": "", "title": "", "organization": ""}
    )
    if recipient_organization is not None and not recipient_values["organization"]:
        en = language == Language.ENGLISH
        recipient_values["organization"] = (
            (recipient_organization.name_en or recipient_organization.name)
            if en
            else recipient_organization.name
        )
    name, _, title = signatory.partition("\n")
    return {
        "today": date_text(today, language),
        "office": fields({"org": office[0], "unit": office[1]}),
        "signatory": fields({"name": name.strip(), "title": title.strip()}),
        "recipient": fields(recipient_values),
        "visit": fields(_visit(session, visit, language) if visit else _empty("visit")),
        "meeting": fields(_meeting(session, meeting, language) if meeting else _empty("meeting")),
        "partnership": fields(
            _partnership(session, partnership, language) if partnership else _empty("partnership")
        ),
    }


def _empty(record: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in PLACEHOLDERS[record]:
        if (name in LIST_ITEMS and name != "head") or name == "agenda":
            out[name] = []
        elif name == "head":
            out[name] = dict.fromkeys(LIST_ITEMS["head"], "")
        else:
            out[name] = ""
    return out


def sample_context(language: Language) -> dict[str, Fields | str]:
    """Every placeholder with a sample value: saving a template renders it with these,
    so a misspelt name is caught when the template is written, not when a letter is."""
    sample = "نمونه" if language == Language.PERSIAN else "sample"
    out: dict[str, Fields | str] = {"today": sample}
    for record, names in PLACEHOLDERS.items():
        if not names:
            continue
        values: dict[str, Any] = {}
        for name in names:
            if name == "head":
                values[name] = dict.fromkeys(LIST_ITEMS["head"], sample)
            elif name in LIST_ITEMS:
                values[name] = [dict.fromkeys(LIST_ITEMS[name], sample)]
            elif name == "agenda":
                values[name] = [sample]
            else:
                values[name] = sample
        out[record] = fields(values)
    return out
