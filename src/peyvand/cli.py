"""The command line: `peyvand --help`.

English messages; a bad input exits non-zero with a one-line reason and changes nothing.
Heavy modules are imported inside the commands so that `--help` stays instant.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from peyvand import __version__
from peyvand.errors import PeyvandError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]

# What `peyvand list` lists: services.listing.LISTABLE, written out here so that building
# the parser imports no service (tests/test_cli.py keeps the two equal).
LISTABLE = ("meetings", "visits", "actions", "people", "organizations", "partnerships", "letters")


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands suppress the default, or theirs would overwrite a --db given
    # before the command name (`peyvand --db X list meetings`).
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=None if top else argparse.SUPPRESS,
        help="database file, trip package (.pvtrip) or office server "
        "(postgresql://user@host:port/database) (default: peyvand.sqlite3 in the user's "
        "data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="F",
        default=None if top else argparse.SUPPRESS,
        help="read a trip package's passphrase from F (default: ask for it)",
    )


def _location(args: argparse.Namespace) -> str:
    """What ``--db`` names: a file, a trip package or a server URL."""
    from peyvand.paths import default_db_path, demo_db_path

    if args.db is not None:
        return str(args.db)
    return str(demo_db_path() if getattr(args, "demo", False) else default_db_path())


def _is_server(args: argparse.Namespace) -> bool:
    from peyvand.storage.location import is_server

    return is_server(_location(args))


def _default_db(args: argparse.Namespace) -> Path:
    """The database file named by ``--db``; the office server has none (refused)."""
    if _is_server(args):
        from peyvand.storage.location import describe

        raise PeyvandError("server.no_file", server=describe(_location(args)))
    return Path(_location(args))


def _open_existing(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if not _is_server(args) and not Path(_location(args)).exists():
        raise PeyvandError("cli.no_db", path=_location(args))
    return _open_db(args, create=False)


def _open_db(args: argparse.Namespace, *, create: bool = True):  # type: ignore[no-untyped-def]
    """The database ``--db`` names, through the one way in (storage.location)."""
    from peyvand.storage.location import open_location

    spec = _location(args)
    backup_dir = None if _is_server(args) else _backup_folder(Path(spec))
    db = open_location(
        spec, create=create, backup_dir=backup_dir, passphrase=lambda: _passphrase(args)
    )
    try:
        _sign_in(db)
    except BaseException:
        db.close()
        raise
    return db


def _sign_in(db: Any) -> None:
    """Who the command acts as: on a workstation the person linked in Settings (the
    audit trail names them), on the office server the login's own account."""
    from peyvand.config import load_settings
    from peyvand.services.accounts import current

    current(db, load_settings())


