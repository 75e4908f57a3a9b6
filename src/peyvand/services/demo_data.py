"""The demo's content, read from the data files in ``resources/demo/`` (see its README).

The content is data, not code: the office's sample records are edited there, in JSON,
without touching the loader (services/demo.py). This module turns each file into the
shapes below and nothing else; a misspelt key or a value of the wrong kind fails here,
by name (``DemoDataError``), not half-way through loading a database.

Conventions of the files:

* Records are named by a key (``"person.mayor"``); a field ending in ``_id`` that holds
  a string is the key of another record.
* An integer in a date field is a number of days: from today for visits, meetings,
  partnerships and follow-ups; from the arrival day for a visit's itinerary and gifts;
  from the meeting's day for its decisions and their steps. A date written as
  ``"YYYY-MM-DD"`` is that day (the seed meeting of ۱۶ بهمن ۱۳۹۹).
* Times are ``"HH:MM"``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from peyvand.domain.enums import (
    ActionStatus,
    Classification,
    Language,
    LetterKind,
    MeetingKind,
    ParticipantRole,
    Priority,
    Side,
)
from peyvand.paths import resource

Values = dict[str, Any]

DEMO_DIR = ("demo",)
# Itinerary fields that hold a time of day.
_TIME_FIELDS = frozenset({"start_time", "end_time"})


class DemoDataError(ValueError):
    """A data file of the demo does not have the expected shape (a bug of the bundle)."""


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One entry in an action's history, ``offset`` days after the action's start day.

    With ``status`` it is a status change (its note is required); without, a progress note.
    """

    offset: int
    text: str
    status: ActionStatus | None = None


