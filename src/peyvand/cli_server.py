"""``peyvand server …``: setting up, upgrading and backing up the office server.

The office's IT runs these (docs/office-mode.md): ``init`` creates the schema in an
empty PostgreSQL database, ``upgrade`` migrates it after an update, ``backup`` and
``restore`` wrap PostgreSQL's own ``pg_dump``/``pg_restore`` (the server's backups are
the server's job, not a workstation's), ``import-local`` moves a workstation's file onto
the server. English output; a refusal is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peyvand.errors import PeyvandError

if TYPE_CHECKING:
    from peyvand.storage.server_database import ServerDatabase

DbOption = Callable[..., None]


def _out(line: str) -> None:
    print(line)


def _url(args: argparse.Namespace) -> str:
    from peyvand.storage.location import is_server

    spec = str(getattr(args, "db", None) or "")
    if not is_server(spec):
        raise PeyvandError("server.bad_url", url=spec or "(none)")
    return spec


def server_demo(spec: str) -> dict[str, int]:
    """``peyvand demo --db URL``: the demo data into an empty server database."""
    from peyvand.services.demo import load_demo
    from peyvand.storage.server_database import ServerDatabase

    db = ServerDatabase.connect(spec)
    try:
        if not db.is_empty():
            raise PeyvandError("db.not_empty", path=db.label)
        return load_demo(db).counts
    finally:
        db.close()


def cmd_init(args: argparse.Namespace) -> int:
    from peyvand.storage.server_database import ServerDatabase

    db, created = ServerDatabase.initialize(_url(args))
    try:
        state = db.schema_state()
        verb = "Created the Peyvand schema" if created else "Already set up"
        _out(f"{verb} on {db.label} (schema {state.revision})")
        _leakproof_note(db)
    finally:
        db.close()
    return 0


def _leakproof_note(db: ServerDatabase) -> None:
    from peyvand.storage import access

    if not db.search_is_leakproof():
        statements = " ".join(
            f"ALTER FUNCTION pg_catalog.{s} LEAKPROOF;" for s in access.LEAKPROOF_SEARCH
        )
        _out(
            "Note: searches by colleagues who are not cleared will read the whole search "
            "table until a superuser runs `peyvand server upgrade` or, in this database: "
            f"{statements} (docs/office-mode.md, «Cost»)"
        )


def cmd_upgrade(args: argparse.Namespace) -> int:
    from peyvand.storage.location import describe
    from peyvand.storage.server_database import ServerDatabase

    spec = _url(args)
    before, after = ServerDatabase.upgrade(spec, ignore_others=args.force)
    if before == after:
        _out(f"{describe(spec)} is already at schema {after}")
    else:
        _out(f"Upgraded {describe(spec)} from schema {before} to {after}")
    db = ServerDatabase.connect(spec)
    try:
        _leakproof_note(db)
    finally:
        db.close()
    return 0


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PeyvandError("server.tool_missing", tool=name)
    return found


def _libpq_env(spec: str) -> tuple[str, dict[str, str]]:
    """The URL for PostgreSQL's own tools, and their environment: the password from the
    credential store goes in PGPASSWORD of the child only (never on a command line)."""
    from peyvand.storage import server

    url = server.server_url(spec)
    env = dict(os.environ)
    if not url.password:
        stored = server.stored_password(url)
        if stored:
            env["PGPASSWORD"] = stored
    return url.set(drivername="postgresql").render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PeyvandError("server.tool_failed", tool=what, detail=(detail or ["?"])[-1][:300])


def cmd_backup(args: argparse.Namespace) -> int:
    """``pg_dump -Fc`` of the whole database (schema, rows, row-level security policies,
    grants), checked readable with ``pg_restore --list``."""
    from peyvand.storage.location import describe

    spec = _url(args)
    target = Path(args.output)
    if target.exists():
        raise PeyvandError("server.backup_exists", path=str(target))
    conninfo, env = _libpq_env(spec)
    partial = target.with_name(target.name + ".partial")
    try:
        _run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(partial), conninfo], env, "pg_dump")
        _run([_tool("pg_restore"), "--list", str(partial)], env, "pg_restore --list")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    _out(f"Backed up {describe(spec)} to {target} ({target.stat().st_size:,} bytes)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """The restore drill: ``pg_restore`` a backup into an EMPTY database (never over the
    office's live one), in one transaction, then check it as ``peyvand check`` does."""
    from peyvand.storage import migrate
    from peyvand.storage.location import describe
    from peyvand.storage.server_database import ServerDatabase

    spec = _url(args)
    source = Path(args.file)
    if not source.is_file():
        raise PeyvandError("restore.missing", path=str(source))
    probe = ServerDatabase._engines(spec)
    try:
        with probe.read_engine.connect() as conn:
            state = migrate.inspect_server(conn, probe.label)
        if state.revision is not None:
            raise PeyvandError("server.restore_not_empty", server=probe.label)
    finally:
        probe.close()
    conninfo, env = _libpq_env(spec)
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            conninfo,
            str(source),
        ],
        env,
        "pg_restore",
    )
    db = ServerDatabase.connect(spec)
    try:
        problems = db.integrity_problems()
        state = db.schema_state()
    finally:
        db.close()
    if problems:
        raise PeyvandError("db.corrupt", path=describe(spec), detail=problems[0])
    _out(f"Restored {source} into {describe(spec)} (schema {state.revision}); check: ok")
    return 0


