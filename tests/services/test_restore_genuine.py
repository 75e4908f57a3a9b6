"""Restore restores only a genuine backup: crafted backups (an extra trigger or view, a
dropped column, poisoned blobs, forged numbers and counters) are refused with nothing
changed, even with force; a backup that changed since it was made, or has no recorded
checksum, needs force. Every hostile file is a real SQLite file made from a genuine
backup with raw SQL (``PRAGMA writable_schema`` where SQLite itself would refuse)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from peyvand.cli import build_demo, main
from peyvand.domain.errors import PeyvandError
from peyvand.services import backups
from peyvand.storage import backup_catalogue as catalogue
from peyvand.storage.database import Database


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    build_demo(path)
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(office_template, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def genuine(office: Path, folder: Path) -> Path:
    """A backup made by Peyvand, with its checksum in the catalogue beside it."""
    return backups.backup_now(office, backups.MANUAL, folder=folder).path


def digest(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ):
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"')):
                h.update(f"{name}:{row}\n".encode("utf-8", "surrogatepass"))
        schema = sorted(repr(r) for r in conn.execute("SELECT * FROM sqlite_master"))
        h.update("\n".join(schema).encode())
        return h.hexdigest()
    finally:
        conn.close()


def _crafted(genuine: Path, tmp_path: Path, *statements: str, name: str = "x") -> Path:
    """A copy of a genuine backup changed by raw SQL (outside the backup folder: no
    checksum of its own — refusals below come from the content, not the checksum)."""
    path = tmp_path / f"crafted-{name}.sqlite3"
    shutil.copyfile(genuine, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()
    return path


def _refused(source: Path, office: Path, folder: Path, msg_id: str) -> PeyvandError:
    folder.mkdir(parents=True, exist_ok=True)
    before = (digest(office), sorted(p.name for p in folder.iterdir()))
    with pytest.raises(PeyvandError) as caught:
        # force: whatever the checksum says, content is never trusted.
        backups.restore(source, office, folder=folder, force=True)
    assert caught.value.msg_id == msg_id, caught.value
    assert (digest(office), sorted(p.name for p in folder.iterdir())) == before
    assert caught.value.message("fa") != msg_id
    return caught.value


# --- the schema ------------------------------------------------------------------------


CRAFTED_SCHEMAS: dict[str, tuple[tuple[str, ...], str]] = {
    "trigger": (
        (
            "CREATE TRIGGER wipe AFTER UPDATE ON meeting BEGIN "
            "UPDATE statement SET deleted_at = NULL, text = ''; "
            "UPDATE person SET email = 'x@evil.example'; END",
        ),
        "extra trigger wipe",
    ),
    "view": (("CREATE VIEW leak AS SELECT email FROM person",), "extra view leak"),
    "trigger named sqlite_stat1": (
        (
            "PRAGMA writable_schema = ON",
            "INSERT INTO sqlite_master VALUES ('trigger', 'sqlite_stat4', 'statement', 0, "
            "'CREATE TRIGGER sqlite_stat4 AFTER INSERT ON statement BEGIN "
            "DELETE FROM statement; END')",
        ),
        "sqlite_stat4",
    ),
    "dropped column": (("ALTER TABLE person DROP COLUMN protocol_notes",), "changed table person"),
    "extra index": (("CREATE INDEX ix_spy ON person (email)",), "extra index ix_spy"),
    "changed default": (
        (
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'email VARCHAR(120) NOT NULL', "
            "'email VARCHAR(120) NOT NULL DEFAULT ''x@evil.example''') WHERE name = 'person'",
        ),
        "changed table person",
    ),
}


@pytest.mark.parametrize("kind", sorted(CRAFTED_SCHEMAS))
def test_a_backup_with_another_schema_is_refused(
    genuine: Path, office: Path, folder: Path, tmp_path: Path, kind: str
) -> None:
    statements, detail = CRAFTED_SCHEMAS[kind]
    source = _crafted(genuine, tmp_path, *statements)
    error = _refused(source, office, folder, "restore.bad_schema")
    assert detail in error.params["detail"]


def test_a_backup_of_an_older_revision_is_checked_against_that_revision(
    office: Path, folder: Path, tmp_path: Path
) -> None:
    from alembic import command

    from peyvand.storage import migrate
    from peyvand.storage.engine import make_engine

    old = tmp_path / "old.sqlite3"
    engine = make_engine(old)
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
    engine.dispose()
    sound = tmp_path / "sound.sqlite3"
    shutil.copyfile(old, sound)
    conn = sqlite3.connect(old)
    conn.execute("CREATE TRIGGER spy AFTER INSERT ON person BEGIN SELECT 1; END")
    conn.close()
    assert (
        "extra trigger spy" in _refused(old, office, folder, "restore.bad_schema").params["detail"]
    )
    result = backups.restore(sound, office, folder=folder, force=True)
    assert result.revision == "0003"
    Database.open(office, backup_dir=folder).close()  # migrated forward after the restore


# --- content ---------------------------------------------------------------------------


CRAFTED_CONTENT: dict[str, tuple[tuple[str, ...], str, str]] = {
    "blob bytes": (
        ("UPDATE blob SET data = CAST('poison' AS BLOB), size = 6",),
        "restore.bad_blob",
        "SHA-256",
    ),
    "blob size": (("UPDATE blob SET size = size + 1",), "restore.bad_blob", "size"),
    "blob as text": (("UPDATE blob SET data = 'text'",), "restore.bad_blob", "no bytes"),
    "revision at the 64-bit edge": (
        ("UPDATE meeting SET revision = 9223372036854775807 WHERE number = '1405-001'",),
        "restore.bad_value",
        "revision",
    ),
    "revision beyond the domain's 32 bits (the bound every import uses)": (
        ("UPDATE meeting SET revision = 2147483648 WHERE number = '1405-001'",),
        "restore.bad_value",
        "revision",
    ),
    "revision as text": (
        ("UPDATE person SET revision = 'one' WHERE rowid = 1",),
        "restore.bad_value",
        "revision",
    ),
    "number at the 64-bit edge": (
        (
            "UPDATE meeting SET number = '1405-9223372036854775807' WHERE number = '1405-001'",
            "UPDATE number_counter SET last = 9223372036854775807 "
            "WHERE kind = 'meeting' AND year = 1405",
        ),
        "restore.bad_value",
        "1405-9223372036854775807",
    ),
    "number beyond 64 bits": (
        ("UPDATE meeting SET number = '1405-99999999999999999999' WHERE number = '1405-001'",),
        "restore.bad_value",
        "number",
    ),
    "year beyond 64 bits": (
        ("UPDATE meeting SET number = '99999999999999999999-001' WHERE number = '1405-001'",),
        "restore.bad_value",
        "number",
    ),
    "number as bytes": (
        ("UPDATE meeting SET number = x'31343035' WHERE number = '1405-001'",),
        "restore.bad_value",
        "number",
    ),
    "counter behind the numbers": (
        ("UPDATE number_counter SET last = 1 WHERE kind = 'meeting' AND year = 1405",),
        "restore.bad_value",
        "counter only 1",
    ),
    "counter beyond 64 bits": (
        ("UPDATE number_counter SET last = 1e19 WHERE kind = 'meeting' AND year = 1405",),
        "restore.bad_value",
        "number counter",
    ),
    "counter as text": (
        ("UPDATE number_counter SET year = 'هزار' WHERE kind = 'meeting' AND year = 1405",),
        "restore.bad_value",
        "number counter",
    ),
    "dangling reference": (
        (
            "PRAGMA foreign_keys = OFF",
            "UPDATE statement SET meeting_id = '00000000000000000000000000000000' WHERE rowid = 1",
        ),
        "restore.corrupt",
        "foreign key",
    ),
}


@pytest.mark.parametrize("kind", sorted(CRAFTED_CONTENT))
def test_a_backup_with_forged_content_is_refused(
    genuine: Path, office: Path, folder: Path, tmp_path: Path, kind: str
) -> None:
    statements, msg_id, detail = CRAFTED_CONTENT[kind]
    source = _crafted(genuine, tmp_path, *statements)
    assert detail in str(_refused(source, office, folder, msg_id))


# --- the checksum ----------------------------------------------------------------------


def test_every_backup_gets_its_checksum_beside_it(genuine: Path, folder: Path) -> None:
    line = catalogue.catalogue_path(folder).read_text(encoding="utf-8").splitlines()
    assert line == [f"{catalogue.sha256_of(genuine)}  {genuine.name}"]  # sha256sum -c form
    assert catalogue.status(genuine, catalogue.sha256_of(genuine)) == "ok"


def test_a_genuine_backup_is_restored(
    genuine: Path, office: Path, folder: Path, office_template: Path
) -> None:
    conn = sqlite3.connect(office)
    conn.execute("UPDATE person SET name = 'پس از پشتیبان'")
    conn.commit()
    conn.close()
    result = backups.restore(genuine, office, folder=folder)
    assert result.checksum == "ok"
    assert digest(office) == digest(office_template)


def test_a_bit_flip_inside_a_row_is_refused_as_changed(
    genuine: Path, office: Path, folder: Path
) -> None:
    conn = sqlite3.connect(genuine)
    (email,) = conn.execute("SELECT email FROM person WHERE email LIKE '%@%' LIMIT 1").fetchone()
    conn.close()
    data = bytearray(genuine.read_bytes())
    offset = data.find(email.encode())  # inside a person's row
    assert offset > 0
    data[offset] ^= 0x01  # one bit of one letter of an e-mail address
    genuine.write_bytes(bytes(data))
    conn = sqlite3.connect(genuine)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite sees nothing
    conn.close()
    before = digest(office)
    with pytest.raises(PeyvandError) as caught:
        backups.restore(genuine, office, folder=folder)
    assert caught.value.msg_id == "restore.changed"
    assert "--force" in caught.value.message("en")
    assert "تغییر کرده" in caught.value.message("fa")
    assert digest(office) == before
    result = backups.restore(genuine, office, folder=folder, force=True)
    assert result.checksum == "changed"


def test_a_backup_made_elsewhere_needs_force(
    genuine: Path, office: Path, folder: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = stick / genuine.name
    shutil.copyfile(genuine, copy)  # the file alone, without its folder's catalogue
    before = digest(office)
    with pytest.raises(PeyvandError) as caught:
        backups.restore(copy, office, folder=folder)
    assert caught.value.msg_id == "restore.unverified"
    assert digest(office) == before
    assert backups.restore(copy, office, folder=folder, force=True).checksum == "unknown"


def test_the_checksum_of_a_rotated_backup_is_forgotten(office: Path, folder: Path) -> None:
    import datetime as dt

    from peyvand.services.clock import FixedClock

    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    for day in range(12):
        backups.backup_now(
            office, backups.MANUAL, folder=folder, clock=FixedClock(start + dt.timedelta(days=day))
        )
    kept = {p.name for p in folder.glob("*.sqlite3")}
    assert set(catalogue.read(folder)) == kept


def test_the_command_line_asks_for_force(
    genuine: Path, office: Path, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from peyvand.config import Settings, save_settings

    save_settings(Settings(backup_dir=str(folder)))
    elsewhere = tmp_path / "from-a-colleague.sqlite3"
    shutil.copyfile(genuine, elsewhere)
    assert main(["restore", str(elsewhere), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("peyvand: error: No checksum was recorded for the backup")
    assert "--force" in err and "Traceback" not in err
    assert main(["restore", str(elsewhere), "--db", str(office), "--force"]) == 0
    out = capsys.readouterr().out
    assert "has no recorded checksum; restored because of --force" in out


def test_a_crafted_backup_is_refused_on_the_command_line_even_with_force(
    genuine: Path, office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _crafted(genuine, tmp_path, *CRAFTED_SCHEMAS["trigger"][0])
    before = digest(office)
    assert main(["restore", str(source), "--db", str(office), "--force"]) == 1
    err = capsys.readouterr().err
    assert "does not have the tables of a Peyvand backup (extra trigger wipe)" in err
    assert digest(office) == before
