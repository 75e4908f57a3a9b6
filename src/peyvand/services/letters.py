"""Letters and the correspondence register (دبیرخانه).

* A letter starts as a draft composed from a template (:func:`compose`, :func:`create`)
  with the records of a visit, a meeting or a partnership; a draft has no number and
  may be edited (:func:`save`); previews are composed without saving anything.
* :func:`register` gives it, in ONE writing transaction, its register number (the
  office's pattern, e.g. «۱۲۳۴/۱۴۰۵/ب‌م», with the sequence taken from the book's counter
  row — never ``max() + 1``) and its date. From then on it is immutable: the generic
  update refuses it (``records.ensure_editable``) and :func:`revise` is the only way to
  change it, recording the previous edition and the reason in ``letter_revision``.
* Incoming letters are registered as they arrive (:func:`register_incoming`), in the
  incoming book, with their scan attached in the same transaction; a reply is an
  outgoing draft linked to them (:func:`reply`).
* A letter's classification is never below that of the visit or meeting it belongs to
  (:func:`effective_classification`), so that the register can be filtered like them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Final

from sqlmodel import Session, col, select

from peyvand.config import Settings
from peyvand.domain import (
    SPECS,
    Attachment,
    AttachmentRow,
    Letter,
    LetterRevision,
    LetterRevisionRow,
    LetterRow,
    LetterTemplate,
    LetterTemplateRow,
    Meeting,
    Organization,
    Partnership,
    Person,
    Visit,
)
from peyvand.domain.enums import (
    Classification,
    Direction,
    Language,
    LetterKind,
    LetterStatus,
    NumberedKind,
)
from peyvand.domain.errors import ConflictError, NotFoundError, ValidationError
from peyvand.domain.limits import TITLE_MAX
from peyvand.services import letter_context, letter_templates, numbering, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.storage import counters
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database
from peyvand.storage.unit_of_work import TRIP_MODE_KEY
from peyvand.text import jalali_year, normalize_input, to_latin_digits

CLASSIFICATION_ORDER: Final = (
    Classification.NORMAL,
    Classification.RESTRICTED,
    Classification.CONFIDENTIAL,
    Classification.SECRET,
)
# What a revision of a registered letter may change: its content, not its register
# entry (number, date, book) nor what it belongs to.
REVISABLE: Final = (
    "subject",
    "body",
    "counterpart",
    "signatory",
    "copies_to",
    "has_attachments",
    "attachments_note",
)
_TOKEN = re.compile(r"\{([^{}]*)\}")
_BOOKS: Final = {
    Direction.OUTGOING: NumberedKind.LETTER_OUTGOING,
    Direction.INCOMING: NumberedKind.LETTER_INCOMING,
}


# -- register numbers ----------------------------------------------------------------


def register_number(pattern: str, sequence: int, year: int) -> str:
    """The number the pattern gives: ``{n}`` the sequence, ``{yyyy}`` the Jalali year,
    ``{yy}`` its last two digits; everything else as written. Stored with Latin digits
    (shown with Persian ones), like the short numbers. Plain substitution of three
    known names, never ``str.format`` on the office's text."""
    check_pattern(pattern)
    values = {"n": str(sequence), "yyyy": str(year), "yy": f"{year % 100:02d}"}
    return to_latin_digits(_TOKEN.sub(lambda m: values[m.group(1)], normalize_input(pattern)))


def check_pattern(pattern: str) -> None:
    """A pattern holds ``{n}`` and no other name than ``{yyyy}`` and ``{yy}``."""
    names = _TOKEN.findall(pattern)
    if "n" not in names:
        raise ValidationError("letter.pattern_needs_n", field="letter_number_pattern")
    unknown = [n for n in names if n not in ("n", "yyyy", "yy")]
    if unknown or "{" in _TOKEN.sub("", pattern) or "}" in _TOKEN.sub("", pattern):
        raise ValidationError(
            "letter.pattern_unknown", field="letter_number_pattern", name=(unknown or ["{"])[0]
        )
    if len(register_number_unchecked(pattern)) > 60:
        raise ValidationError("field.too_long", field="letter_number_pattern", limit=60)


def register_number_unchecked(pattern: str) -> str:
    """The longest number the pattern can make (to check its length)."""
    values = {"n": "99999", "yyyy": "9999", "yy": "99"}
    return _TOKEN.sub(lambda m: values.get(m.group(1), ""), pattern)