def cmd_import_local(args: argparse.Namespace) -> int:
    """A workstation's file onto the server: copied whole into an empty server, merged
    into one that holds data (conflicts on the conflicts screen, clashing numbers
    renumbered and listed)."""
    from peyvand.services.local_import import import_local
    from peyvand.storage.server_database import ServerDatabase

    db = ServerDatabase.connect(_url(args))
    try:
        result = import_local(db, Path(args.file), dry_run=args.dry_run)
    finally:
        db.close()
    verb = "Would move" if args.dry_run else "Moved"
    how = "copied whole and verified" if result.copied_whole else "merged"
    _out(f"{verb} {result.source} onto {result.target} ({how})")
    for table, count in result.counts.items():
        if count:
            _out(f"  {table}: {count}")
    if not result.copied_whole:
        _out(f"  unchanged: {result.unchanged}; conflicts: {result.conflicts}")
        for r in result.renumbered:
            _out(f"  renumbered {r.table} {r.old} -> {r.new} ({r.title})")
        if result.conflicts:
            _out("Resolve the conflicts with 'peyvand conflicts list' or in the window.")
    return 0


def _user_db(args: argparse.Namespace) -> Any:
    from peyvand.config import load_settings
    from peyvand.services.accounts import current
    from peyvand.storage.server_database import ServerDatabase

    db = ServerDatabase.connect(_url(args))
    try:
        current(db, load_settings())
    except BaseException:
        db.close()
        raise
    return db


def _password(args: argparse.Namespace) -> str | None:
    """From stdin (one line) with --password-stdin, none with --no-password (Kerberos or
    SSPI single sign-on), else asked for twice. Never on the command line."""
    import getpass
    import sys

    if args.no_password:
        return None
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise PeyvandError("account.password_mismatch")
        return line
    first = getpass.getpass(f"Password for {args.name}: ")
    if not first or getpass.getpass("Repeat the password: ") != first:
        raise PeyvandError("account.password_mismatch")
    return first


def _uuid_of(db: Any, model: Any, ref: str | None) -> Any:
    """A person or unit named by UUID, by its exact name, or (a unit) by its code."""
    if not ref:
        return None
    import uuid

    from sqlmodel import col, or_, select

    from peyvand.errors import NotFoundError
    from peyvand.services import lookup
    from peyvand.text import normalize_input

    with db.reading() as session:
        try:
            uuid.UUID(ref)
        except ValueError:
            name = normalize_input(ref)
            named = col(model.name) == name
            if hasattr(model, "code"):
                named = or_(named, col(model.code) == name)
            found = session.exec(select(model).where(named, col(model.deleted_at).is_(None))).all()
            if len(found) == 1:
                return found[0].id
            entity = str(model.__tablename__)
            raise NotFoundError("record.not_found", entity=entity, ref=ref) from None
        return lookup.resolve(session, model, ref).id


def _roles_text(account: Any) -> str:
    return ",".join(sorted(role.value for role in account.roles)) or "-"


def _account_line(account: Any) -> str:
    state = "disabled" if account.disabled else "active"
    person = str(account.person_id) if account.person_id else "-"
    unit = str(account.unit_id) if account.unit_id else "-"
    return (
        f"{account.login}\t{_roles_text(account)}\t{state}\t{account.display_name or '-'}"
        f"\tperson {person}\tunit {unit}"
    )


def cmd_user_add(args: argparse.Namespace) -> int:
    from peyvand.domain import Person, Unit
    from peyvand.services import accounts

    db = _user_db(args)
    try:
        person = _uuid_of(db, Person, args.person)
        unit = _uuid_of(db, Unit, args.unit)
        password = _password(args)
        account = accounts.add_account(
            db,
            args.name,
            args.role,
            password=password,
            display_name=args.display_name or "",
            person_id=person,
            unit_id=unit,
        )
    finally:
        db.close()
    _out(f"Added {account.login} ({_roles_text(account)}) on {db.label}")
    return 0


