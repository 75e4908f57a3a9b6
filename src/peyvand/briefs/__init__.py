"""Printed Persian briefs (PDF): meeting minutes, visit brief, itinerary (Persian and
English) and the follow-up report.

Each function gathers its data through the services, renders it with reportlab and returns
the PDF bytes (a :class:`peyvand.briefs.result.Brief`: ``bytes`` that also carry
``missing_glyphs`` and ``warnings()`` for the preview); with ``out`` (a path or a binary
stream) it also writes them there. Rendering to memory is what previews use. No Qt here:
the GUI runs these off its own thread.

The modules are imported when a brief is made, not with this package, so that importing
``peyvand.briefs`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from peyvand.config import Settings
from peyvand.domain.enums import ActionStatus
from peyvand.services.clock import SYSTEM_CLOCK, Clock

if TYPE_CHECKING:
    from peyvand.briefs.result import Brief
    from peyvand.storage.database import Database

Output = Path | BinaryIO | None

__all__ = [
    "actions_report",
    "activity_report",
    "checklist",
    "itinerary",
    "letter",
    "letter_preview",
    "meeting_brief",
    "visit_brief",
]


def meeting_brief(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
) -> Brief:
    """The minutes (صورتجلسه) of the meeting with short number or UUID ``ref``."""
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.meeting import render_meeting
    from peyvand.briefs.meeting_data import meeting_data

    settings = settings or Settings()
    return write(render_meeting(meeting_data(db, ref), letterhead(settings)), out)


def visit_brief(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Brief:
    """The brief for the official before meeting the delegation of visit ``ref``."""
    from peyvand.briefs.data import visit_data
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.visit import render_visit

    settings = settings or Settings()
    data = visit_data(db, ref, clock=clock, dormancy_months=settings.dormancy_months)
    return write(render_visit(data, letterhead(settings)), out)


def itinerary(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
    lang: Literal["fa", "en"] = "fa",
) -> Brief:
    """The day-by-day programme of visit ``ref``, in Persian or (for the visiting side)
    in English, left to right."""
    from peyvand.briefs.data import visit_summary
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.itineraries import render_itinerary

    if lang not in ("fa", "en"):
        raise ValueError(f"unknown language {lang!r}")
    settings = settings or Settings()
    head = letterhead(settings, db if lang == "en" else None)
    return write(render_itinerary(visit_summary(db, ref), head, lang), out)


def actions_report(
    db: Database,
    out: Output = None,
    settings: Settings | None = None,
    *,
    overdue_only: bool = False,
    unit: uuid.UUID | str | None = None,
    status: ActionStatus | Sequence[ActionStatus] | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    progress: Callable[[int, int], object] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Brief:
    """Follow-up actions grouped by unit and status. ``unit`` is a unit's UUID, code or
    name; ``progress(done, total)`` reports the rows laid out so far."""
    from peyvand.briefs.data import actions_data
    from peyvand.briefs.document import write
    from peyvand.briefs.followup_report import render_actions
    from peyvand.briefs.heads import letterhead

    settings = settings or Settings()
    data = actions_data(
        db,
        overdue_only=overdue_only,
        unit=unit,
        status=status,
        due_from=due_from,
        due_to=due_to,
        clock=clock,
    )
    return write(render_actions(data, letterhead(settings), progress), out)


def letter(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
) -> Brief:
    """The letter with register number or UUID ``ref`` on the letterhead (a draft prints
    «پیش‌نویس» where the number goes)."""
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.letters import LetterPrint, render_letter
    from peyvand.domain.enums import Language
    from peyvand.services import letters

    settings = settings or Settings()
    row = letters.get_detail(db, ref).row
    english = Language(row.language) == Language.ENGLISH
    head = letterhead(settings, db if english else None)
    return write(render_letter(LetterPrint.of(row), head), out)


def letter_preview(
    values: object, settings: Settings | None = None, db: Database | None = None
) -> Brief:
    """A letter not saved yet (a composition's values or an editor's fields)."""
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.letters import LetterPrint, render_letter

    settings = settings or Settings()
    return render_letter(LetterPrint.of(values), letterhead(settings, db))


def checklist(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Brief:
    """The printable checklist («فهرست آمادگی») of visit ``ref``: every item with its unit,
    deadline, status and what the other records say, a box to tick by hand."""
    from peyvand.briefs.checklists import render_checklist
    from peyvand.briefs.data import checklist_data
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead

    settings = settings or Settings()
    return write(render_checklist(checklist_data(db, ref, clock=clock), letterhead(settings)), out)


def activity_report(
    db: Database,
    out: Output = None,
    settings: Settings | None = None,
    *,
    start: dt.date,
    end: dt.date,
    clock: Clock = SYSTEM_CLOCK,
) -> Brief:
    """The activity report (گزارش فعالیت) of ``start`` to ``end`` with its charts: visits
    per month, by country and partner, partnerships' last contact, follow-ups by unit
    and the most active partners (figures: services.activity.report)."""
    from peyvand.briefs.activity import render_activity
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.services.activity import report

    settings = settings or Settings()
    data = report(db, start, end, clock=clock, dormancy_months=settings.dormancy_months)
    return write(render_activity(data, letterhead(settings)), out)
