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
from typing import Any

from peyvand.errors import PeyvandError

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
    finally:
        db.close()
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    from peyvand.storage.location import describe
    from peyvand.storage.server_database import ServerDatabase

    spec = _url(args)
    before, after = ServerDatabase.upgrade(spec, ignore_others=args.force)
    if before == after:
        _out(f"{describe(spec)} is already at schema {after}")
    else:
        _out(f"Upgraded {describe(spec)} from schema {before} to {after}")
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
    q = s.add_parser(
        "import-local", help="move a workstation's database file onto the server"
    )
    db_option(q)
    q.add_argument("file", metavar="FILE.sqlite3")
    q.add_argument("--dry-run", action="store_true", help="do it all, then roll back")
    q.set_defaults(handler=cmd_import_local)
