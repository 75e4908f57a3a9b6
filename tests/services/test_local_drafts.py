"""Drafts kept on this computer while the office server is away (services/local_drafts.py):
one file per form, per database, written whole or not at all."""

from __future__ import annotations

import datetime as dt

from peyvand.paths import data_dir
from peyvand.services import local_drafts

SERVER = "postgresql://maryam@office-db:5432/peyvand"
AT = dt.datetime(2026, 12, 7, 10, 30, tzinfo=dt.UTC)


def test_a_draft_comes_back_as_it_was_saved() -> None:
    payload = {"title_edit": "دیدار با هیئت", "minutes": {"statements": [{"text": "سخن"}]}}
    local_drafts.save(SERVER, "meeting:1", "meeting", "جلسه", payload, saved_at=AT)
    kept = local_drafts.load(SERVER, "meeting:1")
    assert kept is not None
    assert kept["payload"] == payload
    assert kept["saved_at"] == AT
    assert local_drafts.keys(SERVER) == ["meeting:1"]


def test_drafts_of_another_server_are_not_found() -> None:
    local_drafts.save(SERVER, "meeting:1", "meeting", "جلسه", {"a": 1}, saved_at=AT)
    assert local_drafts.load("postgresql://other/peyvand", "meeting:1") is None


def test_no_address_is_written_in_clear_and_discard_removes_the_file() -> None:
    path = local_drafts.save(SERVER, "meeting:1", "meeting", "جلسه", {"a": 1}, saved_at=AT)
    assert path.is_relative_to(data_dir())
    assert "office-db" not in str(path)
    local_drafts.discard(SERVER, "meeting:1")
    assert not path.exists()
    assert local_drafts.load(SERVER, "meeting:1") is None


def test_a_damaged_file_is_no_draft() -> None:
    path = local_drafts.save(SERVER, "meeting:1", "meeting", "جلسه", {"a": 1}, saved_at=AT)
    path.write_text("{not json", encoding="utf-8")
    assert local_drafts.load(SERVER, "meeting:1") is None
