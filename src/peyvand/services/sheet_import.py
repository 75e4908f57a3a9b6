"""People and organizations from a spreadsheet: offices start from Excel and CSV sheets.

Three steps, so the user sees what will happen before anything is written:

1. :func:`read_sheet` reads the first sheet of an ``.xlsx`` workbook or a ``.csv`` file
   (UTF-8 with or without BOM, UTF-16 as Excel's «Unicode text», or Windows-1256, which
   Persian Excel produces; comma, semicolon or tab) into text cells, and finds the header
   row (a title line above the headers is common).
2. :func:`guess_mapping` maps Persian or English headers to fields; the user corrects it.
   :func:`plan_import` validates every row and decides what would happen: people to create,
   organizations to create or reuse (matched by folded name), duplicates to skip, and rows
   with errors and their messages.
3. :func:`apply_import` writes the plan in one transaction: all of it or nothing.

Rows with errors are *excluded and reported*: the plan carries them so the user can fix
the sheet, and applying the plan imports the valid rows only. Importing the corrected
sheet again is safe because people already in the database are skipped as duplicates.

Several columns mapped to one field are joined in column order («نام» + «نام خانوادگی»
→ the name); tags are merged; for e-mail and phone the first non-empty value wins.
A row with an organization but no name adds (or reuses) only the organization, so a list
of organizations imports too. A new organization takes its country and city from the
first row that names it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from sqlmodel import Session, col, select

from peyvand.domain import Organization, Person
from peyvand.domain.directory import OrganizationData, PersonData
from peyvand.domain.errors import PeyvandError, ValidationError
from peyvand.services import records
from peyvand.storage.database import Database
from peyvand.storage.unit_of_work import AUDIT_ACTION_KEY
from peyvand.text import fold_compact, to_latin_digits

# The fields a sheet column can fill, in the order the mapping offers them.
FIELDS: Final[tuple[str, ...]] = (
    "name",
    "name_latin",
    "honorific",
    "title",
    "title_en",
    "organization",
    "country",
    "city",
    "phone",
    "email",
    "languages",
    "tags",
    "protocol_notes",
)
SUFFIXES: Final = (".xlsx", ".csv")
# At least one of these must be mapped for a row to mean anything.
KEY_FIELDS: Final = ("name", "organization")
# Lines searched for the header row (a title and blank lines may come first).
HEADER_SEARCH_LINES: Final = 10
_DELIMITERS: Final = (",", ";", "\t")
_TAG_SPLIT: Final = re.compile(r"[,،;؛|\n]")
PROGRESS_EVERY: Final = 50
_FIRST_WINS: Final = frozenset({"email", "phone"})
# Fields that only a person has: with one of them, a row without a name is an error
# rather than an organization-only row.
_PERSON_ONLY: Final = frozenset(FIELDS) - {"name", "organization", "country", "city"}

# Header names people write, per field; compared after fold_compact (case, spaces, ZWNJ,
# punctuation, yeh/kaf variants and digits do not matter).
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "name": (
        "نام", "نام خانوادگی", "نام و نام خانوادگی", "نام کامل", "نام شخص", "نام فرد",
        "name", "full name", "first name", "last name", "surname", "family name", "person",
    ),
    "name_latin": (
        "نام لاتین", "نام به لاتین", "نام انگلیسی", "نام (لاتین)", "latin", "latin name",
        "name latin", "english name", "name en", "name_latin",
    ),
    "honorific": ("عنوان احترام", "پیشوند", "لقب", "honorific", "salutation", "prefix"),
    "title": (
        "سمت", "عنوان", "عنوان شغلی", "پست", "مسئولیت", "title", "position", "job title",
        "role",
    ),
    "title_en": (
        "سمت انگلیسی", "سمت (انگلیسی)", "عنوان انگلیسی", "سمت لاتین", "english title",
        "title en", "title_en", "position en",
    ),
    "organization": (
        "سازمان", "نام سازمان", "نهاد", "ارگان", "شرکت", "نام شرکت", "محل کار", "سازمان/شرکت",
        "organization", "organisation", "company", "institution", "employer", "org",
    ),
    "country": ("کشور", "country", "nation"),
    "city": ("شهر", "city", "town"),
    "phone": (
        "تلفن", "شماره تلفن", "تلفن همراه", "همراه", "موبایل", "شماره تماس", "شماره همراه",
        "تماس", "phone", "telephone", "tel", "mobile", "cell", "phone number",
    ),
    "email": (
        "ایمیل", "رایانامه", "پست الکترونیک", "پست الکترونیکی", "نشانی رایانامه", "email",
        "e-mail", "mail", "email address",
    ),
    "languages": ("زبان", "زبان‌ها", "زبانها", "language", "languages"),
    "tags": ("برچسب", "برچسب‌ها", "برچسبها", "گروه", "tag", "tags", "labels", "group"),
    "protocol_notes": (
        "نکات تشریفاتی", "تشریفات", "یادداشت", "توضیحات", "ملاحظات", "protocol",
        "protocol notes", "notes", "remarks",
    ),
}
_HEADER_KEYS: Final[dict[str, str]] = {
    fold_compact(synonym): name for name, synonyms in SYNONYMS.items() for synonym in synonyms
}

ColumnMapping = dict[int, str]  # sheet column index -> field in FIELDS


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """The cells of a sheet as text. ``rows`` follow the header row; ``rows[i]`` is on
    line ``first_line + i`` of the file (as Excel numbers its rows)."""

    headers: list[str]
    rows: list[list[str]]
    header_line: int = 1

    @property
    def first_line(self) -> int:
        return self.header_line + 1


def read_sheet(path: Path) -> Sheet:
    """Read the first sheet of ``path`` (.xlsx or .csv) into text cells.

    Raises :class:`PeyvandError` ``sheet.unsupported`` for another kind of file and
    ``import.unreadable`` when the file cannot be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PeyvandError("sheet.unsupported", path=path.name, suffix=suffix or "-")
    try:
        raw = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    except Exception as exc:  # openpyxl and zipfile raise many kinds on a damaged file
        raise PeyvandError("import.unreadable", path=path.name, detail=str(exc)) from exc
    return _to_sheet(raw)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """UTF-16 (with BOM), UTF-8 (with or without BOM), else Windows-1256."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> list[list[str]]:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [[cell.strip() for cell in row] for row in reader]


def _to_sheet(raw: list[list[str]]) -> Sheet:
    # Drop blank rows at the end and empty columns at the right.
    while raw and not any(raw[-1]):
        raw.pop()
    width = 0
    for row in raw:
        for index in range(len(row) - 1, -1, -1):
            if row[index]:
                width = max(width, index + 1)
                break
    if not raw:
        return Sheet(headers=[], rows=[], header_line=1)
    header_index = _header_index(raw)
    headers = _pad(raw[header_index], width)
    rows = [_pad(row, width) for row in raw[header_index + 1 :]]
    return Sheet(headers=headers, rows=rows, header_line=header_index + 1)


def _pad(row: list[str], width: int) -> list[str]:
    return row[:width] + [""] * (width - len(row))


def _header_index(raw: list[list[str]]) -> int:
    """The row with the most recognized header names among the first lines; without any,
    the first non-blank row."""
    candidates = [i for i, row in enumerate(raw[: HEADER_SEARCH_LINES * 2]) if any(row)]
    candidates = candidates[:HEADER_SEARCH_LINES]
    if not candidates:
        return 0
    best, best_hits = candidates[0], 0
    for index in candidates:
        hits = len(guess_mapping(raw[index]))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


# --------------------------------------------------------------------------------------
# Mapping
# --------------------------------------------------------------------------------------


def guess_field(header: str) -> str | None:
    return _HEADER_KEYS.get(fold_compact(header)) if header.strip() else None


def guess_mapping(headers: Sequence[str]) -> ColumnMapping:
    """Column index -> field, for the headers whose name is recognized.

    A field can be guessed for several columns only for the name (first name and family
    name in two columns); any other field goes to its first column.
    """
    mapping: ColumnMapping = {}
    for index, header in enumerate(headers):
        guessed = guess_field(header)
        if guessed is None:
            continue
        if guessed != "name" and guessed in mapping.values():
            continue
        mapping[index] = guessed
    return mapping


# --------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A row that will not be imported, and why (Persian and English)."""

    line: int
    field: str | None
    error: PeyvandError

    def message(self, lang: str = "fa") -> str:
        return self.error.message(lang)


