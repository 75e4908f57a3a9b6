"""A visit run by checklist: templates, applying one to a visit, readiness, date moves.

Applying a template (:func:`apply`) makes each of its items a follow-up (``Action``)
linked to the visit (``source_visit_id``), owned by the item's unit, due on the day the
item's offset gives from the visit's arrival or departure («۱۰ روز پیش از ورود»), and
carrying that anchor (``deadline_anchor``). So the items are ordinary follow-ups: the
dashboard, the lists, the follow-up report and trip packages show them as they show
any other. :func:`readiness` is the visit's «آمادگی»: done of total, each item with what
can be checked against the other records (the gift register, the visit's letters, its
minutes). When the visit's dates move, :func:`plan_moves` says which open items would
move with them, and by how much; the editor asks, and ``visits.save_visit`` applies
them in the same transaction as the new dates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, TypeVar

from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    ActionRow,
    ChecklistTemplate,
    ChecklistTemplateItem,
    ChecklistTemplateItemRow,
    ChecklistTemplateRow,
    Gift,
    Letter,
    Meeting,
    Unit,
    Visit,
)
from peyvand.domain.enums import (
    ActionStatus,
    ChecklistCheck,
    DeadlineAnchor,
    Direction,
    GiftDirection,
    LetterKind,
    LetterStatus,
)
from peyvand.domain.errors import NotFoundError, ValidationError
from peyvand.messages import enum_label, render
from peyvand.services import actions, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.lookup import resolve
from peyvand.storage.database import Database
from peyvand.text import fold_compact, normalize_input, to_persian_digits

_LETTER_CHECKS = {
    ChecklistCheck.INVITATION: LetterKind.INVITATION,
    ChecklistCheck.VISA: LetterKind.VISA_SUPPORT,
    ChecklistCheck.THANK_YOU: LetterKind.THANK_YOU,
}


# -- deadlines -------------------------------------------------------------------------


def deadline(
    arrival: dt.date | None, departure: dt.date | None, anchor: DeadlineAnchor, offset: int
) -> dt.date | None:
    """The day ``offset`` days after (before, when negative) the anchor; a visit
    without a departure counts from its arrival."""
    base = arrival if anchor == DeadlineAnchor.ARRIVAL else (departure or arrival)
    return base + dt.timedelta(days=offset) if base is not None else None


def offset_text(anchor: DeadlineAnchor | str, offset: int, lang: str = "fa") -> str:
    """«۱۰ روز پیش از ورود», «۳ روز پس از بازگشت», «روز ورود» (English: "10 days before
    arrival")."""
    name = enum_label(DeadlineAnchor(anchor), lang)
    if offset == 0:
        return render("checklist.offset.on", lang, anchor=name)
    msg = "checklist.offset.before" if offset < 0 else "checklist.offset.after"
    return render(msg, lang, days=abs(offset), anchor=name)


# -- templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateItemView:
    row: ChecklistTemplateItemRow
    unit: str


@dataclass(frozen=True)
class TemplateDetail:
    row: ChecklistTemplateRow
    items: list[TemplateItemView]


def templates(db: Database) -> list[ChecklistTemplateRow]:
    memo = db.snapshot_memo()  # the readiness tab asks twice while the editor opens
    if memo is None:
        return _templates(db)
    if "checklist_templates" not in memo:
        memo["checklist_templates"] = _templates(db)
    return list(memo["checklist_templates"])


def _templates(db: Database) -> list[ChecklistTemplateRow]:
    with db.reading() as session:
        query = (
            select(ChecklistTemplate)
            .where(col(ChecklistTemplate.deleted_at).is_(None))
            .order_by(col(ChecklistTemplate.name_sort), col(ChecklistTemplate.id))
        )
        return [ChecklistTemplateRow.model_validate(t) for t in session.exec(query)]


def _items(session: Session, template_id: uuid.UUID) -> list[ChecklistTemplateItem]:
    return list(
        session.exec(
            select(ChecklistTemplateItem)
            .where(
                ChecklistTemplateItem.template_id == template_id,
                col(ChecklistTemplateItem.deleted_at).is_(None),
            )
            .order_by(col(ChecklistTemplateItem.position), col(ChecklistTemplateItem.created_at))
        )
    )


def _unit_names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u.name for u in session.exec(select(Unit).where(col(Unit.id).in_(wanted)))}


