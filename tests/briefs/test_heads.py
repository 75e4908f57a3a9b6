"""The letterhead: the settings' names, and with a database their English names from the
address book (the English itinerary's head), read through Core (briefs/heads.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from peyvand.briefs.heads import Letterhead, letterhead
from peyvand.config import Settings
from peyvand.domain import Organization, Unit
from peyvand.services import records
from peyvand.storage.database import Database


def test_english_names_come_from_the_live_record_of_the_same_name(
    demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_path, path)
    db = Database.open(path)
    try:
        removed = records.create_row(
            db, Organization, {"name": "شهرداری نمونه", "name_en": "Old Name"}
        )
        records.delete_row(db, Organization, removed.id)
        records.create_row(db, Organization, {"name": "شهرداري نمونه", "name_en": "Sample City"})
        ir_office = {"name": "اداره روابط بین الملل نمونه", "name_en": "IR Office"}
        records.create_row(db, Unit, ir_office)
        records.create_row(db, Unit, {"name": "واحد دیگر", "name_en": "Other"})
        # Typed with a Persian yeh and a ZWNJ where the address book has an Arabic yeh and
        # a space: folded alike, as a search would match them.
        settings = Settings(
            letterhead_org="شهرداری نمونه", letterhead_unit="اداره روابط بین‌الملل نمونه"
        )
        assert letterhead(settings, db) == Letterhead(
            "شهرداری نمونه", "اداره روابط بین‌الملل نمونه", None, "Sample City", "IR Office"
        )
        # Without a database (the Persian briefs), no lookup at all.
        assert letterhead(settings) == Letterhead(
            "شهرداری نمونه", "اداره روابط بین‌الملل نمونه"
        )
        unknown = Settings(letterhead_org="سازمان ناشناس", letterhead_unit="")
        assert (letterhead(unknown, db).org_en, letterhead(unknown, db).unit_en) == ("", "")
    finally:
        db.close()
