"""The window on the office server (office mode), on a real PostgreSQL database: another
workstation's save refreshes the lists and tells an open editor (banner); a stale save
shows what the other person changed and reloads theirs with my edits; a server that
goes away is a banner, the form's draft is kept on this computer, and the save is made
when the server is back — nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from peyvand.domain import Meeting
from peyvand.services import drafts, local_drafts, minutes, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.server_database import ServerDatabase
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.stale_save_dialog import StaleSaveDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.list_screen import ListScreen

from .conftest import FIXED_NOW, type_text
from .office_support import Proxy, other_workstation

pytestmark = pytest.mark.parametrize("engine", ["postgresql"], indirect=True, scope="module")

DAY = dt.date(2026, 11, 20)
COLLEAGUE = "maryam"


def new_meeting(db: Database, title: str) -> uuid.UUID:
    return minutes.save(db, None, {"title": title, "date": DAY}).detail.meeting.id


def colleague_saves(db: Database, meeting_id: uuid.UUID, **changes: Any) -> None:
    """Another workstation (another process, another person) saves the meeting."""
    with other_workstation(), db.session(actor=COLLEAGUE) as session:
        records.update(session, Meeting, meeting_id, changes)


@pytest.fixture
def window(app: Any, db: Database, qtbot: QtBot) -> Iterator[MainWindow]:
    new_meeting(db, "جلسهٔ نخست")  # not an empty database: no welcome page
    context = AppContext(db=db, clock=FixedClock(FIXED_NOW), draft_interval_ms=100)
    main = MainWindow(context)
    main.show()
    assert main.office is not None
    qtbot.waitUntil(lambda: main.office.link.listening, timeout=5000)  # type: ignore[union-attr]
    yield main
    for editor in main.open_editors():
        editor.set_dirty(False)
    main.close()


def open_meeting(window: MainWindow, meeting_id: uuid.UUID) -> MeetingEditor:
    editor = window.open_record("meeting", meeting_id)
    assert isinstance(editor, MeetingEditor)
    return editor


def test_the_window_names_the_server_and_takes_no_local_backups(window: MainWindow) -> None:
    db = window.context.db
    shown = window.office.status.text()  # type: ignore[union-attr]
    assert f"{db.url.database}\u2069 روی \u2066{db.url.host or 'localhost'}:" in shown  # type: ignore[attr-defined]
    assert " on " not in shown  # the command line's English wording stays out of the window
    assert window.ui.status_bar.currentMessage() == ""  # named once, not twice
    assert not window.ui.backup_now_action.isEnabled()
    assert not window.ui.restore_action.isEnabled()
    assert window.start_automatic_backup() is None


def test_another_workstations_save_refreshes_the_open_list(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    screen = window.show_screen("meetings")
    assert isinstance(screen, ListScreen)
    qtbot.waitUntil(lambda: not screen.model.loading and screen.model.total == 1)
    with other_workstation():
        new_meeting(db, "دیدار با هیئت کازان")
    # Within a second, without anyone pressing «تازه‌سازی».
    qtbot.waitUntil(lambda: screen.model.total == 2, timeout=1000)


def test_an_open_editor_shows_a_banner_and_reloads_on_request(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    meeting_id = new_meeting(db, "هماهنگی برنامه‌ها")
    editor = open_meeting(window, meeting_id)
    colleague_saves(db, meeting_id, title="هماهنگی برنامه‌های مشترک")
    banner = editor.sync.banner
    qtbot.waitUntil(banner.isVisible, timeout=1000)
    assert COLLEAGUE in banner.text() and "تغییر داده است" in banner.text()
    # Nothing on screen was replaced by itself.
    assert editor.details.ui.title_edit.text() == "هماهنگی برنامه‌ها"
    banner.buttons["reload"].click()
    assert editor.details.ui.title_edit.text() == "هماهنگی برنامه‌های مشترک"
    assert not banner.isVisible()
    assert not editor.is_dirty()


def test_a_stale_save_reloads_theirs_with_my_edits(
    window: MainWindow, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = new_meeting(db, "دیدار")
    editor = open_meeting(window, meeting_id)
    place = editor.details.ui.place_edit
    type_text(qtbot, place, "تالار شهر")
    colleague_saves(db, meeting_id, title="دیدار با شهردار")
    shown: list[list[tuple[str, str, str]]] = []

    def choose_reload(dialog: StaleSaveDialog) -> int:
        shown.append(dialog.rows())
        assert COLLEAGUE in dialog.ui.intro_label.text()
        assert dialog.ui.reload_button.isDefault()  # Enter reloads with my edits
        return StaleSaveDialog.RELOAD

    monkeypatch.setattr(StaleSaveDialog, "exec", choose_reload)
    assert not editor.save()  # refused as stale: nothing written over their change
    # What they changed: the field, their value, mine.
    assert shown == [[("عنوان", "دیدار با شهردار", "دیدار")]]
    assert editor.details.ui.title_edit.text() == "دیدار با شهردار"
    assert place.text() == "تالار شهر"  # my edit re-applied
    assert editor.save()
    saved = records.get_row(db, Meeting, meeting_id)
    assert (saved.title, saved.place) == ("دیدار با شهردار", "تالار شهر")


def test_keep_editing_leaves_the_form_as_it_was(
    window: MainWindow, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = new_meeting(db, "دیدار")
    editor = open_meeting(window, meeting_id)
    type_text(qtbot, editor.details.ui.title_edit, " فرهنگی")
    colleague_saves(db, meeting_id, title="دیدار اقتصادی")
    monkeypatch.setattr(StaleSaveDialog, "exec", lambda _d: StaleSaveDialog.KEEP)
    assert not editor.save()
    assert editor.details.ui.title_edit.text() == "دیدار فرهنگی"
    assert records.get_row(db, Meeting, meeting_id).title == "دیدار اقتصادی"
    assert not editor.save()  # still stale: never saved over theirs silently


@pytest.fixture
def proxied(app: Any, db: Database, qtbot: QtBot) -> Iterator[tuple[MainWindow, Proxy]]:
    """A window whose server connections all pass through a proxy the test can stop."""
    assert isinstance(db, ServerDatabase)
    new_meeting(db, "جلسهٔ نخست")
    proxy = Proxy((db.url.host or "127.0.0.1", db.url.port or 5432))
    proxy.start()
    spec = proxy.url_for(db.url).render_as_string(hide_password=False)
    remote = ServerDatabase.connect(spec)
    context = AppContext(db=remote, clock=FixedClock(FIXED_NOW), draft_interval_ms=100)
    main = MainWindow(context)
    main.show()
    assert main.office is not None
    qtbot.waitUntil(lambda: main.office.link.listening, timeout=5000)  # type: ignore[union-attr]
    yield main, proxy
    for editor in main.open_editors():
        editor.set_dirty(False)
    main.close()
    proxy.stop()
    remote.close()


def test_losing_the_server_keeps_the_form_and_saves_when_it_is_back(
    proxied: tuple[MainWindow, Proxy], db: Database, qtbot: QtBot
) -> None:
    window, proxy = proxied
    office = window.office
    assert office is not None
    meeting_id = new_meeting(db, "دیدار")
    editor = open_meeting(window, meeting_id)
    type_text(qtbot, editor.details.ui.place_edit, "تالار شهر")

    proxy.stop()
    # The window says so at once (the listener's connection dropped): a banner.
    qtbot.waitUntil(office.banner.isVisible, timeout=2000)
    assert "قطع شده" in office.banner.text()
    assert office.banner.buttons["retry"].isVisible()

    assert not editor.save()  # cannot reach the server: kept, not lost
    assert editor.sync.pending
    assert "نگه داشته شد" in editor.sync.banner.text()
    kept = local_drafts.load(window.context.db.location, editor.draft_key())
    assert kept is not None and kept["payload"]["place_edit"] == "تالار شهر"
    assert editor.details.ui.place_edit.text() == "تالار شهر"

    office.banner.buttons["retry"].click()  # still away: stays
    qtbot.wait(300)
    assert not office.link.up

    proxy.start()
    office.banner.buttons["retry"].click()
    qtbot.waitUntil(lambda: office.link.up, timeout=5000)
    # Saved by itself once the server answered; the draft here is gone.
    qtbot.waitUntil(lambda: not editor.sync.pending, timeout=5000)
    assert records.get_row(db, Meeting, meeting_id).place == "تالار شهر"
    assert local_drafts.load(window.context.db.location, editor.draft_key()) is None
    assert drafts.load(window.context.db, editor.draft_key()) is None
    assert "دوباره برقرار" in office.banner.text()
    assert not editor.sync.banner.isVisible()


def test_an_unsent_draft_is_offered_after_a_restart(
    proxied: tuple[MainWindow, Proxy], db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, proxy = proxied
    meeting_id = new_meeting(db, "دیدار")
    editor = open_meeting(window, meeting_id)
    type_text(qtbot, editor.details.ui.place_edit, "تالار شهر")
    proxy.stop()
    assert not editor.save()
    assert editor.close()  # the server is away: closing keeps the draft here
    proxy.start()
    monkeypatch.setattr(MeetingEditor, "ask_restore_draft", lambda _self, _at: True)
    again = open_meeting(window, meeting_id)
    assert again.details.ui.place_edit.text() == "تالار شهر"
    assert again.is_dirty()