def detail_in(session: Session, template_id: uuid.UUID) -> TemplateDetail:
    template = records.get(session, ChecklistTemplate, template_id)
    items = _items(session, template.id)
    units = _unit_names(session, {i.unit_id for i in items})
    return TemplateDetail(
        row=ChecklistTemplateRow.model_validate(template),
        items=[
            TemplateItemView(
                ChecklistTemplateItemRow.model_validate(i),
                units.get(i.unit_id, "") if i.unit_id else "",
            )
            for i in items
        ],
    )


def template_detail(db: Database, template_id: uuid.UUID) -> TemplateDetail:
    with db.reading() as session:
        return detail_in(session, template_id)


def save_template(
    db: Database,
    template_id: uuid.UUID | None,
    values: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    *,
    expected_revision: int | None = None,
) -> TemplateDetail:
    """Create or update a template with its items (the complete new list, in order;
    an item may carry the ``id`` of one of the template's items) in one transaction."""
    with db.session() as session:
        if template_id is None:
            template = records.create(session, ChecklistTemplate, values)
        else:
            template = records.update(
                session, ChecklistTemplate, template_id, values, expected_revision=expected_revision
            )
        existing = {i.id: i for i in _items(session, template.id)}
        kept: set[uuid.UUID] = set()
        for index, given in enumerate(items):
            item_values = {k: v for k, v in given.items() if k != "id"}
            item_values.update(template_id=template.id, position=index + 1)
            item_id = given.get("id")
            try:
                if item_id is None:
                    records.create(session, ChecklistTemplateItem, item_values)
                elif item_id in existing:
                    records.update(session, ChecklistTemplateItem, item_id, item_values)
                    kept.add(item_id)
                else:
                    raise NotFoundError(
                        "record.not_found", entity="checklist_template_item", ref=str(item_id)
                    )
            except ValidationError as exc:
                params = {k: v for k, v in exc.params.items() if k != "field"}
                raise ValidationError(
                    exc.msg_id, field=exc.field, part="items", index=index, **params
                ) from None
        for gone in existing.keys() - kept:
            records.soft_delete(session, ChecklistTemplateItem, gone)
        session.flush()
        return detail_in(session, template.id)


def delete_template(db: Database, template_id: uuid.UUID) -> None:
    """The template goes; follow-ups made from it stay with their visits."""
    with db.session() as session:
        for item in _items(session, template_id):
            records.soft_delete(session, ChecklistTemplateItem, item.id)
        records.soft_delete(session, ChecklistTemplate, template_id)


def choose_template(
    session: Session, visit: Visit, ref: str | uuid.UUID | None = None
) -> ChecklistTemplate:
    """The template named (or with the id) ``ref``; without one, the first template
    for the visit's direction (or for any visit) that is not the high-level variant."""
    live = col(ChecklistTemplate.deleted_at).is_(None)
    if ref is not None:
        text = normalize_input(str(ref))
        try:
            found = session.get(ChecklistTemplate, uuid.UUID(text))
        except ValueError:
            found = session.exec(
                select(ChecklistTemplate).where(ChecklistTemplate.name == text, live)
            ).first()
        if found is None or found.deleted_at is not None:
            raise NotFoundError("record.not_found", entity="checklist_template", ref=str(ref))
        return found
    in_name_order = select(ChecklistTemplate).where(live).order_by(
        col(ChecklistTemplate.name_sort), col(ChecklistTemplate.id)
    )
    found = _first_for(list(session.exec(in_name_order)), Direction(visit.direction))
    if found is None:
        raise NotFoundError("checklist.no_template", direction=str(visit.direction))
    return found


class _Template(Protocol):
    @property
    def direction(self) -> Direction | None: ...
    @property
    def high_level(self) -> bool: ...


_TemplateT = TypeVar("_TemplateT", bound=_Template)


def _first_for(in_name_order: list[_TemplateT], direction: Direction) -> _TemplateT | None:
    """The template for a visit of ``direction`` when none is named: the first (by
    name) for that direction or for any, the high-level variants last."""
    fitting = [
        t for t in in_name_order if t.direction is None or Direction(t.direction) == direction
    ]
    fitting.sort(key=lambda t: (t.high_level, t.direction is None))
    return fitting[0] if fitting else None


def default_template(db: Database, visit_id: uuid.UUID) -> uuid.UUID | None:
    """The template :func:`apply` takes for this visit when none is named (None when
    there is none)."""
    with db.reading() as session:
        direction = Direction(records.get(session, Visit, visit_id).direction)
    # The same choice as choose_template, over the list the editor has already read.
    found = _first_for(templates(db), direction)
    return found.id if found is not None else None