def cmd_user_roles(args: argparse.Namespace) -> int:
    from peyvand.services import accounts

    db = _user_db(args)
    try:
        account = accounts.set_roles(db, args.name, args.role)
    finally:
        db.close()
    _out(f"{account.login} now holds: {_roles_text(account)}")
    return 0


def cmd_user_link(args: argparse.Namespace) -> int:
    from peyvand.domain import Person, Unit
    from peyvand.services import accounts

    db = _user_db(args)
    try:
        account = accounts.link(
            db, args.name, _uuid_of(db, Person, args.person), _uuid_of(db, Unit, args.unit)
        )
    finally:
        db.close()
    _out(f"Linked {_account_line(account)}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from peyvand.services import accounts

    db = _user_db(args)
    try:
        account = accounts.disable(db, args.name)
    finally:
        db.close()
    _out(f"Disabled {account.login}: it can no longer sign in (its history keeps its name)")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from peyvand.services import accounts

    db = _user_db(args)
    try:
        found = accounts.accounts(db)
    finally:
        db.close()
    for account in found:
        _out(_account_line(account))
    if not found:
        _out("No accounts yet: add one with 'peyvand server user add NAME --role staff'.")
    return 0


_ROLE_CHOICES = ("reader", "staff", "cleared", "admin")


def _add_user_parser(s: Any, db_option: DbOption) -> None:
    p = s.add_parser("user", help="the office's accounts: add, change roles, link, disable")
    u = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    role_help = "a role (reader, staff, cleared, admin); repeat for several"
    q = u.add_parser("add", help="add a colleague's login with their roles")
    db_option(q)
    q.add_argument("name", metavar="NAME", help="the PostgreSQL login")
    q.add_argument("--role", action="append", required=True, choices=_ROLE_CHOICES, help=role_help)
    q.add_argument("--unit", metavar="U", help="their unit (name, code or UUID)")
    q.add_argument("--person", metavar="P", help="the person they are (name or UUID)")
    q.add_argument("--display-name", metavar="N", help="the name the audit trail shows")
    how = q.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin", action="store_true", help="read the password from one line of stdin"
    )
    how.add_argument(
        "--no-password",
        action="store_true",
        help="no password: single sign-on (Kerberos/SSPI) only",
    )
    q.set_defaults(handler=cmd_user_add)
    q = u.add_parser("roles", help="set exactly these roles (the others are revoked)")
    db_option(q)
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", action="append", required=True, choices=_ROLE_CHOICES, help=role_help)
    q.set_defaults(handler=cmd_user_roles)
    q = u.add_parser("link", help="link a login to the person it is and their unit")
    db_option(q)
    q.add_argument("name", metavar="NAME")
    q.add_argument("--person", metavar="P")
    q.add_argument("--unit", metavar="U")
    q.set_defaults(handler=cmd_user_link)
    q = u.add_parser("disable", help="the login may no longer sign in (never deleted)")
    db_option(q)
    q.add_argument("name", metavar="NAME")
    q.set_defaults(handler=cmd_user_disable)
    q = u.add_parser("list", help="every account: login, roles, state, name")
    db_option(q)
    q.set_defaults(handler=cmd_user_list)


def add_server_parser(sub: Any, db_option: DbOption) -> None:
    p = sub.add_parser(
        "server", help="office mode: set up, upgrade and back up the PostgreSQL server"
    )
    s = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    q = s.add_parser("init", help="create the Peyvand schema in an empty database")
    db_option(q)
    q.set_defaults(handler=cmd_init)
    q = s.add_parser("upgrade", help="migrate the schema after an update of Peyvand")
    db_option(q)
    q.add_argument(
        "--force", action="store_true", help="even while other workstations are connected"
    )
    q.set_defaults(handler=cmd_upgrade)
    q = s.add_parser("backup", help="pg_dump -Fc of the server database into FILE")
    db_option(q)
    q.add_argument("-o", "--output", required=True, metavar="FILE.dump")
    q.set_defaults(handler=cmd_backup)
    q = s.add_parser(
        "restore", help="pg_restore FILE into an empty database (the drill), then check it"
    )
    db_option(q)
    q.add_argument("file", metavar="FILE.dump")
    q.set_defaults(handler=cmd_restore)
    q = s.add_parser("import-local", help="move a workstation's database file onto the server")
    db_option(q)
    q.add_argument("file", metavar="FILE.sqlite3")
    q.add_argument("--dry-run", action="store_true", help="do it all, then roll back")
    q.set_defaults(handler=cmd_import_local)
    _add_user_parser(s, db_option)