@dataclass(frozen=True)
class Reschedule:
    """A later change of deadline: on today+``noted``, the due date becomes today+``due``."""

    noted: int
    due: int
    note: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up action an office opens from a decision (or for a visit)."""

    title: str
    priority: Priority = Priority.NORMAL
    steps: tuple[Step, ...] = ()
    reschedule: Reschedule | None = None


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    owner: str | None  # person key
    unit: str | None  # unit key
    due: int  # days after the meeting
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class MeetingSpec:
    key: str
    title: str
    day: dt.date | int  # an int: days from today
    start: dt.time
    end: dt.time
    place: str
    kind: MeetingKind
    summary: str
    participants: tuple[tuple[str, Side, ParticipantRole], ...]
    agenda: tuple[str, ...]
    statements: tuple[tuple[str, str], ...] = ()
    decisions: tuple[DecisionSpec, ...] = ()
    classification: Classification = Classification.NORMAL
    visit: str | None = None
    organization: str | None = None
    partnership: str | None = None
    final: bool = False


@dataclass(frozen=True)
class VisitSpec:
    key: str
    values: Values
    # (person key, side, role, is head)
    members: tuple[tuple[str, Side, str, bool], ...]
    itinerary: tuple[Values, ...] = ()  # "day": days from arrival
    gifts: tuple[Values, ...] = ()  # "given_on": days from arrival


@dataclass(frozen=True)
class VisitAction:
    """A follow-up opened for a visit rather than from a decision."""

    visit: str
    unit: str
    owner: str
    opened: int  # days from today
    due: int  # days from today
    follow_up: FollowUp
    description: str = ""


@dataclass(frozen=True)
class AttachmentSpec:
    owner: str  # "visit" | "meeting"
    key: str
    name: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class ProgressStep:
    item: str  # the checklist item's title
    on: int  # days from today
    status: ActionStatus
    note: str


@dataclass(frozen=True)
class ChecklistSpec:
    """A starter template applied to a visit, and what has been done since."""

    visit: str
    template: str
    applied: int  # days from today
    progress: tuple[ProgressStep, ...] = ()


@dataclass(frozen=True)
class LetterSpec:
    """An outgoing letter made from its template and registered on ``registered`` (a date,
    or days from today), or an incoming one with its scan and a reply drafted."""

    registered: dt.date | int
    kind: LetterKind = LetterKind.GENERAL
    language: Language = Language.PERSIAN
    visit: str | None = None
    meeting: str | None = None
    organization: str | None = None
    counterpart: str | None = None
    signatory: str = ""
    incoming: bool = False
    values: Values = field(default_factory=dict)
    scan: tuple[str, str] | None = None  # (name, text)
    reply: Values | None = None


@dataclass(frozen=True)
class DemoContent:
    units: tuple[tuple[str, Values], ...]
    organizations: tuple[tuple[str, Values], ...]
    people: tuple[tuple[str, Values], ...]
    partnerships: tuple[tuple[str, Values], ...]
    agreements: tuple[Values, ...]
    visits: tuple[VisitSpec, ...]
    visit_actions: tuple[VisitAction, ...]
    seed_meeting: MeetingSpec
    meetings: tuple[MeetingSpec, ...]
    attachments: tuple[AttachmentSpec, ...]
    checklists: tuple[ChecklistSpec, ...] = ()
    letters: tuple[LetterSpec, ...] = ()


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def read(name: str) -> Any:
    """The parsed JSON of ``resources/demo/<name>.json``."""
    path = resource(*DEMO_DIR, f"{name}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"{path}: {exc}") from exc


def _take(
    obj: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Values:
    """``obj`` as a dict with exactly these keys (the optional ones may be missing)."""
    if not isinstance(obj, dict):
        raise DemoDataError(f"{where}: an object expected, got {type(obj).__name__}")
    missing = [k for k in required if k not in obj]
    unknown = sorted(set(obj) - set(required) - set(optional))
    if missing or unknown:
        raise DemoDataError(f"{where}: missing {missing}, unknown {unknown}")
    return obj


def _time(text: Any, where: str) -> dt.time:
    if not isinstance(text, str):
        raise DemoDataError(f"{where}: a time 'HH:MM' expected, got {text!r}")
    try:
        return dt.time.fromisoformat(text)
    except ValueError as exc:
        raise DemoDataError(f"{where}: {exc}") from exc


def _keyed(rows: Any, where: str) -> tuple[tuple[str, Values], ...]:
    """``[{"key": k, ...fields}]`` -> ``((k, {fields}), ...)``."""
    out = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("key"), str):
            raise DemoDataError(f"{where}[{n}]: an object with a 'key' expected")
        out.append((row["key"], {k: v for k, v in row.items() if k != "key"}))
    return tuple(out)


def _step(obj: Any, where: str) -> Step:
    o = _take(obj, where, ("offset", "text"), ("status",))
    status = o.get("status")
    return Step(o["offset"], o["text"], ActionStatus(status) if status else None)


def _follow_up(obj: Any, where: str) -> FollowUp:
    o = _take(obj, where, ("title",), ("priority", "steps", "reschedule"))
    reschedule = o.get("reschedule")
    if reschedule is not None:
        r = _take(reschedule, f"{where}.reschedule", ("noted", "due", "note"))
        reschedule = Reschedule(r["noted"], r["due"], r["note"])
    return FollowUp(
        o["title"],
        Priority(o.get("priority", Priority.NORMAL)),
        tuple(_step(s, f"{where}.steps[{i}]") for i, s in enumerate(o.get("steps", ()))),
        reschedule,
    )


def _decision(obj: Any, where: str) -> DecisionSpec:
    o = _take(obj, where, ("text", "owner", "unit", "due"), ("follow_up",))
    follow = o.get("follow_up")
    return DecisionSpec(
        o["text"],
        o["owner"],
        o["unit"],
        o["due"],
        _follow_up(follow, f"{where}.follow_up") if follow is not None else None,
    )


def _meeting(obj: Any, where: str) -> MeetingSpec:
    o = _take(
        obj,
        where,
        ("key", "title", "day", "start", "end", "place", "kind", "summary", "participants",
         "agenda"),
        ("statements", "decisions", "classification", "visit", "organization", "partnership",
         "final"),
    )  # fmt: skip
    day = o["day"]
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    participants = tuple(
        (p["person"], Side(p["side"]), ParticipantRole(p["role"]))
        for p in (
            _take(p, f"{where}.participants[{i}]", ("person", "side", "role"))
            for i, p in enumerate(o["participants"])
        )
    )
    statements = tuple(
        (s["speaker"], s["text"])
        for s in (
            _take(s, f"{where}.statements[{i}]", ("speaker", "text"))
            for i, s in enumerate(o.get("statements", ()))
        )
    )
    return MeetingSpec(
        key=o["key"],
        title=o["title"],
        day=day,
        start=_time(o["start"], f"{where}.start"),
        end=_time(o["end"], f"{where}.end"),
        place=o["place"],
        kind=MeetingKind(o["kind"]),
        summary=o["summary"],
        participants=participants,
        agenda=tuple(o["agenda"]),
        statements=statements,
        decisions=tuple(
            _decision(d, f"{where}.decisions[{i}]") for i, d in enumerate(o.get("decisions", ()))
        ),
        classification=Classification(o.get("classification", Classification.NORMAL)),
        visit=o.get("visit"),
        organization=o.get("organization"),
        partnership=o.get("partnership"),
        final=bool(o.get("final", False)),
    )


def _with_times(values: Values) -> Values:
    return {k: _time(v, k) if k in _TIME_FIELDS and v is not None else v for k, v in values.items()}


def _visit(obj: Any, where: str) -> VisitSpec:
    o = _take(obj, where, ("key", "values", "members"), ("itinerary", "gifts"))
    members = tuple(
        (m["person"], Side(m["side"]), m["role"], bool(m["head"]))
        for m in (
            _take(m, f"{where}.members[{i}]", ("person", "side", "role", "head"))
            for i, m in enumerate(o["members"])
        )
    )
    return VisitSpec(
        key=o["key"],
        values=dict(o["values"]),
        members=members,
        itinerary=tuple(_with_times(item) for item in o.get("itinerary", ())),
        gifts=tuple(dict(g) for g in o.get("gifts", ())),
    )


def _visit_action(obj: Any, where: str) -> VisitAction:
    o = _take(
        obj, where, ("visit", "unit", "owner", "opened", "due", "follow_up"), ("description",)
    )
    return VisitAction(
        visit=o["visit"],
        unit=o["unit"],
        owner=o["owner"],
        opened=o["opened"],
        due=o["due"],
        follow_up=_follow_up(o["follow_up"], f"{where}.follow_up"),
        description=o.get("description", ""),
    )


def _attachment(obj: Any, where: str) -> AttachmentSpec:
    o = _take(obj, where, ("owner", "key", "name", "text"), ("note",))
    return AttachmentSpec(o["owner"], o["key"], o["name"], o["text"], o.get("note", ""))


def _list(document: Any, name: str, where: str) -> list[Any]:
    value = document.get(name) if isinstance(document, dict) else None
    if not isinstance(value, list):
        raise DemoDataError(f"{where}: a list '{name}' expected")
    return value


def _day(value: Any, where: str) -> dt.date | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise DemoDataError(f"{where}: {exc}") from exc
    raise DemoDataError(f"{where}: a day (days from today, or YYYY-MM-DD) expected")


def _checklist(obj: Any, where: str) -> ChecklistSpec:
    o = _take(obj, where, ("visit", "template", "applied"), ("progress",))
    steps = []
    for i, step in enumerate(o.get("progress", ())):
        p = _take(step, f"{where}.progress[{i}]", ("item", "on", "status", "note"))
        steps.append(ProgressStep(p["item"], p["on"], ActionStatus(p["status"]), p["note"]))
    return ChecklistSpec(o["visit"], o["template"], o["applied"], tuple(steps))


def _letter(obj: Any, where: str) -> LetterSpec:
    o = _take(
        obj,
        where,
        ("registered",),
        ("kind", "language", "visit", "meeting", "organization", "counterpart", "signatory",
         "incoming", "values", "scan", "reply"),
    )  # fmt: skip
    scan = o.get("scan")
    if scan is not None:
        s = _take(scan, f"{where}.scan", ("name", "text"))
        scan = (s["name"], s["text"])
    return LetterSpec(
        registered=_day(o["registered"], f"{where}.registered"),
        kind=LetterKind(o.get("kind", LetterKind.GENERAL)),
        language=Language(o.get("language", Language.PERSIAN)),
        visit=o.get("visit"),
        meeting=o.get("meeting"),
        organization=o.get("organization"),
        counterpart=o.get("counterpart"),
        signatory=o.get("signatory", ""),
        incoming=bool(o.get("incoming", False)),
        values=dict(o.get("values", {})),
        scan=scan,
        reply=dict(o["reply"]) if o.get("reply") else None,
    )


@cache
def content() -> DemoContent:
    """The whole demo, read once per process."""
    directory = read("directory")
    partnerships = read("partnerships")
    visits = read("visits")
    meetings = read("meetings")
    attachments = read("attachments")
    protocol = read("protocol")
    return DemoContent(
        units=_keyed(_list(directory, "units", "directory"), "units"),
        organizations=_keyed(_list(directory, "organizations", "directory"), "organizations"),
        people=_keyed(_list(directory, "people", "directory"), "people"),
        partnerships=_keyed(_list(partnerships, "partnerships", "partnerships"), "partnerships"),
        agreements=tuple(dict(a) for a in _list(partnerships, "agreements", "partnerships")),
        visits=tuple(
            _visit(v, f"visits[{i}]") for i, v in enumerate(_list(visits, "visits", "visits"))
        ),
        visit_actions=tuple(
            _visit_action(a, f"visit_actions[{i}]")
            for i, a in enumerate(_list(visits, "visit_actions", "visits"))
        ),
        seed_meeting=_meeting(read("seed_meeting"), "seed_meeting"),
        meetings=tuple(
            _meeting(m, f"meetings[{i}]")
            for i, m in enumerate(_list(meetings, "meetings", "meetings"))
        ),
        attachments=tuple(
            _attachment(a, f"attachments[{i}]")
            for i, a in enumerate(_list(attachments, "attachments", "attachments"))
        ),
        checklists=tuple(
            _checklist(c, f"checklists[{i}]")
            for i, c in enumerate(_list(protocol, "checklists", "protocol"))
        ),
        letters=tuple(
            _letter(x, f"letters[{i}]")
            for i, x in enumerate(_list(protocol, "letters", "protocol"))
        ),
    )