# -- applying --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyResult:
    template: str
    created: list[ActionRow]
    skipped: list[str]  # titles the visit's checklist already had
    undated: int  # items left without a deadline (the visit has no dates yet)


def _checklist_query(visit_id: uuid.UUID) -> Any:
    return select(Action).where(
        Action.source_visit_id == visit_id,
        col(Action.deadline_anchor).is_not(None),
        col(Action.deleted_at).is_(None),
    )


def apply(
    db: Database,
    visit_ref: str | uuid.UUID,
    template_ref: str | uuid.UUID | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> ApplyResult:
    """Make every item of the template a follow-up of the visit, in one transaction.
    An item whose title the visit's checklist already has is skipped, so applying the
    same template twice, or a second one, adds only what is missing."""
    with db.session() as session:
        visit = resolve(session, Visit, str(visit_ref))
        template = choose_template(session, visit, template_ref)
        have = {fold_compact(a.title) for a in session.exec(_checklist_query(visit.id))}
        created: list[ActionRow] = []
        skipped: list[str] = []
        undated = 0
        for item in _items(session, template.id):
            key = fold_compact(item.title)
            if key in have:
                skipped.append(item.title)
                continue
            have.add(key)
            due = deadline(
                visit.arrival, visit.departure, DeadlineAnchor(item.anchor), item.offset_days
            )
            undated += due is None
            action = records.create(
                session,
                Action,
                {
                    "title": item.title,
                    "description": item.description,
                    "source_visit_id": visit.id,
                    "unit_id": item.unit_id,
                    "due_date": due,
                    "priority": item.priority,
                    "deadline_anchor": item.anchor,
                    "checklist_check": item.check,
                },
                clock=clock,
            )
            created.append(ActionRow.model_validate(action))
        return ApplyResult(template.name, created, skipped, undated)


# -- readiness -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hint:
    """What another record says about an item: ``ok`` (green) or not (amber)."""

    ok: bool
    msg_id: str
    params: dict[str, Any]

    def text(self, lang: str = "fa") -> str:
        # An enum (the letter kind) is named in the language of the sentence.
        params = {
            k: enum_label(v, lang) if isinstance(v, Enum) else v for k, v in self.params.items()
        }
        if lang == "fa" and isinstance(params.get("number"), str):
            params["number"] = to_persian_digits(params["number"])  # «۱/۱۴۰۵/ب‌م»
        return render(self.msg_id, lang, **params)


@dataclass(frozen=True)
class ReadinessItem:
    view: actions.ActionView
    check: ChecklistCheck | None
    hint: Hint | None


@dataclass(frozen=True)
class Readiness:
    items: list[ReadinessItem]  # by deadline, undated last

    @property
    def total(self) -> int:
        """Items that count: a cancelled item is not part of the visit's work."""
        return sum(
            1 for i in self.items if ActionStatus(i.view.row.status) != ActionStatus.CANCELLED
        )

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if ActionStatus(i.view.row.status) == ActionStatus.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.view.overdue)


def _gift_hint(session: Session, visit: Visit) -> Hint:
    from peyvand.services.visits import repeated_gifts_in

    given = list(
        session.exec(
            select(Gift).where(
                Gift.visit_id == visit.id,
                Gift.direction == GiftDirection.GIVEN,
                col(Gift.deleted_at).is_(None),
            )
        )
    )
    if not given:
        return Hint(False, "checklist.hint.no_gifts", {})
    repeats = repeated_gifts_in(session, given)
    if repeats:
        first = repeats[0]
        return Hint(
            False,
            "checklist.hint.gift_repeated",
            {"gift": first.description, "person": first.person, "visit": first.visit_number},
        )
    return Hint(True, "checklist.hint.gifts_ok", {"count": len(given)})


def _letter_hint(session: Session, visit: Visit, kind: LetterKind) -> Hint:
    letters = list(
        session.exec(
            select(Letter).where(
                Letter.visit_id == visit.id, Letter.kind == kind, col(Letter.deleted_at).is_(None)
            )
        )
    )
    registered = [x for x in letters if LetterStatus(x.status) == LetterStatus.REGISTERED]
    if registered:
        return Hint(
            True,
            "checklist.hint.letter_registered",
            {"kind": kind, "number": registered[0].number},
        )
    if letters:
        return Hint(False, "checklist.hint.letter_draft", {"kind": kind})
    return Hint(False, "checklist.hint.letter_missing", {"kind": kind})