def _pattern(settings: Settings, direction: Direction) -> str:
    if direction == Direction.INCOMING:
        return settings.incoming_number_pattern
    return settings.letter_number_pattern


# -- classification ------------------------------------------------------------------


def _rank(value: Classification | str) -> int:
    return CLASSIFICATION_ORDER.index(Classification(value))


def effective_classification(session: Session, letter: Letter | Any) -> Classification:
    """The higher of the letter's own classification and those of the visit and the
    meeting it belongs to (and that meeting's visit)."""
    marks = [Classification(letter.classification)]
    visit_ids = [letter.visit_id]
    if letter.meeting_id is not None:
        meeting = session.get(Meeting, letter.meeting_id)
        if meeting is not None:
            marks.append(Classification(meeting.classification))
            visit_ids.append(meeting.visit_id)
    for visit_id in visit_ids:
        visit = session.get(Visit, visit_id) if visit_id is not None else None
        if visit is not None:
            marks.append(Classification(visit.classification))
    return max(marks, key=_rank)


# -- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterDetail:
    row: LetterRow
    visit: str  # «1405-003 — title» of what it belongs to, "" when none
    meeting: str
    partnership: str
    reply_to: LetterRow | None
    replies: list[LetterRow]
    revisions: list[LetterRevisionRow]  # oldest first
    attachments: list[AttachmentRow]


def resolve(session: Session, ref: str | uuid.UUID) -> Letter:
    """A letter by UUID or by its register number, typed in any digit set (an outgoing
    letter first when both books hold the number)."""
    text = to_latin_digits(normalize_input(str(ref)))
    letter: Letter | None = None
    try:
        letter = session.get(Letter, uuid.UUID(text))
    except ValueError:
        found = session.exec(
            select(Letter)
            .where(Letter.number == text, col(Letter.deleted_at).is_(None))
            .order_by(col(Letter.direction).desc())
        ).first()
        letter = found
    if letter is None or letter.deleted_at is not None:
        raise NotFoundError("record.not_found", entity="letter", ref=str(ref))
    return letter


def _label(number: str, title: str) -> str:
    return f"{number} — {title}" if number else title


def detail_in(session: Session, letter_id: uuid.UUID) -> LetterDetail:
    letter = records.get(session, Letter, letter_id)
    visit = session.get(Visit, letter.visit_id) if letter.visit_id else None
    meeting = session.get(Meeting, letter.meeting_id) if letter.meeting_id else None
    partnership = session.get(Partnership, letter.partnership_id) if letter.partnership_id else None
    reply_to = session.get(Letter, letter.reply_to_id) if letter.reply_to_id else None
    replies = session.exec(
        select(Letter)
        .where(Letter.reply_to_id == letter.id, col(Letter.deleted_at).is_(None))
        .order_by(col(Letter.created_at))
    )
    revisions = session.exec(
        select(LetterRevision)
        .where(LetterRevision.letter_id == letter.id, col(LetterRevision.deleted_at).is_(None))
        .order_by(col(LetterRevision.edition))
    )
    files = session.exec(
        select(Attachment).where(
            Attachment.letter_id == letter.id, col(Attachment.deleted_at).is_(None)
        )
    )
    return LetterDetail(
        row=LetterRow.model_validate(letter),
        visit=_label(visit.number, visit.title) if visit else "",
        meeting=_label(meeting.number, meeting.title) if meeting else "",
        partnership=partnership.partner_city if partnership else "",
        reply_to=LetterRow.model_validate(reply_to) if reply_to else None,
        replies=[LetterRow.model_validate(r) for r in replies],
        revisions=[LetterRevisionRow.model_validate(r) for r in revisions],
        attachments=[AttachmentRow.model_validate(a) for a in files],
    )


def get_detail(db: Database, ref: str | uuid.UUID) -> LetterDetail:
    with db.reading() as session:
        return detail_in(session, resolve(session, ref).id)


def for_record(
    db: Database, *, visit_id: uuid.UUID | None = None, meeting_id: uuid.UUID | None = None
) -> list[LetterRow]:
    """The live letters of a visit or a meeting, registered ones by date first."""
    with db.reading() as session:
        query = select(Letter).where(col(Letter.deleted_at).is_(None))
        if visit_id is not None:
            query = query.where(Letter.visit_id == visit_id)
        if meeting_id is not None:
            query = query.where(Letter.meeting_id == meeting_id)
        rows = [LetterRow.model_validate(r) for r in session.exec(query)]
    rows.sort(key=lambda r: (r.letter_date is None, r.letter_date or dt.date.max, r.created_at))
    return rows