@dataclass(frozen=True)
class Duplicate:
    """A row skipped because the person (or, for an organization-only row, the
    organization) already exists in the database or earlier in the sheet."""

    line: int
    name: str
    organization: str
    where: Literal["database", "sheet"]


@dataclass(frozen=True)
class NewOrganization:
    key: str  # fold_compact of the name
    name: str
    country: str = ""
    city: str = ""


@dataclass(frozen=True)
class ReusedOrganization:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class PlannedPerson:
    line: int
    values: dict[str, Any]  # validated, normalized Person fields (no organization_id)
    organization_id: uuid.UUID | None = None  # an existing organization
    new_organization: str | None = None  # key of a NewOrganization in the plan

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass(frozen=True)
class ImportPlan:
    people: tuple[PlannedPerson, ...] = ()
    new_organizations: tuple[NewOrganization, ...] = ()
    reused_organizations: tuple[ReusedOrganization, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    errors: tuple[RowError, ...] = ()
    blank_rows: int = 0
    # KEY_FIELDS of which none is mapped: nothing can be imported until one is.
    missing_fields: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.people and not self.new_organizations


@dataclass(frozen=True)
class ImportResult:
    people: int
    organizations: int
    # Rows that became duplicates between planning and applying (someone else added them).
    skipped: int = 0
    person_ids: tuple[uuid.UUID, ...] = field(default=(), repr=False)


@dataclass
class _Existing:
    """What the database holds, keyed the way rows are matched."""

    organizations: dict[str, tuple[uuid.UUID, str]]  # folded name or English name -> org
    people: set[tuple[str, uuid.UUID | None]]  # (folded name, organization id)


def _existing(session: Session) -> _Existing:
    org_rows = list(
        session.exec(
            select(Organization.id, Organization.name, Organization.name_en)
            .where(col(Organization.deleted_at).is_(None))
            .order_by(col(Organization.created_at))
        )
    )
    organizations: dict[str, tuple[uuid.UUID, str]] = {}
    # The oldest organization wins a shared key; a Persian name beats an English one.
    for org_id, name, _name_en in org_rows:
        organizations.setdefault(fold_compact(name), (org_id, name))
    for org_id, name, name_en in org_rows:
        if name_en:
            organizations.setdefault(fold_compact(name_en), (org_id, name))
    people = {
        (fold_compact(name), org_id)
        for name, org_id in session.exec(
            select(Person.name, Person.organization_id).where(col(Person.deleted_at).is_(None))
        )
    }
    return _Existing(organizations=organizations, people=people)


def _row_values(cells: Sequence[str], mapping: Mapping[int, str]) -> dict[str, Any]:
    parts: dict[str, list[str]] = {}
    for index in sorted(mapping):
        name = mapping[index]
        value = cells[index].strip() if index < len(cells) else ""
        if value:
            parts.setdefault(name, []).append(value)
    values: dict[str, Any] = {}
    for name, found in parts.items():
        if name == "tags":
            tags = [t.strip() for part in found for t in _TAG_SPLIT.split(part)]
            values[name] = list(dict.fromkeys(t for t in tags if t))
        elif name in _FIRST_WINS:
            values[name] = to_latin_digits(found[0])
        else:
            values[name] = " ".join(found)
    return values


def _organization_error(exc: ValidationError) -> ValidationError:
    """An organization's «name» error, told as the person's «organization»."""
    params = {k: v for k, v in exc.params.items() if k != "field"}
    return ValidationError(exc.msg_id, field="organization_id", **params)


def plan_import(
    db: Database, rows: Sequence[Sequence[str]], mapping: Mapping[int, str], *,
    first_line: int = 2,
) -> ImportPlan:
    """Validate every row and decide what importing it would do; writes nothing.

    ``mapping`` is column index -> field (see :data:`FIELDS`); ``rows[i]`` is reported as
    line ``first_line + i``.
    """
    unknown = set(mapping.values()) - set(FIELDS)
    if unknown:
        raise ValidationError("field.invalid", field=sorted(unknown)[0])
    missing = tuple(f for f in KEY_FIELDS if f not in mapping.values())
    if len(missing) == len(KEY_FIELDS):
        return ImportPlan(missing_fields=missing)
    with db.reading() as session:
        planner = _Planner(_existing(session), name_mapped="name" in mapping.values())
    for offset, cells in enumerate(rows):
        planner.row(first_line + offset, _row_values(cells, mapping))
    return planner.plan(missing)


class _Planner:
    def __init__(self, existing: _Existing, *, name_mapped: bool) -> None:
        self.existing = existing
        self.name_mapped = name_mapped
        self.people: list[PlannedPerson] = []
        self.new_orgs: dict[str, NewOrganization] = {}
        self.reused: dict[uuid.UUID, ReusedOrganization] = {}
        self.duplicates: list[Duplicate] = []
        self.errors: list[RowError] = []
        self.blank = 0
        self.seen_people: set[tuple[str, uuid.UUID | str | None]] = set()
        # Organization text -> validated name, or the error: a sheet repeats them a lot.
        self.org_names: dict[str, str | ValidationError] = {}

    def plan(self, missing: tuple[str, ...]) -> ImportPlan:
        return ImportPlan(
            people=tuple(self.people),
            new_organizations=tuple(self.new_orgs.values()),
            reused_organizations=tuple(self.reused.values()),
            duplicates=tuple(self.duplicates),
            errors=tuple(self.errors),
            blank_rows=self.blank,
            missing_fields=missing,
        )

    def row(self, line: int, values: dict[str, Any]) -> None:
        org_text = str(values.pop("organization", ""))
        if not org_text and not values:
            self.blank += 1
            return
        org_name = ""
        if org_text:
            checked = self.organization_name(org_text)
            if isinstance(checked, ValidationError):
                self.errors.append(RowError(line, "organization_id", checked))
                return
            org_name = checked
        if values.get("name"):
            self.person(line, values, org_name)
            return
        has_person = any(values.get(f) for f in _PERSON_ONLY)
        if not org_name or (has_person and self.name_mapped):
            # Details of a person with no name: say so rather than drop them.
            error = ValidationError("field.required", field="name")
            self.errors.append(RowError(line, "name", error))
            return
        self.organization_only(line, values, org_name)

    def organization_name(self, text: str) -> str | ValidationError:
        checked = self.org_names.get(text)
        if checked is None:
            try:
                org_data = records.validate(Organization, {"name": text})
            except ValidationError as exc:
                checked = _organization_error(exc)
            else:
                assert isinstance(org_data, OrganizationData)
                checked = org_data.name
            self.org_names[text] = checked
        return checked

    def organization_only(self, line: int, values: dict[str, Any], org_name: str) -> None:
        org_key = fold_compact(org_name)
        found = self.existing.organizations.get(org_key)
        if found is not None:
            self.duplicates.append(Duplicate(line, org_name, "", "database"))
        elif org_key in self.new_orgs:
            self.duplicates.append(Duplicate(line, org_name, "", "sheet"))
        else:
            self.new_orgs[org_key] = NewOrganization(
                org_key, org_name, str(values.get("country", "")), str(values.get("city", ""))
            )

    def person(self, line: int, values: dict[str, Any], org_name: str) -> None:
        try:
            data = records.validate(Person, values)
        except ValidationError as exc:
            self.errors.append(RowError(line, exc.field, exc))
            return
        assert isinstance(data, PersonData)
        person_key = fold_compact(data.name)
        org_key = fold_compact(org_name) if org_name else ""
        found = self.existing.organizations.get(org_key) if org_key else None
        found_id = found[0] if found is not None else None
        # Only an existing organization (or none at all) can have the person already.
        if (found_id or not org_key) and (person_key, found_id) in self.existing.people:
            self.duplicates.append(Duplicate(line, data.name, org_name, "database"))
            return
        org_ref: uuid.UUID | str | None = found_id or org_key or None
        if (person_key, org_ref) in self.seen_people:
            self.duplicates.append(Duplicate(line, data.name, org_name, "sheet"))
            return
        self.seen_people.add((person_key, org_ref))
        if found is not None:
            self.reused.setdefault(found[0], ReusedOrganization(found[0], found[1]))
        elif org_key and org_key not in self.new_orgs:
            self.new_orgs[org_key] = NewOrganization(org_key, org_name, data.country, data.city)
        self.people.append(
            PlannedPerson(
                line=line,
                values=data.model_dump(exclude={"organization_id"}),
                organization_id=found_id,
                new_organization=org_key if org_key and found is None else None,
            )
        )


# --------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------


def apply_import(
    db: Database,
    plan: ImportPlan,
    *,
    progress: Callable[[int, int], None] | None = None,
    backup_folder: Path | None = None,
) -> ImportResult:
    """Write the plan's organizations and people in one transaction, or nothing.

    Rows with errors are not in the plan's people, so they are not written. People who
    were added by someone else since the plan was made are skipped, not doubled.
    ``progress(done, total)`` is called now and then (from the calling thread).
    """
    if plan.is_empty:
        return ImportResult(people=0, organizations=0)
    person_ids: list[uuid.UUID] = []
    skipped = 0
    total = len(plan.new_organizations) + len(plan.people)
    report = progress or (lambda _done, _total: None)
    report(0, total)
    if not db.is_empty():
        from peyvand.services.backups import before_import

        # As before every import: a verified copy of what was there.
        before_import(db, folder=backup_folder)
    with db.session(**{AUDIT_ACTION_KEY: "import"}) as session:
        existing = _existing(session)
        org_ids: dict[str, uuid.UUID] = {}
        created_orgs = 0
        for org in plan.new_organizations:
            found = existing.organizations.get(org.key)
            if found is not None:
                org_ids[org.key] = found[0]
                continue
            values = {"name": org.name, "country": org.country, "city": org.city}
            org_ids[org.key] = records.create(session, Organization, values).id
            created_orgs += 1
        done = len(plan.new_organizations)
        report(done, total)
        for person in plan.people:
            done += 1
            if done % PROGRESS_EVERY == 0:
                report(done, total)
            org_id = person.organization_id
            if person.new_organization is not None:
                org_id = org_ids[person.new_organization]
            key = (fold_compact(person.name), org_id)
            if key in existing.people:
                skipped += 1
                continue
            existing.people.add(key)
            created = records.create(
                session, Person, {**person.values, "organization_id": org_id}
            )
            person_ids.append(created.id)
        report(total, total)
    return ImportResult(
        people=len(person_ids),
        organizations=created_orgs,
        skipped=skipped,
        person_ids=tuple(person_ids),
    )


# --------------------------------------------------------------------------------------
# One call for the dialog
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedSheet:
    sheet: Sheet
    mapping: ColumnMapping
    plan: ImportPlan


def open_sheet(db: Database, path: Path) -> OpenedSheet:
    """Read ``path``, guess its mapping and plan the import with it."""
    sheet = read_sheet(path)
    mapping = guess_mapping(sheet.headers)
    plan = plan_import(db, sheet.rows, mapping, first_line=sheet.first_line)
    return OpenedSheet(sheet=sheet, mapping=mapping, plan=plan)


__all__ = [
    "FIELDS",
    "SUFFIXES",
    "ColumnMapping",
    "Duplicate",
    "ImportPlan",
    "ImportResult",
    "NewOrganization",
    "OpenedSheet",
    "PlannedPerson",
    "ReusedOrganization",
    "RowError",
    "Sheet",
    "apply_import",
    "decode_text",
    "guess_field",
    "guess_mapping",
    "open_sheet",
    "plan_import",
    "read_sheet",
]
