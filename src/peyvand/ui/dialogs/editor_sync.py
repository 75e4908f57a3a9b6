"""An editor among several workstations (office mode): what it does when another one
saved the same record, and when the office server goes away.

- **Changed elsewhere.** The window hands an open editor each notice of another
  workstation's save that touches its record; a banner says who changed it and when,
  with «بارگذاری دوباره». Nothing on screen is replaced without the person asking.
- **Stale save.** A save refused as ``record.stale`` (or «بارگذاری دوباره» on a form
  with unsaved edits) opens :class:`StaleSaveDialog`: what the other person changed
  (field, their value, yours), and their version with this form's edits re-applied to
  the fields they did not touch — the rule of services/stale.py, applied to the form's
  draft state (every editor can save and restore that already, for crash drafts).
- **Server away.** A save that cannot reach the server keeps the form as it is, writes
  its draft on this computer (services/drafts.keep), says so in the banner with
  «تلاش دوباره», and saves by itself when the window learns the server is back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from peyvand.errors import PeyvandError
from peyvand.services import drafts, history, stale
from peyvand.text import format_datetime_local
from peyvand.ui.dialogs.stale_save_dialog import LRI, PDI, ChangedField, StaleSaveDialog
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.notice_banner import NoticeBanner

if TYPE_CHECKING:
    from peyvand.ui.dialogs.base_editor import EditorDialog

log = logging.getLogger(__name__)

NESTED = "/"  # "minutes/statements": one part of a draft entry that is a mapping


def flatten(payload: dict[str, Any]) -> dict[str, Any]:
    """A draft as JSON would keep it, one level of mappings spread into their parts, so
    that the meeting's statements and its decisions count as separate fields."""
    # In the form's own order (the dialog lists fields as the form shows them).
    plain = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    flat: dict[str, Any] = {}
    for key, value in plain.items():
        if isinstance(value, dict) and key and not _is_state(value):
            for sub, inner in value.items():
                flat[f"{key}{NESTED}{sub}"] = inner
        else:
            flat[key] = value
    return flat


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key, value in flat.items():
        top, nested, sub = key.partition(NESTED)
        if nested:
            payload.setdefault(top, {})[sub] = value
        else:
            payload[key] = value
    return payload


def _is_state(value: dict[str, Any]) -> bool:
    # A picker's state ({"id", "typed"}) is one value, not parts.
    return set(value) <= {"id", "typed"}