# -- templates -----------------------------------------------------------------------


def templates(
    db: Database, *, kind: LetterKind | None = None, language: Language | None = None
) -> list[LetterTemplateRow]:
    with db.reading() as session:
        query = select(LetterTemplate).where(col(LetterTemplate.deleted_at).is_(None))
        if kind is not None:
            query = query.where(LetterTemplate.kind == kind)
        if language is not None:
            query = query.where(LetterTemplate.language == language)
        query = query.order_by(col(LetterTemplate.name_sort), col(LetterTemplate.id))
        return [LetterTemplateRow.model_validate(t) for t in session.exec(query)]


def find_template(
    session: Session, ref: str | uuid.UUID | None, *, kind: LetterKind, language: Language
) -> LetterTemplate:
    """The template named (or with the id) ``ref``; without one, the first template of
    ``kind`` in ``language`` in alphabetical order."""
    live = col(LetterTemplate.deleted_at).is_(None)
    if ref is not None:
        text = normalize_input(str(ref))
        try:
            found = session.get(LetterTemplate, uuid.UUID(text))
        except ValueError:
            found = session.exec(
                select(LetterTemplate).where(LetterTemplate.name == text, live)
            ).first()
        if found is None or found.deleted_at is not None:
            raise NotFoundError("record.not_found", entity="letter_template", ref=str(ref))
        return found
    found = session.exec(
        select(LetterTemplate)
        .where(LetterTemplate.kind == kind, LetterTemplate.language == language, live)
        .order_by(col(LetterTemplate.name_sort))
    ).first()
    if found is None:
        raise NotFoundError("letter.no_template", kind=kind.value, language=language.value)
    return found


def check_template(values: Mapping[str, Any]) -> None:
    """Render a template's subject and body once with sample values: a misspelt
    placeholder or a forbidden construct is found when the template is saved."""
    language = Language(values.get("language") or Language.PERSIAN)
    sample = letter_context.sample_context(language)
    letter_templates.check(str(values.get("subject") or ""), sample, field="subject")
    letter_templates.check(str(values.get("body") or ""), sample, field="body")


def save_template(
    db: Database,
    template_id: uuid.UUID | None,
    values: Mapping[str, Any],
    *,
    expected_revision: int | None = None,
) -> LetterTemplateRow:
    check_template(values)
    with db.session() as session:
        if template_id is None:
            obj = records.create(session, LetterTemplate, values)
        else:
            obj = records.update(
                session, LetterTemplate, template_id, values, expected_revision=expected_revision
            )
        return LetterTemplateRow.model_validate(obj)


# -- composing -----------------------------------------------------------------------


def signatory_for(settings: Settings, language: Language) -> str:
    """Who signs by default: the English lines for an English letter when Settings
    has them, else the Persian ones."""
    if language == Language.ENGLISH and settings.letter_signatory_en.strip():
        return settings.letter_signatory_en
    return settings.letter_signatory


@dataclass(frozen=True)
class Composition:
    """A letter as a template makes it, before anything is saved (a preview)."""

    values: dict[str, Any]  # LetterData fields


def _linked(
    session: Session,
    visit_id: uuid.UUID | None,
    meeting_id: uuid.UUID | None,
    partnership_id: uuid.UUID | None,
) -> tuple[Visit | None, Meeting | None, Partnership | None]:
    visit = records.get(session, Visit, visit_id) if visit_id else None
    meeting = records.get(session, Meeting, meeting_id) if meeting_id else None
    partnership = records.get(session, Partnership, partnership_id) if partnership_id else None
    if visit is None and meeting is not None and meeting.visit_id is not None:
        visit = session.get(Visit, meeting.visit_id)
        visit = visit if visit is not None and visit.deleted_at is None else None
    if partnership is None:
        for owner in (visit, meeting):
            pid = getattr(owner, "partnership_id", None)
            if pid is not None:
                found = session.get(Partnership, pid)
                if found is not None and found.deleted_at is None:
                    partnership = found
                    break
    return visit, meeting, partnership


def _counterpart_text(
    person: Person | None, org_name: str, language: Language, session: Session
) -> str:
    if person is None:
        return org_name
    text = letter_context.person_values(session, person, language)
    full = " ".join(x for x in (text.honorific, text.name) if x)
    org = text.organization or org_name
    if org and org in text.title:  # «مدیر روابط بین‌الملل شهرداری بزرگ حیدرآباد»
        org = ""
    return "\n".join(x for x in (full, text.title, org) if x)