def _office_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The office database for trip export/import: a package cannot stand in for it."""
    from peyvand.storage.location import is_trip_package

    if is_trip_package(_location(args)):
        raise PeyvandError("trip.not_in_trip_mode")
    return _open_existing(args)


def _backup_dir_of(db: Any) -> Path | None:
    """Where a command's pre-import backups go: the file's folder; None on the server."""
    return _backup_folder(db.path) if db.has_local_backups else None


def _location_label(args: argparse.Namespace) -> str:
    from peyvand.storage.location import describe

    return describe(_location(args))


def _out(line: str = "") -> None:
    print(line, flush=False)


class _WaitNotice:
    """Says once on stderr that a write waits for another program (storage/busy.py)."""

    def __init__(self) -> None:
        self._said: set[Path] = set()

    def waiting(self, path: Path, elapsed: float, limit: float) -> bool:
        if path not in self._said:
            self._said.add(path)
            from peyvand.messages import render

            line = render("db.waiting", "en", path=str(path), seconds=round(limit))
            print(f"peyvand: {line}", file=sys.stderr, flush=True)
        return True

    def finished(self, path: Path) -> None:
        self._said.discard(path)


def _prepare_storage() -> None:
    """Before a command touches a database: the write wait from Settings, its notice on
    stderr, and the removal of temporary files that killed processes left behind."""
    from peyvand.config import load_settings
    from peyvand.storage import busy, scratch

    busy.configure(seconds=load_settings().write_wait_seconds, observer=_WaitNotice())
    scratch.sweep()


def build_demo(path: Path) -> dict[str, int]:
    """Create a demo database at ``path``, which must not hold data.

    The demo is loaded into a side file and renamed into place only when complete, so
    an interrupted load never leaves a half-filled database behind.
    """
    from peyvand.services.demo import load_demo
    from peyvand.storage.database import Database

    if path.exists() and path.stat().st_size > 0:
        # Refuse before anything could migrate or touch a file that holds data.
        existing = Database.open(path)
        try:
            if not existing.is_empty():
                raise PeyvandError("db.not_empty", path=str(path))
        finally:
            existing.close()
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = Database.open(partial)
    try:
        counts = load_demo(db).counts
    finally:
        db.close()
    partial.replace(path)
    return counts


def cmd_demo(args: argparse.Namespace) -> int:
    if _is_server(args):
        from peyvand.cli_server import server_demo

        counts = server_demo(_location(args))
        where = _location_label(args)
    else:
        path = _default_db(args)
        counts = build_demo(path)
        where = str(path)
    _out(f"Demo database created at {where}")
    for kind, count in counts.items():
        _out(f"  {kind}: {count}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    db = _open_existing(args)
    try:
        state = db.schema_state()
        problems = db.integrity_problems()
    finally:
        db.close()
    _out(f"database: {db.label}")
    _out(f"schema: {state.revision} (latest known: {state.head})")
    if problems:
        for problem in problems:
            _out(f"integrity: {problem}")
        raise PeyvandError("db.corrupt", path=db.label, detail=problems[0])
    _out("integrity: ok")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from peyvand.services.transfer import export_json

    db = _open_existing(args)
    try:
        summary = export_json(db, Path(args.output))
    finally:
        db.close()
    _out(f"Exported {sum(summary.counts.values())} records to {args.output}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from peyvand.services.transfer import import_json

    db = _open_db(args)
    try:
        summary = import_json(
            db, Path(args.file), dry_run=args.dry_run, backup_folder=_backup_dir_of(db)
        )
    finally:
        db.close()
    verb = "Would import" if args.dry_run else "Imported"
    _out(f"{verb} {sum(summary.counts.values())} records from {args.file}")
    for table, count in summary.counts.items():
        if count:
            _out(f"  {table}: {count}")
    return EXIT_OK


def _backup_folder(db_path: Path) -> Path:
    from peyvand.config import load_settings
    from peyvand.paths import backup_folder

    return backup_folder(db_path, load_settings().backup_dir)


def cmd_backup(args: argparse.Namespace) -> int:
    from peyvand.services import backups
    from peyvand.storage.package_magic import is_package

    if _is_server(args):  # the server's own tools: peyvand server backup
        raise PeyvandError("server.backup_elsewhere", server=_location_label(args))
    path = _default_db(args)
    if not path.exists():
        raise PeyvandError("cli.no_db", path=str(path))
    output: Path | None = args.output
    # A trip package is opened (passphrase) so that its copy is made encrypted.
    source = _open_existing(args) if is_package(path) else path
    try:
        if output is None:
            info = backups.backup_now(source, backups.MANUAL, folder=_backup_folder(path))
        elif output.is_dir():
            # A named folder is the user's: the backup gets its usual name, not rotated.
            info = backups.backup_now(source, backups.MANUAL, folder=output, rotate_after=False)
        else:
            info = backups.backup_to(source, output)
    finally:
        if not isinstance(source, Path):
            source.close()
    _out(str(info.path))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from peyvand.services import backups
    from peyvand.storage.database import Database
    from peyvand.storage.package_magic import is_package

    if _is_server(args):  # pg_restore into a fresh database: peyvand server restore
        raise PeyvandError("server.backup_elsewhere", server=_location_label(args))
    path = _default_db(args)
    if is_package(path) or is_package(Path(args.file)):
        raise PeyvandError("restore.trip_package", path=str(path))
    folder = _backup_folder(path)
    result = backups.restore(Path(args.file), path, folder=folder, force=args.force)
    # Proves the result opens, and migrates a backup from an older version forward.
    Database.open(path, create=False, backup_dir=folder).close()
    _out(f"Restored {path} from {result.restored_from}")
    if result.checksum != "ok":
        state = "has no recorded checksum" if result.checksum == "unknown" else "had changed"
        _out(f"The backup {state}; restored because of --force")
    if result.safety_backup is not None:
        _out(f"The previous state was backed up to {result.safety_backup.path}")
    elif result.damaged_copy is not None:
        _out(
            f"The previous state failed its integrity check; its files were kept as "
            f"{result.damaged_copy}"
        )
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from peyvand.services.search import search

    db = _open_existing(args)
    try:
        hits = search(db, " ".join(args.text), limit=args.limit)
    finally:
        db.close()
    for hit in hits:
        ref = hit.number or str(hit.entity_id)
        _out(f"{hit.entity}\t{ref}\t{hit.title}\t{hit.snippet}")
    if not hits:
        print("no matches", file=sys.stderr)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from peyvand.services.listing import list_lines
    from peyvand.text import format_jalali_date

    db = _open_existing(args)
    try:
        lines = list_lines(db, args.kind, limit=args.limit)
    finally:
        db.close()
    for line in lines:
        day = format_jalali_date(line.day, persian_digits=False) if line.day else "-"
        _out(f"{line.ref}\t{day}\t{line.title}")
    return EXIT_OK


def cmd_launch(args: argparse.Namespace) -> int:
    """Without a command: open the desktop application (in trip mode on a package)."""
    if args.trip is None and _is_server(args):
        from peyvand.app import run as run_app

        return run_app(_location(args), smoke_test=args.smoke_test)
    if args.trip is None and args.db is None and not args.demo:
        # Settings → «پایگاه داده» may name the office server; --db overrides it.
        from peyvand.config import load_settings
        from peyvand.storage.location import server_location

        choice = load_settings().database
        if choice.kind == "server":
            from peyvand.app import run as run_app

            spec = server_location(**choice.server_parts())
            return run_app(spec, smoke_test=args.smoke_test)
    path = Path(args.trip) if args.trip is not None else _default_db(args)
    if args.demo and not path.exists():
        build_demo(path)
    from peyvand.app import run
    from peyvand.storage.package_magic import is_package  # not on the server's start path

    if args.trip is not None or is_package(path):
        if not path.is_file():
            raise PeyvandError("trip.missing", path=str(path))
        # The GUI asks for the passphrase itself unless a file gives it (smoke tests).
        passphrase = _passphrase(args) if args.passphrase_file is not None else None
        return run(path, smoke_test=args.smoke_test, trip=True, passphrase=passphrase)
    return run(path, smoke_test=args.smoke_test, demo=args.demo)


def cmd_screenshot(args: argparse.Namespace) -> int:
    from peyvand.ui.screenshots import main as shoot

    path = _default_db(args)
    if not path.exists():
        raise PeyvandError("cli.no_db", path=str(path))
    for written in shoot(path, Path(args.out)):
        _out(str(written))
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from peyvand import briefs
    from peyvand.config import load_settings
    from peyvand.domain.enums import ActionStatus
    from peyvand.text import JalaliParseError, parse_jalali_date

    out = Path(args.output)
    word_copy = out.suffix.lower() == ".docx"
    if word_copy and args.kind not in ("meeting", "visit"):
        raise PeyvandError("cli.docx_kinds", path=str(out))
    db = _open_existing(args)
    settings = load_settings()
    pdf: bytes
    try:
        if word_copy:
            _word_brief(db, args, out, settings)
            pdf = b""
        elif args.kind == "meeting":
            pdf = briefs.meeting_brief(db, args.ref, out, settings)
        elif args.kind == "visit":
            pdf = briefs.visit_brief(db, args.ref, out, settings)
        elif args.kind == "checklist":
            pdf = briefs.checklist(db, args.ref, out, settings)
        elif args.kind == "itinerary":
            pdf = briefs.itinerary(db, args.ref, out, settings, lang=args.lang)
        else:
            try:
                due_from = parse_jalali_date(args.due_from) if args.due_from else None
                due_to = parse_jalali_date(args.due_to) if args.due_to else None
            except JalaliParseError as exc:
                raise PeyvandError(exc.msg_id, value=exc.value) from None
            statuses = [ActionStatus(s) for s in args.status] if args.status else None
            pdf = briefs.actions_report(
                db,
                out,
                settings,
                overdue_only=args.overdue,
                unit=args.unit,
                status=statuses,
                due_from=due_from,
                due_to=due_to,
            )
    finally:
        db.close()
    _out(f"Wrote {out}")
    from peyvand.briefs.result import Brief

    if isinstance(pdf, Brief):  # characters printed as «�»: said, not fatal
        for warning in pdf.warnings("en"):
            print(f"peyvand: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _word_brief(db: Any, args: argparse.Namespace, out: Path, settings: Any) -> None:
    from peyvand import word

    if args.kind == "meeting":
        word.minutes_docx(db, args.ref, out, settings)
    else:
        word.visit_brief_docx(db, args.ref, out, settings)


def _add_brief_parser(sub: Any) -> None:
    p = sub.add_parser("brief", help="print a Persian brief to a PDF file")
    brief_sub = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, text in (
        ("meeting", "meeting minutes / brief (صورتجلسه); FILE.docx for a Word copy"),
        ("visit", "brief for the official before meeting a delegation; FILE.docx for Word"),
        ("itinerary", "day-by-day programme (برنامه بازدید)"),
        ("checklist", "a visit's protocol checklist (فهرست آمادگی)"),
    ):
        q = brief_sub.add_parser(kind, help=text)
        _db_option(q)
        q.add_argument("ref", metavar="ID", help="short number as `peyvand list` shows it, or UUID")
        metavar = "FILE.pdf|FILE.docx" if kind in ("meeting", "visit") else "FILE.pdf"
        q.add_argument("-o", "--output", required=True, metavar=metavar)
        if kind == "itinerary":
            q.add_argument(
                "--lang",
                choices=("fa", "en"),
                default="fa",
                help="Persian (default) or the English copy for the guests",
            )
        q.set_defaults(handler=cmd_brief)
    q = brief_sub.add_parser("actions", help="follow-up report by unit and status")
    _db_option(q)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument("--overdue", action="store_true", help="only overdue actions")
    q.add_argument("--unit", metavar="U", help="one unit, by name, code or UUID")
    q.add_argument(
        "--status",
        action="append",
        metavar="S",
        choices=("open", "in_progress", "done", "cancelled"),
        help="only this status (repeatable)",
    )
    q.add_argument("--from", dest="due_from", metavar="DATE", help="due on or after (Jalali)")
    q.add_argument("--to", dest="due_to", metavar="DATE", help="due on or before (Jalali)")
    q.set_defaults(handler=cmd_brief)
    q = brief_sub.add_parser(
        "activity", help="activity report with charts for a period (default: this Jalali year)"
    )
    _db_option(q)
    _period_options(q)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument("--excel", type=Path, metavar="FILE.xlsx", help="also the figures as Excel")
    q.set_defaults(handler=cmd_brief_activity)


def cmd_brief_activity(args: argparse.Namespace) -> int:
    from peyvand.briefs.activity import render_activity
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.config import load_settings
    from peyvand.services import activity, activity_excel

    start, end = _period(args)
    settings = load_settings()
    db = _open_existing(args)
    try:
        figures = activity.report(db, start, end, dormancy_months=settings.dormancy_months)
    finally:
        db.close()
    out = Path(args.output)
    pdf = write(render_activity(figures, letterhead(settings)), out)
    _out(f"Wrote {out}")
    if args.excel is not None:
        activity_excel.export(figures, args.excel)
        _out(f"Wrote {args.excel}")
    for warning in pdf.warnings("en"):
        print(f"peyvand: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _period(args: argparse.Namespace) -> tuple[Any, Any]:
    """--from/--to as Gregorian dates (typed Jalali, any digit set); each defaults to
    the first or last day of the current Jalali year."""
    from peyvand.services.clock import today
    from peyvand.services.periods import jalali_year_range
    from peyvand.text import JalaliParseError, parse_jalali_date

    first, last = jalali_year_range(today())
    try:
        start = parse_jalali_date(args.date_from) if args.date_from else first
        end = parse_jalali_date(args.date_to) if args.date_to else last
    except JalaliParseError as exc:
        raise PeyvandError(exc.msg_id, value=exc.value) from None
    if end < start:
        raise PeyvandError("calendar.bad_range")
    return start, end


def cmd_calendar_export(args: argparse.Namespace) -> int:
    from peyvand.services import ics_export

    start, end = _period(args)
    db = _open_existing(args)
    try:
        result = ics_export.export(
            db, start, end, Path(args.output), include_classified=args.include_classified
        )
    finally:
        db.close()
    _out(f"Wrote {result.events} events to {args.output}")
    return EXIT_OK


def _period_options(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--from", dest="date_from", metavar="DATE", help="first day, Jalali (default: 1 Farvardin)"
    )
    q.add_argument(
        "--to", dest="date_to", metavar="DATE", help="last day, Jalali (default: end of Esfand)"
    )


def _add_calendar_parser(sub: Any) -> None:
    p = sub.add_parser("calendar", help="the calendar of visits, meetings and deadlines")
    cal_sub = p.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    q = cal_sub.add_parser("export", help="write an iCalendar (.ics) file for Outlook")
    _db_option(q)
    _period_options(q)
    q.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    q.add_argument(
        "--include-classified",
        action="store_true",
        help="also write confidential and secret visits and meetings",
    )
    q.set_defaults(handler=cmd_calendar_export)


# -- checklists and letters -----------------------------------------------------------

_DOCUMENT_SUFFIXES = (".pdf", ".docx")


def _document_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in _DOCUMENT_SUFFIXES:
        raise PeyvandError("cli.document_suffix", path=str(path))
    return suffix[1:]


def cmd_checklist_apply(args: argparse.Namespace) -> int:
    from peyvand.services import checklists
    from peyvand.text import format_jalali_date

    db = _open_existing(args)
    try:
        result = checklists.apply(db, args.visit, args.template)
    finally:
        db.close()
    _out(
        f"Applied '{result.template}' to visit {args.visit}: {len(result.created)} items "
        f"created, {len(result.skipped)} already there"
    )
    for row in result.created:
        due = format_jalali_date(row.due_date, persian_digits=False) if row.due_date else "-"
        _out(f"{row.number}\t{due}\t{row.title}")
    if result.undated:
        _out(f"{result.undated} items have no deadline: the visit has no dates yet.")
    return EXIT_OK


def _partnership_id(db: Any, ref: str) -> Any:
    """A partnership by UUID or by its partner city (as typed, in any spelling)."""
    import uuid

    from sqlmodel import col, select

    from peyvand.domain import Partnership
    from peyvand.text import fold_for_search

    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        pass
    key = fold_for_search(ref)
    with db.reading() as session:
        for row in session.exec(select(Partnership).where(col(Partnership.deleted_at).is_(None))):
            if key in (fold_for_search(row.partner_city), fold_for_search(row.partner_city_en)):
                return row.id
    raise PeyvandError("record.not_found", entity="partnership", ref=ref)


def _record_id(db: Any, model: Any, ref: str) -> Any:
    from peyvand.services.lookup import resolve

    with db.reading() as session:
        return resolve(session, model, ref).id


def cmd_letter_new(args: argparse.Namespace) -> int:
    from peyvand import briefs, word
    from peyvand.briefs.document import write as write_pdf
    from peyvand.config import load_settings
    from peyvand.domain import Meeting, Visit
    from peyvand.domain.enums import Language, LetterKind
    from peyvand.services import letters
    from peyvand.word.writer import write as write_docx

    out = Path(args.output)
    kind = _document_kind(out)  # before anything is written
    settings = load_settings()
    db = _open_existing(args)
    try:
        links = {
            "visit_id": _record_id(db, Visit, args.visit) if args.visit else None,
            "meeting_id": _record_id(db, Meeting, args.meeting) if args.meeting else None,
            "partnership_id": _partnership_id(db, args.partnership) if args.partnership else None,
        }

        def deliver(row: Any) -> None:
            if kind == "pdf":
                write_pdf(briefs.letter_preview(row, settings, db), out)
            else:
                write_docx(word.letter_preview_docx(row, settings, db), out)

        options = {
            "language": Language(args.lang),
            "template": args.template,
            "settings": settings,
            **links,
        }
        if args.draft:
            row = letters.create(db, LetterKind(args.kind), **options)
            deliver(row)
        else:
            row = letters.create_registered(db, LetterKind(args.kind), deliver=deliver, **options)
    finally:
        db.close()
    if args.draft:
        _out(f"Draft letter {row.id} (not registered): {row.subject}")
    else:
        from peyvand.text import format_jalali_date

        day = format_jalali_date(row.letter_date, persian_digits=False) if row.letter_date else ""
        _out(f"Registered letter {row.number} of {day}: {row.subject}")
    _out(f"Wrote {out}")
    return EXIT_OK


def cmd_letter_print(args: argparse.Namespace) -> int:
    from peyvand import briefs, word
    from peyvand.config import load_settings

    out = Path(args.output)
    kind = _document_kind(out)
    settings = load_settings()
    db = _open_existing(args)
    try:
        if kind == "pdf":
            briefs.letter(db, args.ref, out, settings)
        else:
            word.letter_docx(db, args.ref, out, settings)
    finally:
        db.close()
    _out(f"Wrote {out}")
    return EXIT_OK


def _add_letter_parsers(sub: Any) -> None:
    from peyvand.domain.enums import LetterKind

    p = sub.add_parser("checklist", help="protocol checklists of visits")
    c_sub = p.add_subparsers(dest="checklist_command", metavar="ACTION", required=True)
    q = c_sub.add_parser(
        "apply", help="make a template's items follow-ups of a visit, due from its dates"
    )
    _db_option(q)
    q.add_argument("visit", metavar="VISIT_ID", help="short number or UUID")
    q.add_argument(
        "--template",
        metavar="NAME",
        help="template name (default: the first for the visit's direction)",
    )
    q.set_defaults(handler=cmd_checklist_apply)

    p = sub.add_parser("letter", help="letters: write one from its template, print one")
    l_sub = p.add_subparsers(dest="letter_command", metavar="ACTION", required=True)
    q = l_sub.add_parser(
        "new",
        help="compose a letter from its template, register it (numbered in the register) "
        "and write it as PDF or Word",
    )
    _db_option(q)
    q.add_argument("kind", choices=[k.value for k in LetterKind], metavar="KIND",
                   help="one of: " + ", ".join(k.value for k in LetterKind))  # fmt: skip
    about = q.add_mutually_exclusive_group(required=True)
    about.add_argument("--visit", metavar="ID", help="the visit (short number or UUID)")
    about.add_argument("--meeting", metavar="ID", help="the meeting (short number or UUID)")
    about.add_argument("--partnership", metavar="ID", help="the partnership (UUID or city)")
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx")
    q.add_argument("--lang", choices=("fa", "en"), default="fa", help="letter language")
    q.add_argument("--template", metavar="NAME", help="template name (default: the first "
                   "of this kind and language)")  # fmt: skip
    q.add_argument("--draft", action="store_true", help="save as a draft, without a number")
    q.set_defaults(handler=cmd_letter_new)
    q = l_sub.add_parser("print", help="write a letter as PDF or Word")
    _db_option(q)
    q.add_argument("ref", metavar="NUMBER", help="register number (any digits) or UUID")
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx")
    q.set_defaults(handler=cmd_letter_print)


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.passphrase_file is not None:
        text = Path(args.passphrase_file).read_text(encoding="utf-8")
        return text.rstrip("\r\n")
    import getpass

    first = getpass.getpass("Trip package passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise PeyvandError("trip.passphrase_mismatch")
    return first


def cmd_trip_export(args: argparse.Namespace) -> int:
    from peyvand.services.trips import export_visit

    passphrase = _passphrase(args, confirm=True)
    db = _office_db(args)
    try:
        result = export_visit(
            db,
            args.visit,
            Path(args.output),
            passphrase,
            include_confidential=args.include_confidential,
        )
    finally:
        db.close()
    _out(f"Exported visit {result.visit_number}: {result.total} records to {args.output}")
    return EXIT_OK


def cmd_trip_import(args: argparse.Namespace) -> int:
    from peyvand.services.trips import import_package

    passphrase = _passphrase(args)
    db = _office_db(args)
    try:
        result = import_package(
            db,
            Path(args.file),
            passphrase,
            dry_run=args.dry_run,
            backup_folder=_backup_dir_of(db),
        )
    finally:
        db.close()
    verb = "Would merge" if args.dry_run else "Merged"
    _out(
        f"{verb} {args.file}: {result.new} new, {result.changed} changed, "
        f"{result.conflicts} conflicts ({result.kept} kept), {result.unchanged} unchanged"
    )
    for provisional, number in sorted(result.numbers.items()):
        _out(f"  {provisional} -> {number}")
    for change in result.changes:
        _out("  " + _change_line(change, result.numbers))
    for c in result.conflict_list:
        _out(f"  conflict: {c.table} {c.id} {c.field}: office kept, laptop {c.laptop_value!r}")
    if result.conflicts and not args.dry_run:
        _out("Resolve them with 'peyvand conflicts list' and 'peyvand conflicts resolve'.")
    return EXIT_OK


def _change_line(change: Any, numbers: dict[str, str]) -> str:
    """One line per record and field: what the import does (or would do)."""
    title = change.title
    for provisional, number in numbers.items():
        title = title.replace(provisional, number)
    where = f"{change.table} {title}"
    if change.kind == "field":
        return f"{where}: {change.field}: {_shown(change.old)!r} -> {_shown(change.new)!r}"
    return f"{where}: {change.kind}"


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from peyvand.services.conflicts import open_conflicts

    db = _office_db(args)
    try:
        views = open_conflicts(db)
    finally:
        db.close()
    for v in views:
        c = v.conflict
        _out(
            f"{c.seq}\t{c.entity}\t{v.title}\t{c.field}\t"
            f"office={_shown(v.office)}\tlaptop={_shown(v.laptop)}"
        )
    if not views:
        print("no open conflicts", file=sys.stderr)
    return EXIT_OK


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from peyvand.services.conflicts import resolve

    if (args.take == "edited") != (args.value is not None):
        raise PeyvandError("conflict.bad_choice")
    db = _office_db(args)
    try:
        view = resolve(db, args.seq, args.take, value=args.value)
    finally:
        db.close()
    _out(
        f"Resolved conflict {view.seq} ({view.conflict.entity} {view.conflict.field}): {args.take}"
    )
    return EXIT_OK


def _add_trip_parser(sub: Any) -> None:
    p = sub.add_parser("trip", help="trip packages: export a visit, import it back")
    trip_sub = p.add_subparsers(dest="trip_command", metavar="ACTION", required=True)
    q = trip_sub.add_parser("export", help="write a visit into an encrypted trip package")
    _db_option(q)
    q.add_argument("visit", metavar="VISIT_ID", help="short number or UUID")
    q.add_argument("-o", "--output", required=True, metavar="FILE.pvtrip")
    q.add_argument(
        "--include-confidential",
        action="store_true",
        help="also take confidential and secret meetings",
    )
    q.set_defaults(handler=cmd_trip_export)
    q = trip_sub.add_parser("import", help="merge a trip package into the database")
    _db_option(q)
    q.add_argument("file", metavar="FILE.pvtrip")
    q.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    q.set_defaults(handler=cmd_trip_import)

    p = sub.add_parser("conflicts", help="merge conflicts left by trip imports")
    c_sub = p.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    q = c_sub.add_parser("list", help="open conflicts: number, record, field, both values")
    _db_option(q)
    q.set_defaults(handler=cmd_conflicts_list)
    q = c_sub.add_parser("resolve", help="keep the office value, take the laptop's, or set one")
    _db_option(q)
    q.add_argument("seq", type=int, metavar="N", help="conflict number from 'conflicts list'")
    q.add_argument("--take", required=True, choices=("office", "laptop", "edited"))
    q.add_argument("--value", help="the value to set with --take edited")
    q.set_defaults(handler=cmd_conflicts_resolve)


def _add_backup_parsers(sub: Any) -> None:
    p = sub.add_parser("backup", help="verified backup now (default: the backup folder, rotated)")
    _db_option(p)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the backup to this file (or into this folder) instead",
    )
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore", help="replace the database with a backup (the current state is backed up first)"
    )
    _db_option(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore a backup whose checksum is not recorded (made elsewhere) or no "
        "longer matches; every other check still runs",
    )
    p.set_defaults(handler=cmd_restore)


def _add_file_parsers(sub: Any) -> None:
    p = sub.add_parser("demo", help="create a demo database (refuses one that holds data)")
    _db_option(p)
    p.set_defaults(handler=cmd_demo, demo=True)

    p = sub.add_parser("check", help="integrity check and migration state")
    _db_option(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("export", help="export every record to a JSON file")
    _db_option(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.json")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="import a JSON export (all or nothing)")
    _db_option(p)
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    p.set_defaults(handler=cmd_import)


def _add_search_parser(sub: Any) -> None:
    p = sub.add_parser("search", help="search every record (Persian-normalized)")
    _db_option(p)
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_search)


def _add_list_parser(sub: Any) -> None:
    p = sub.add_parser("list", help="one line per record: number, Jalali date, title")
    _db_option(p)
    p.add_argument("kind", choices=LISTABLE)
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_list)


def _add_server_parser(sub: Any) -> None:
    from peyvand.cli_server import add_server_parser

    add_server_parser(sub, _db_option)


def _add_screenshot_parser(sub: Any) -> None:
    p = sub.add_parser("screenshot", help="render the main screens to PNG files (offscreen)")
    _db_option(p)
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=cmd_screenshot)


# Each command, by the function that adds its parser, in the order `--help` lists them.
COMMANDS: tuple[tuple[tuple[str, ...], Callable[[Any], None]], ...] = (
    (("demo", "check", "export", "import"), _add_file_parsers),
    (("backup", "restore"), _add_backup_parsers),
    (("search",), _add_search_parser),
    (("list",), _add_list_parser),
    (("brief",), _add_brief_parser),
    (("checklist", "letter"), _add_letter_parsers),
    (("trip", "conflicts"), _add_trip_parser),
    (("calendar",), _add_calendar_parser),
    (("server",), _add_server_parser),
    (("screenshot",), _add_screenshot_parser),
)

# The top-level options that take a value: the token after one is not a command.
_VALUE_OPTIONS = ("--db", "--passphrase-file", "--trip")


def command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names; "" for none (the window); None when every parser is
    needed: help asked before a command, or a word that is no command (a typo)."""
    names = {name for group, _add in COMMANDS for name in group}
    tokens = iter(argv)
    for token in tokens:
        if token in ("-h", "--help"):
            return None
        if token.startswith("-"):
            # argparse takes unambiguous abbreviations (--pass) and --opt=value.
            if "=" not in token and any(o.startswith(token) for o in _VALUE_OPTIONS) and (
                len(token) > 2
            ):
                next(tokens, None)
            continue
        return token if token in names else None
    return ""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``argv``, only the parser of the command it names (all of
    them when it names none). argparse builds some 300 arguments for every command,
    about 20-40 ms of each run of a short command (issue 16: `list` in <= 0.3 s)."""
    parser = argparse.ArgumentParser(
        prog="peyvand",
        description="Peyvand: the international relations office's visits, meetings, "
        "minutes, follow-ups and Persian briefs.",
    )
    parser.add_argument("--version", action="version", version=f"peyvand {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the demo database (created with sample data when missing)",
    )
    _db_option(parser, top=True)
    parser.add_argument(
        "--trip",
        type=Path,
        metavar="FILE.pvtrip",
        help="open a trip package in trip mode (asks for its passphrase)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, load the dashboard, and exit (for build checks)",
    )
    parser.set_defaults(handler=cmd_launch)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    wanted = command_in(argv) if argv is not None else None
    for names, add in COMMANDS:
        if wanted is None or wanted in names:  # "" (the window): no command's parser
            add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
    handler: Handler = args.handler
    try:
        if handler is not cmd_launch:  # the GUI sets up its own (app.run)
            _prepare_storage()
        return handler(args)
    except PeyvandError as exc:
        print(f"peyvand: error: {exc.message('en')}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        # A file the user named could not be read or written (disk full, no access).
        from peyvand.storage.failures import from_os_error

        # Without a file name in the error (a write to an open file), the file the
        # command writes is the one on the full or read-only disk.
        disk = from_os_error(exc, getattr(args, "output", None))
        if disk is not None:
            print(f"peyvand: error: {disk.message('en')}", file=sys.stderr)
        else:
            target = exc.filename or ""
            print(f"peyvand: error: {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
