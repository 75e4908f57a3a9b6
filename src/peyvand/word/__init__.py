"""Word (.docx) copies of the letters, the minutes and the visit brief, for staff who
finish documents in Word: right-to-left paragraphs and runs set as Word expects them,
a complex-script font the office's PCs have, Jalali dates and Persian digits (see
``writer``). No Qt here; the content is the PDFs' (``briefs.data``)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from peyvand.config import Settings
from peyvand.services.clock import SYSTEM_CLOCK, Clock

if TYPE_CHECKING:
    from peyvand.storage.database import Database

Output = Path | BinaryIO | None

__all__ = ["letter_docx", "letter_preview_docx", "minutes_docx", "visit_brief_docx"]


def letter_docx(
    db: Database, ref: str | uuid.UUID, out: Output = None, settings: Settings | None = None
) -> bytes:
    """The letter ``ref`` (register number or UUID) as a Word document."""
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.letters import LetterPrint
    from peyvand.domain.enums import Language
    from peyvand.services import letters
    from peyvand.word.letter import build
    from peyvand.word.writer import write

    settings = settings or Settings()
    row = letters.get_detail(db, ref).row
    english = Language(row.language) == Language.ENGLISH
    head = letterhead(settings, db if english else None)
    return write(build(LetterPrint.of(row), head, settings.docx_font), out)


def letter_preview_docx(
    values: object, settings: Settings | None = None, db: Database | None = None
) -> bytes:
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.letters import LetterPrint
    from peyvand.word.letter import build

    settings = settings or Settings()
    return build(LetterPrint.of(values), letterhead(settings, db), settings.docx_font)


def minutes_docx(
    db: Database, ref: str | uuid.UUID, out: Output = None, settings: Settings | None = None
) -> bytes:
    """The minutes (صورتجلسه) of meeting ``ref`` as a Word document."""
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.meeting_data import meeting_data
    from peyvand.word.minutes import build
    from peyvand.word.writer import write

    settings = settings or Settings()
    return write(build(meeting_data(db, ref), letterhead(settings), settings.docx_font), out)


def visit_brief_docx(
    db: Database,
    ref: str | uuid.UUID,
    out: Output = None,
    settings: Settings | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> bytes:
    """The visit brief of visit ``ref`` as a Word document."""
    from peyvand.briefs.data import visit_data
    from peyvand.briefs.heads import letterhead
    from peyvand.word.visit import build
    from peyvand.word.writer import write

    settings = settings or Settings()
    data = visit_data(db, ref, clock=clock, dormancy_months=settings.dormancy_months)
    return write(build(data, letterhead(settings), settings.docx_font), out)
