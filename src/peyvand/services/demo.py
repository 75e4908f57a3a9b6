"""The demo database (``peyvand demo``): one real meeting, told completely, and a sample office.

1. The seed: the meeting of ۱۶ بهمن ۱۳۹۹ (2021-02-04) between the mayor of Isfahan and the
   Foreign Ministry's deputy for consular, parliamentary and expatriate affairs, with the
   municipality's director general of international affairs, as reported by the municipality's
   media office (riahnews.ir, news code 4402). Its people and titles, every point each side
   made (summarized in our own words), the decisions and the follow-ups an office would have
   opened from them, and the sister cities it names.
2. Fictional sample records, marked «نمونه»: invented people and organizations (their Latin
   names are the word "example" in the partner's language: Beispiel, Esempio, Exemple,
   Contoh, Namuna, Örnek, Primerov…), every date relative to today so the dashboard, the
   briefs and every list have something to show whenever the demo is created.

The content lives in data files, ``resources/demo/*.json``, read by ``demo_data``; this
module only loads it. Everything goes through the services (``records`` and the meeting and
action use cases), so numbers, audit trail and search index are exactly what the
application itself writes. A use case is its own transaction: if loading fails half-way,
discard the file (it was empty).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    ActionNote,
    AgendaItem,
    Agreement,
    Attachment,
    ChecklistTemplate,
    Decision,
    Gift,
    ItineraryItem,
    Letter,
    LetterTemplate,
    Meeting,
    Organization,
    Participant,
    Partnership,
    Person,
    Statement,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.base import SyncColumns
from peyvand.domain.errors import PeyvandError
from peyvand.services import actions, attachments, meetings, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, FixedClock, today
from peyvand.services.demo_data import (
    AttachmentSpec,
    FollowUp,
    MeetingSpec,
    VisitAction,
    VisitSpec,
    content,
)
from peyvand.storage.database import Database
from peyvand.text import TEHRAN

Values = dict[str, Any]

# Fields that hold a date: an int there means "days from a base date" (today, or the
# arrival day of a visit for its itinerary and gifts).
_DATE_FIELDS = frozenset(
    {"since", "signed_on", "expires_on", "arrival", "departure", "day", "given_on", "due_date"}
)

# The data tables by the names they had when they were written here (tests and tools
# read them as ``demo.PEOPLE``…): attributes of this module, read from the files on
# first use (PEP 562).
_TABLES = {
    "UNITS": "units",
    "ORGANIZATIONS": "organizations",
    "PEOPLE": "people",
    "PARTNERSHIPS": "partnerships",
    "AGREEMENTS": "agreements",
    "VISITS": "visits",
    "VISIT_ACTIONS": "visit_actions",
    "SEED_MEETING": "seed_meeting",
    "MEETINGS": "meetings",
    "ATTACHMENTS": "attachments",
}


def __getattr__(name: str) -> Any:
    if name in _TABLES:
        return getattr(content(), _TABLES[name])
    if name == "SEED_TITLE":
        return content().seed_meeting.title
    if name == "SEED_STATEMENTS":
        return content().seed_meeting.statements
    if name == "SEED_DECISIONS":
        return content().seed_meeting.decisions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SEED_DATE = dt.date(2021, 2, 4)  # ۱۶ بهمن ۱۳۹۹


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    """How many live records of each kind the demo database holds."""

    seed_meeting_id: uuid.UUID
    units: int
    organizations: int
    people: int
    partnerships: int
    agreements: int
    visits: int
    visit_members: int
    itinerary_items: int
    gifts: int
    meetings: int
    participants: int
    agenda_items: int
    statements: int
    decisions: int
    actions: int
    action_notes: int
    attachments: int
    checklist_templates: int = 0
    letter_templates: int = 0
    letters: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """Kind -> count, in the order of the fields (for printing)."""
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


# --------------------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.data = content()
        self.db = db
        self.clock = clock
        self.today = today(clock)
        self.ids: dict[str, uuid.UUID] = {}

    # -- helpers ------------------------------------------------------------------------

    def day(self, offset: int, base: dt.date | None = None) -> dt.date:
        return (base or self.today) + dt.timedelta(days=offset)

    def at(self, day: dt.date, hour: int = 10) -> FixedClock:
        """A clock on ``day`` in Tehran, never later than the real 'now'."""
        moment = dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN)
        return FixedClock(min(moment, self.clock.now()))

    def resolve(self, values: Mapping[str, Any], base: dt.date | None = None) -> Values:
        """Keys become ids (``*_id`` fields) and day offsets become dates."""
        out: Values = {}
        for name, value in values.items():
            if name.endswith("_id") and isinstance(value, str):
                out[name] = self.ids[value]
            elif name in _DATE_FIELDS and isinstance(value, int) and not isinstance(value, bool):
                out[name] = self.day(value, base)
            else:
                out[name] = value
        return out

    def ref(self, key: str | None) -> uuid.UUID | None:
        return self.ids[key] if key else None

    # -- directory, partnerships, visits: one transaction ------------------------------

    def directory(self) -> None:
        with self.db.session() as session:
            tables: tuple[tuple[type[SyncColumns], tuple[tuple[str, Values], ...]], ...] = (
                (Unit, self.data.units),
                (Organization, self.data.organizations),
                (Person, self.data.people),
                (Partnership, self.data.partnerships),
            )
            for model, rows in tables:
                for key, values in rows:
                    obj = records.create(session, model, self.resolve(values), clock=self.clock)
                    self.ids[key] = obj.id
            for values in self.data.agreements:
                records.create(session, Agreement, self.resolve(values), clock=self.clock)
            for spec in self.data.visits:
                self.visit(session, spec)

    def visit(self, session: Session, spec: VisitSpec) -> None:
        values = self.resolve(spec.values)
        visit = records.create(session, Visit, values, clock=self.clock)
        self.ids[spec.key] = visit.id
        arrival: dt.date = values["arrival"]
        for position, (person, side, role, is_head) in enumerate(spec.members, start=1):
            records.create(
                session,
                VisitMember,
                {
                    "visit_id": visit.id,
                    "person_id": self.ids[person],
                    "side": side,
                    "role": role,
                    "is_head": is_head,
                    "position": position,
                },
            )
        for item in spec.itinerary:
            records.create(
                session, ItineraryItem, {**self.resolve(item, arrival), "visit_id": visit.id}
            )
        for gift in spec.gifts:
            records.create(session, Gift, {**self.resolve(gift, arrival), "visit_id": visit.id})

    # -- meetings and their follow-ups -------------------------------------------------

    def meeting(self, spec: MeetingSpec) -> uuid.UUID:
        day = spec.day if isinstance(spec.day, dt.date) else self.day(spec.day)
        detail = meetings.record_meeting(
            self.db,
            {
                "title": spec.title,
                "date": day,
                "start_time": spec.start,
                "end_time": spec.end,
                "place": spec.place,
                "kind": spec.kind,
                "classification": spec.classification,
                "visit_id": self.ref(spec.visit),
                "organization_id": self.ref(spec.organization),
                "partnership_id": self.ref(spec.partnership),
                "summary": spec.summary,
            },
            participants=[
                {"person_id": self.ids[person], "side": side, "role": role}
                for person, side, role in spec.participants
            ],
            agenda=spec.agenda,
            statements=[(self.ids[speaker], text) for speaker, text in spec.statements],
            decisions=[
                {
                    "text": d.text,
                    "owner_person_id": self.ref(d.owner),
                    "owner_unit_id": self.ref(d.unit),
                    "due_date": self.day(d.due, day),
                }
                for d in spec.decisions
            ],
            clock=self.clock,
        )
        meeting_id = detail.meeting.id
        self.ids[spec.key] = meeting_id
        for decision, view in zip(spec.decisions, detail.decisions, strict=True):
            if decision.follow_up is not None:
                follow = decision.follow_up
                row = actions.action_from_decision(
                    self.db,
                    view.row.id,
                    {"title": follow.title, "priority": follow.priority},
                    clock=self.at(day, 14),
                )
                self.history(row.id, follow, day)
        if spec.final:
            meetings.finalize(self.db, meeting_id, clock=self.at(self.day(1, day), 9))
        return meeting_id

    def visit_action(self, spec: VisitAction) -> None:
        opened = self.day(spec.opened)
        follow = spec.follow_up
        row = actions.create_action(
            self.db,
            {
                "title": follow.title,
                "description": spec.description,
                "source_visit_id": self.ids[spec.visit],
                "owner_person_id": self.ids[spec.owner],
                "unit_id": self.ids[spec.unit],
                "due_date": self.day(spec.due),
                "priority": follow.priority,
            },
            clock=self.at(opened, 9),
        )
        self.history(row.id, follow, opened)

    def history(self, action_id: uuid.UUID, follow: FollowUp, start: dt.date) -> None:
        for step in follow.steps:
            when = self.at(self.day(step.offset, start), 11)
            if step.status is None:
                actions.add_note(self.db, action_id, step.text, clock=when)
            else:
                actions.change_status(self.db, action_id, step.status, step.text, clock=when)
        if follow.reschedule is not None:
            change = follow.reschedule
            with self.db.session() as session:
                records.update(session, Action, action_id, {"due_date": self.day(change.due)})
            actions.add_note(
                self.db, action_id, change.note, clock=self.at(self.day(change.noted), 11)
            )

    def attachment(self, spec: AttachmentSpec) -> None:
        attachments.attach(
            self.db,
            spec.owner,
            self.ids[spec.key],
            name=spec.name,
            data=spec.text.encode("utf-8"),
            note=spec.note,
        )

    # -- protocol: checklists and letters -----------------------------------------------

    def protocol(self) -> None:
        from peyvand.config import Settings
        from peyvand.services import checklists, letters, starters

        starters.install(self.db)
        for spec in self.data.checklists:
            applied = self.day(spec.applied)
            result = checklists.apply(
                self.db, self.ids[spec.visit], spec.template, clock=self.at(applied, 9)
            )
            items = {a.title: a.id for a in result.created}
            for step in spec.progress:
                actions.change_status(
                    self.db,
                    items[step.item],
                    step.status,
                    step.note,
                    clock=self.at(self.day(step.on), 11),
                )
        for letter in self.data.letters:
            day = (
                letter.registered
                if isinstance(letter.registered, dt.date)
                else self.day(letter.registered)
            )
            clock = self.at(day, 10)
            settings = Settings(
                letter_signatory=letter.signatory, letter_signatory_en=letter.signatory
            )
            if letter.incoming:
                values = self.resolve(
                    {
                        **{
                            k: v
                            for k, v in letter.values.items()
                            if not k.startswith("counterpart_")
                        },
                        "visit_id": letter.visit,
                        "meeting_id": letter.meeting,
                        "counterpart_person_id": letter.values.get("counterpart_person"),
                        "counterpart_organization_id": letter.values.get(
                            "counterpart_organization"
                        ),
                    }
                )
                if isinstance(letter.values.get("their_date"), int):
                    values["their_date"] = self.day(letter.values["their_date"])
                scan = (letter.scan[0], letter.scan[1].encode("utf-8")) if letter.scan else None
                row = letters.register_incoming(
                    self.db, values, scan=scan, settings=settings, clock=clock
                )
                if letter.reply is not None:
                    draft = letters.reply(self.db, row.id, settings=settings)
                    letters.save(self.db, draft.id, letter.reply)
                continue
            letters.create_registered(
                self.db,
                letter.kind,
                language=letter.language,
                visit_id=self.ref(letter.visit),
                meeting_id=self.ref(letter.meeting),
                organization_id=self.ref(letter.organization),
                counterpart=letter.counterpart,
                settings=settings,
                clock=clock,
            )

    # -- result -------------------------------------------------------------------------

    def summary(self) -> DemoSummary:
        kinds: dict[str, type[SyncColumns]] = {
            "units": Unit,
            "organizations": Organization,
            "people": Person,
            "partnerships": Partnership,
            "agreements": Agreement,
            "visits": Visit,
            "visit_members": VisitMember,
            "itinerary_items": ItineraryItem,
            "gifts": Gift,
            "meetings": Meeting,
            "participants": Participant,
            "agenda_items": AgendaItem,
            "statements": Statement,
            "decisions": Decision,
            "actions": Action,
            "action_notes": ActionNote,
            "attachments": Attachment,
            "checklist_templates": ChecklistTemplate,
            "letter_templates": LetterTemplate,
            "letters": Letter,
        }
        counts: dict[str, int] = {}
        with self.db.reading() as session:
            for name, model in kinds.items():
                counts[name] = int(
                    session.exec(
                        select(func.count())
                        .select_from(model)
                        .where(col(model.deleted_at).is_(None))
                    ).one()
                )
        return DemoSummary(seed_meeting_id=self.ids[self.data.seed_meeting.key], **counts)


def load_demo(db: Database, *, clock: Clock = SYSTEM_CLOCK) -> DemoSummary:
    """Fill an empty database with the seed meeting and the fictional sample office.

    Refuses a database that already holds data (``db.not_empty``), before writing anything.
    Dates of the fictional records are relative to ``today(clock)``.
    """
    if not db.is_empty():
        raise PeyvandError("db.not_empty", path=str(db.path))
    loader = _Loader(db, clock)
    loader.directory()
    for spec in (loader.data.seed_meeting, *loader.data.meetings):
        loader.meeting(spec)
    for action in loader.data.visit_actions:
        loader.visit_action(action)
    for attachment in loader.data.attachments:
        loader.attachment(attachment)
    # Last, so that the records above keep the numbers they always had.
    loader.protocol()
    return loader.summary()


__all__ = ["SEED_DATE", "DemoSummary", "load_demo"]