def compose_in(
    session: Session,
    kind: LetterKind,
    *,
    language: Language = Language.PERSIAN,
    visit_id: uuid.UUID | None = None,
    meeting_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
    template: str | uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    counterpart: str | None = None,
    settings: Settings | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Composition:
    settings = settings or Settings()
    found = find_template(session, template, kind=kind, language=language)
    language = Language(found.language)
    visit, meeting, partnership = _linked(session, visit_id, meeting_id, partnership_id)
    person = records.get(session, Person, person_id) if person_id else None
    if person_id is None and organization_id is None:
        # Addressed to an organization (an embassy, a ministry): no person by default.
        person = letter_context.default_recipient(session, visit=visit, meeting=meeting)
    org = records.get(session, Organization, organization_id) if organization_id else None
    if org is None and person is None and partnership is not None:
        pid = partnership.organization_id
        org = session.get(Organization, pid) if pid else None
    signatory = signatory_for(settings, language)
    context = letter_context.build(
        session,
        language=language,
        visit=visit,
        meeting=meeting,
        partnership=partnership,
        recipient=person,
        recipient_organization=org,
        signatory=signatory,
        office=letter_context.office_names(
            session, settings.letterhead_org, settings.letterhead_unit, language
        ),
        today=today(clock),
    )
    subject = letter_templates.render(found.subject, context, field="subject")
    body = letter_templates.render(found.body, context, field="body")
    org_name = ""
    if org is not None:
        org_name = (org.name_en or org.name) if language == Language.ENGLISH else org.name
    values: dict[str, Any] = {
        "direction": Direction.OUTGOING,
        "kind": kind,
        "language": language,
        "template_id": found.id,
        "subject": " ".join(subject.split())[:TITLE_MAX],
        "body": body,
        "counterpart": counterpart
        if counterpart is not None
        else _counterpart_text(person, org_name, language, session),
        "counterpart_person_id": person.id if person else None,
        "counterpart_organization_id": org.id
        if org
        else (person.organization_id if person else None),
        "signatory": signatory,
        "visit_id": visit.id if visit else None,
        "meeting_id": meeting.id if meeting else None,
        "partnership_id": partnership.id if partnership else None,
    }
    probe = SimpleNamespace(**values, classification=Classification.NORMAL)
    values["classification"] = effective_classification(session, probe)
    return Composition(values)


def compose(db: Database, kind: LetterKind, **kwargs: Any) -> Composition:
    """A letter from its template, saved nowhere (a preview)."""
    with db.reading() as session:
        return compose_in(session, kind, **kwargs)


def create(db: Database, kind: LetterKind, **kwargs: Any) -> LetterRow:
    """A draft letter from its template."""
    with db.session() as session:
        composition = compose_in(session, kind, **kwargs)
        letter = records.create(session, Letter, composition.values)
        return LetterRow.model_validate(letter)


# -- drafts, registering, revising ---------------------------------------------------


def _prepare(session: Session, values: Mapping[str, Any]) -> dict[str, Any]:
    data = records.validate(Letter, values)
    merged = data.model_dump()
    merged["classification"] = effective_classification(session, data)
    return merged


def save(
    db: Database,
    letter_id: uuid.UUID | None,
    values: Mapping[str, Any],
    *,
    expected_revision: int | None = None,
) -> LetterRow:
    """Create or update a draft (a registered letter is refused: see :func:`revise`)."""
    with db.session() as session:
        if letter_id is None:
            obj = records.create(session, Letter, _prepare(session, values))
        else:
            current = records.get(session, Letter, letter_id)
            fields = {n: getattr(current, n) for n in SPECS[Letter][0].model_fields}
            obj = records.update(
                session,
                Letter,
                letter_id,
                _prepare(session, {**fields, **values}),
                expected_revision=expected_revision,
            )
        return LetterRow.model_validate(obj)


def _register_in(
    session: Session, letter: Letter, *, settings: Settings, clock: Clock, day: dt.date | None
) -> None:
    if LetterStatus(letter.status) == LetterStatus.REGISTERED:
        raise ConflictError("letter.already_registered", number=letter.number)
    if session.info.get(TRIP_MODE_KEY):
        # The register's numbers are the office's: a laptop cannot take one.
        raise ConflictError("letter.register_in_office")
    direction = Direction(letter.direction)
    pattern = _pattern(settings, direction)
    check_pattern(pattern)
    on = day or today(clock)
    year = jalali_year(on)

    def taken(sequence: int) -> bool:
        number = register_number(pattern, sequence, year)
        found = session.exec(
            select(Letter.id).where(Letter.direction == direction, Letter.number == number)
        ).first()
        return found is not None

    sequence = numbering.take_next(session, _BOOKS[direction], year, taken)
    letter.classification = effective_classification(session, letter)
    letter.status = LetterStatus.REGISTERED
    letter.number = register_number(pattern, sequence, year)
    letter.letter_date = on
    letter.register_year = year
    letter.register_seq = sequence
    letter.edition = 1
    letter.registered_at = clock.now()
    letter.registered_by = session.info.get("actor") or current_actor()
    session.flush()


def pattern_of(number: str, sequence: int, year: int) -> str | None:
    """The pattern a register number was made with, read back from the number itself
    («12/1405/ب‌م», 12, 1405 → «{n}/{yyyy}/ب‌م»); None when the number does not show its
    sequence (typed by hand, say)."""
    text = to_latin_digits(number)
    text, years = re.subn(rf"(?<!\d){year}(?!\d)", "{yyyy}", text, count=1)
    if not years:
        text = re.sub(rf"(?<!\d){year % 100:02d}(?!\d)", "{yy}", text, count=1)
    text, found = re.subn(rf"(?<!\d){sequence}(?!\d)", "{n}", text, count=1)
    return text if found else None


def renumber_clash_in(session: Session, letter: Letter) -> str | None:
    """A registered letter coming from another database whose number this one already
    gave (``peyvand server import-local``): the next sequence of its book and year from
    this database's counter, in the pattern its number was made with (or the default
    one). Returns the new number; None when there is no clash."""
    if not letter.number:
        return None
    direction = Direction(letter.direction)
    clash = session.exec(
        select(Letter.id).where(
            Letter.direction == direction, Letter.number == letter.number, Letter.id != letter.id
        )
    ).first()
    if clash is None:
        return None
    year = letter.register_year or (
        jalali_year(letter.letter_date or today(SYSTEM_CLOCK))
    )
    pattern = (
        pattern_of(letter.number, letter.register_seq, year) if letter.register_seq else None
    ) or _pattern(Settings(), direction)

    def taken(sequence: int) -> bool:
        number = register_number(pattern, sequence, year)
        found = session.exec(
            select(Letter.id).where(Letter.direction == direction, Letter.number == number)
        ).first()
        return found is not None

    sequence = numbering.take_next(session, _BOOKS[direction], year, taken)
    letter.number = register_number(pattern, sequence, year)
    letter.register_year, letter.register_seq = year, sequence
    return letter.number


def advance_books(session: Session, letters_in: Iterable[Letter]) -> None:
    """Move each book's counter past the sequences of letters written in without it."""
    highest: dict[tuple[NumberedKind, int], int] = {}
    for letter in letters_in:
        if letter.number and letter.register_year and letter.register_seq:
            key = (_BOOKS[Direction(letter.direction)], letter.register_year)
            highest[key] = max(highest.get(key, 0), letter.register_seq)
    for (kind, year), last in sorted(highest.items()):
        counter = counters.locked_counter(session, kind, year)
        counter.last = max(counter.last, last)


def register(
    db: Database,
    letter_id: uuid.UUID,
    *,
    settings: Settings | None = None,
    clock: Clock = SYSTEM_CLOCK,
    expected_revision: int | None = None,
) -> LetterRow:
    """Number and date a draft in the register, in one transaction."""
    with db.session() as session:
        letter = records.get(session, Letter, letter_id)
        if expected_revision is not None and letter.revision != expected_revision:
            raise ConflictError("record.stale", entity="letter")
        _register_in(session, letter, settings=settings or Settings(), clock=clock, day=None)
        return LetterRow.model_validate(letter)


def create_registered(
    db: Database,
    kind: LetterKind,
    *,
    settings: Settings | None = None,
    clock: Clock = SYSTEM_CLOCK,
    deliver: Callable[[LetterRow], object] | None = None,
    **kwargs: Any,
) -> LetterRow:
    """A letter from its template, registered at once (``peyvand letter new``).

    ``deliver`` (writing the PDF or Word file) runs inside the transaction, after the
    number is taken: if it fails, the letter is not registered and the number not used.
    """
    settings = settings or Settings()
    with db.session() as session:
        composition = compose_in(session, kind, settings=settings, clock=clock, **kwargs)
        letter = records.create(session, Letter, composition.values)
        _register_in(session, letter, settings=settings, clock=clock, day=None)
        row = LetterRow.model_validate(letter)
        if deliver is not None:
            deliver(row)
        return row


def register_incoming(
    db: Database,
    values: Mapping[str, Any],
    *,
    scan: tuple[str, bytes] | None = None,
    settings: Settings | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> LetterRow:
    """An incoming letter entered in the incoming book, with its scan, in one step."""
    from peyvand.services.attachments import attach_in

    values = {**values, "direction": Direction.INCOMING}
    if values.get("received_on") is None:
        values["received_on"] = today(clock)
    with db.session() as session:
        letter = records.create(session, Letter, _prepare(session, values))
        _register_in(
            session, letter, settings=settings or Settings(), clock=clock, day=letter.received_on
        )
        if scan is not None:
            attach_in(session, "letter", letter.id, name=scan[0], data=scan[1])
        return LetterRow.model_validate(letter)


def reply(db: Database, incoming_id: uuid.UUID, *, settings: Settings | None = None) -> LetterRow:
    """An outgoing draft answering an incoming letter: to its sender, about the same
    records, «پاسخ: …» (``Re: …``) as its subject."""
    settings = settings or Settings()
    with db.session() as session:
        incoming = records.get(session, Letter, incoming_id)
        if Direction(incoming.direction) != Direction.INCOMING:
            raise ValidationError("letter.reply_to_outgoing", field="reply_to_id")
        english = Language(incoming.language) == Language.ENGLISH
        prefix = "Re: " if english else "پاسخ: "
        values = {
            "direction": Direction.OUTGOING,
            "kind": LetterKind.GENERAL,
            "language": incoming.language,
            "subject": (prefix + incoming.subject)[:TITLE_MAX],
            "counterpart": incoming.counterpart,
            "counterpart_person_id": incoming.counterpart_person_id,
            "counterpart_organization_id": incoming.counterpart_organization_id,
            "signatory": signatory_for(settings, Language(incoming.language)),
            "visit_id": incoming.visit_id,
            "meeting_id": incoming.meeting_id,
            "partnership_id": incoming.partnership_id,
            "reply_to_id": incoming.id,
            "classification": incoming.classification,
        }
        letter = records.create(session, Letter, _prepare(session, values))
        return LetterRow.model_validate(letter)


def revise(
    db: Database,
    letter_id: uuid.UUID,
    changes: Mapping[str, Any],
    reason: str,
    *,
    clock: Clock = SYSTEM_CLOCK,
    expected_revision: int | None = None,
) -> LetterRow:
    """A new edition of a registered letter: same number and date, the previous content
    and ``reason`` kept in its history."""
    reason = normalize_input(reason or "")
    if not reason:
        raise ValidationError("letter.reason_required", field="reason")
    bad = set(changes) - set(REVISABLE)
    if bad:
        raise ValidationError("letter.not_revisable", field=sorted(bad)[0])
    with db.session() as session:
        letter = records.get(session, Letter, letter_id)
        if expected_revision is not None and letter.revision != expected_revision:
            raise ConflictError("record.stale", entity="letter")
        if LetterStatus(letter.status) != LetterStatus.REGISTERED:
            raise ConflictError("letter.not_registered")
        current = {n: getattr(letter, n) for n in SPECS[Letter][0].model_fields}
        data = records.validate(Letter, {**current, **changes})
        changed = [n for n in REVISABLE if getattr(data, n) != getattr(letter, n)]
        if not changed:
            raise ValidationError("letter.no_change", field=sorted(changes)[0] if changes else None)
        records.create(
            session,
            LetterRevision,
            {
                "letter_id": letter.id,
                "edition": letter.edition,
                "revised_at": clock.now(),
                "revised_by": session.info.get("actor") or current_actor(),
                "reason": reason,
                **{n: getattr(letter, n) for n in REVISABLE if n != "has_attachments"},
            },
        )
        for name in changed:
            setattr(letter, name, getattr(data, name))
        letter.edition += 1
        session.flush()
        return LetterRow.model_validate(letter)


def delete_draft(db: Database, letter_id: uuid.UUID) -> None:
    """A draft may be thrown away; a registered letter stays in the register."""
    with db.session() as session:
        records.soft_delete(session, Letter, letter_id)