class EditorSync(QObject):
    """The office-mode behaviour of one editor (made the first time it is needed)."""

    server_lost = Signal()

    def __init__(self, editor: EditorDialog) -> None:
        super().__init__(editor)
        self.editor = editor
        self.pending = False  # a save waits for the server
        self.banner = NoticeBanner(editor, name="record_banner")
        self.banner.add_button("reload", self.tr("بارگذاری دوباره"), self.reload)
        self.banner.add_button("retry", self.tr("تلاش دوباره"), self.retry)
        layout = editor.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self.banner)

    # -- another workstation saved this record ------------------------------------------

    def changed_elsewhere(self, actor: str, at: dt.datetime) -> None:
        who = f"{LRI}{actor}{PDI}" if actor else self.tr("همکاری")
        text = self.tr("این رکورد را {who} در {when} تغییر داده است.").format(
            who=who, when=format_datetime_local(at)
        )
        if self.editor.has_changes():
            text += " " + self.tr(
                "«بارگذاری دوباره» نسخهٔ او را نشان می‌دهد و تغییرهای ذخیره‌نشدهٔ شما را "
                "روی آن نگه می‌دارد."
            )
        self.banner.show_message("warning", text, buttons=("reload",))

    def reload(self) -> bool:
        """«بارگذاری دوباره»: a form without edits shows the saved record; one with edits
        goes through the stale dialog (their version with these edits re-applied)."""
        if not self.editor.has_changes():
            try:
                self.editor.reload_record()
            except PeyvandError as exc:
                QMessageBox.warning(self.editor, self.tr("بارگذاری نشد"), exc.message("fa"))
                return False
            self.banner.hide()
            return True
        return self.resolve_stale(refused=False)

    # -- a save refused as stale ------------------------------------------------------------

    def resolve_stale(self, *, refused: bool = True) -> bool:
        """Show what the other person changed; True when their version was loaded with
        this form's edits re-applied."""
        editor = self.editor
        base = flatten(editor.clean_payload())
        mine_payload = editor.draft_payload()
        mine = flatten(mine_payload)
        mine_shown = {key: shown_value(editor, key, value) for key, value in mine.items()}
        old_revision, was_dirty = editor.revision, editor.is_dirty()
        try:
            editor.reload_record()
        except PeyvandError as exc:  # deleted meanwhile, or the server went away
            editor.restore_payload(mine_payload, revision=old_revision, dirty=was_dirty)
            QMessageBox.warning(editor, self.tr("بارگذاری نشد"), exc.message("fa"))
            return False
        theirs_payload = editor.draft_payload()
        theirs = flatten(theirs_payload)
        their_revision = editor.revision
        result = stale.reapply(base, mine, theirs)
        changes = [
            ChangedField(
                label=label,
                theirs=shown_value(editor, key, theirs.get(key)),
                mine=mine_shown.get(key, ""),
                clash=key in result.clashes,
            )
            for key in result.theirs
            if (label := field_label(editor, key))
        ]
        # Until the person chooses, the form shows what they typed.
        editor.restore_payload(mine_payload, revision=old_revision, dirty=was_dirty)
        who, when = self._last_change()
        dialog = StaleSaveDialog(editor, who=who, when=when, changes=changes, refused=refused)
        dialog.setObjectName("stale_save_dialog")
        if dialog.exec() != StaleSaveDialog.RELOAD:
            return False
        editor.restore_payload(
            unflatten(result.values),
            revision=their_revision,
            dirty=bool(result.mine or result.clashes),
            clean=theirs_payload,
        )
        self.banner.hide()
        return True

    def _last_change(self) -> tuple[str, str]:
        editor = self.editor
        if editor.record_id is None:
            return "", ""
        try:
            last = history.entries(editor.context.db, editor.entity, editor.record_id, limit=1)
        except PeyvandError:
            return "", ""
        if not last:
            return "", ""
        return last[0].actor, self.tr("در {when}").format(when=last[0].when)

    # -- the server went away ---------------------------------------------------------

    def server_away(self) -> None:
        """A save could not reach the server: keep everything here, say so, wait."""
        editor = self.editor
        self.pending = True
        try:
            drafts.keep(
                editor.context.db,
                editor.draft_key(),
                editor.entity,
                editor.draft_title(),
                editor.draft_payload(),
            )
        except (PeyvandError, OSError):
            log.warning("the draft could not be kept", exc_info=True)
        self.banner.show_message(
            "error",
            self.tr(
                "کارگزار اداره در دسترس نیست و این فرم ذخیره نشد. نوشته‌های شما در همین "
                "رایانه نگه داشته شد و وقتی کارگزار برگردد خودکار ذخیره می‌شود؛ فرم را "
                "می‌توانید باز نگه دارید یا ببندید."
            ),
            buttons=("retry",),
        )
        self.server_lost.emit()

    def retry(self) -> bool:
        return self.editor.save()

    def server_back(self) -> bool:
        """The window learned the server answers again: a waiting save is made now."""
        if not self.pending:
            return False
        return self.editor.save()

    def saved(self) -> None:
        self.pending = False
        if self.banner.kind == "error" or not self.editor.has_changes():
            self.banner.hide()


# -- what a draft entry looks like to people ----------------------------------------------


def _own_widget(editor: QWidget, name: str) -> QWidget | None:
    for widget in editor.findChildren(QWidget, name):
        if widget.window() is editor:
            return widget
    return None


def field_label(editor: EditorDialog, key: str) -> str:
    """The label the form shows for a draft entry ("" for state that is not a field,
    such as which row of a list is being edited)."""
    named: dict[str, str] = getattr(editor, "payload_labels", dict)()
    if key in named:
        return str(named[key])
    widget = _own_widget(editor, key.partition(NESTED)[0])
    if widget is None:
        return ""
    for label in editor.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and (buddy is widget or buddy.isAncestorOf(widget)):
            return _plain_label(label.text())
    parent = widget.parentWidget()
    while parent is not None and parent is not editor:
        for form in parent.findChildren(QFormLayout):
            found = form.labelForField(widget)
            if isinstance(found, QLabel):
                return _plain_label(found.text())
        parent = parent.parentWidget()
    if isinstance(widget, QCheckBox):
        return _plain_label(widget.text())
    return ""


def _plain_label(text: str) -> str:
    return text.replace("&", "").rstrip(":").strip()


def shown_value(editor: EditorDialog, key: str, value: Any) -> str:
    """A draft entry as the form shows it now (read from its widget when the form holds
    this very value), else from the value itself."""
    top, nested, _sub = key.partition(NESTED)
    widget = None if nested else _own_widget(editor, top)
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, JalaliDateEdit):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return editor.tr("بله") if widget.isChecked() else editor.tr("خیر")
    return describe(value)


def describe(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "؛ ".join(describe(item) for item in value if describe(item))
    if isinstance(value, dict):
        for name in ("text", "name", "typed"):
            if value.get(name):
                return str(value[name])
        return ""
    return str(value)