def _minutes_hint(session: Session, visit: Visit) -> Hint:
    meetings = list(
        session.exec(
            select(Meeting).where(Meeting.visit_id == visit.id, col(Meeting.deleted_at).is_(None))
        )
    )
    if not meetings:
        return Hint(False, "checklist.hint.no_meetings", {})
    open_ = sum(1 for m in meetings if not m.is_final)
    if open_:
        return Hint(False, "checklist.hint.minutes_open", {"count": open_, "total": len(meetings)})
    return Hint(True, "checklist.hint.minutes_final", {"total": len(meetings)})


def _hint(session: Session, visit: Visit, check: ChecklistCheck | None) -> Hint | None:
    if check is None:
        return None
    if check == ChecklistCheck.GIFTS:
        return _gift_hint(session, visit)
    if check == ChecklistCheck.MINUTES:
        return _minutes_hint(session, visit)
    return _letter_hint(session, visit, _LETTER_CHECKS[check])


def readiness_in(session: Session, visit_id: uuid.UUID, on: dt.date) -> Readiness:
    visit = records.get(session, Visit, visit_id)
    rows = list(session.exec(_checklist_query(visit.id)))
    rows.sort(key=lambda a: (a.due_date is None, a.due_date or dt.date.max, a.created_at))
    hints: dict[ChecklistCheck, Hint | None] = {}
    items = []
    for view in actions.views(session, rows, on):
        check = ChecklistCheck(view.row.checklist_check) if view.row.checklist_check else None
        if check is not None and check not in hints:
            hints[check] = _hint(session, visit, check)
        items.append(ReadinessItem(view, check, hints.get(check) if check else None))
    return Readiness(items)


def readiness(db: Database, visit_id: uuid.UUID, *, clock: Clock = SYSTEM_CLOCK) -> Readiness:
    with db.reading() as session:
        return readiness_in(session, visit_id, today(clock))


def progress_text(done: int, total: int, lang: str = "fa") -> str:
    """«۸ از ۱۲ انجام شد»."""
    return render("checklist.progress", lang, done=done, total=total)


# -- moving with the visit's dates -------------------------------------------------------


@dataclass(frozen=True)
class ItemMove:
    action_id: uuid.UUID
    number: str
    title: str
    old_due: dt.date
    new_due: dt.date


def plan_moves_in(
    session: Session,
    visit_id: uuid.UUID,
    arrival: dt.date | None,
    departure: dt.date | None,
) -> list[ItemMove]:
    """The open checklist items that would move if the visit's dates became
    ``arrival`` and ``departure``: each by as many days as its anchor moves (an item's
    own date, even one changed by hand, keeps its distance from the anchor)."""
    visit = records.get(session, Visit, visit_id)
    shift = {
        DeadlineAnchor.ARRIVAL: _delta(visit.arrival, arrival),
        DeadlineAnchor.DEPARTURE: _delta(visit.departure or visit.arrival, departure or arrival),
    }
    moves = []
    for action in session.exec(_checklist_query(visit.id)):
        if action.due_date is None or ActionStatus(action.status).is_closed:
            continue
        days = shift[DeadlineAnchor(action.deadline_anchor)]
        if days:
            moves.append(
                ItemMove(
                    action.id,
                    action.number,
                    action.title,
                    action.due_date,
                    action.due_date + dt.timedelta(days=days),
                )
            )
    moves.sort(key=lambda m: (m.old_due, m.title))
    return moves


def _delta(old: dt.date | None, new: dt.date | None) -> int:
    return (new - old).days if old is not None and new is not None else 0


def plan_moves(
    db: Database, visit_id: uuid.UUID, arrival: dt.date | None, departure: dt.date | None
) -> list[ItemMove]:
    with db.reading() as session:
        return plan_moves_in(session, visit_id, arrival, departure)


def apply_moves_in(session: Session, moves: Sequence[ItemMove]) -> None:
    for move in moves:
        records.update(session, Action, move.action_id, {"due_date": move.new_due})


def summary_line(readiness: Readiness, lang: str = "fa") -> str:
    text = progress_text(readiness.done, readiness.total, lang)
    if readiness.overdue:
        text += render("checklist.overdue_suffix", lang, count=readiness.overdue)
    return text
