"""Which screen and which editor open for what; imported lazily to keep start-up quick.

Opening goes through :func:`build_screen` and :func:`open_editor`: whatever a screen
or an editor reads while it is built and loaded comes from one snapshot
(``services.snapshot``), so on the office server it costs a few round trips rather
than three per service it reads through (``tests/ui/test_screen_statements.py``).
"""

from __future__ import annotations

import importlib
import uuid
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from peyvand.services import snapshot
from peyvand.ui.context import AppContext

# key, module:Class — screens are built the first time they are shown.
SCREENS: tuple[tuple[str, str], ...] = (
    ("dashboard", "peyvand.ui.screens.dashboard:DashboardScreen"),
    ("visits", "peyvand.ui.screens.visits:VisitsScreen"),
    ("meetings", "peyvand.ui.screens.meetings:MeetingsScreen"),
    ("actions", "peyvand.ui.screens.actions:ActionsScreen"),
    ("people", "peyvand.ui.screens.people:PeopleScreen"),
    ("organizations", "peyvand.ui.screens.organizations:OrganizationsScreen"),
    ("partnerships", "peyvand.ui.screens.partnerships:PartnershipsScreen"),
    ("conflicts", "peyvand.ui.screens.conflicts:ConflictsScreen"),
    ("calendar", "peyvand.ui.screens.calendar:CalendarScreen"),
    ("letters", "peyvand.ui.screens.letters:LettersScreen"),
)

# entity -> "module:Class" of its editor dialog
EDITORS: dict[str, str] = {
    "meeting": "peyvand.ui.dialogs.meeting_editor:MeetingEditor",
    "visit": "peyvand.ui.dialogs.visit_editor:VisitEditor",
    "action": "peyvand.ui.dialogs.action_editor:ActionEditor",
    "person": "peyvand.ui.dialogs.person_editor:PersonEditor",
    "organization": "peyvand.ui.dialogs.organization_editor:OrganizationEditor",
    "partnership": "peyvand.ui.dialogs.partnership_editor:PartnershipEditor",
    "letter": "peyvand.ui.dialogs.letter_editor:LetterEditor",
}


class EditorFactory(Protocol):
    def __call__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> Any: ...


def editor_class(entity: str) -> EditorFactory:
    module_name, _, class_name = EDITORS[entity].partition(":")
    factory: EditorFactory = getattr(importlib.import_module(module_name), class_name)
    return factory


def build_screen(context: AppContext, key: str, parent: QWidget | None = None) -> QWidget:
    """The screen ``key`` (of :data:`SCREENS`), built and showing its data."""
    module_name, _, class_name = dict(SCREENS)[key].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    with snapshot.together(context.db):
        widget = cls(context, parent)
    assert isinstance(widget, QWidget)
    return widget


def open_editor(
    context: AppContext, entity: str, record_id: uuid.UUID | None, parent: QWidget | None = None
) -> Any:
    """The editor of one record (None: a new one), built, loaded and ``start()``-ed."""
    with snapshot.together(context.db):
        editor = editor_class(entity)(context, record_id, parent)
        draft = editor.load_for_start()
    editor.offer_draft(draft)  # may ask the user: outside the snapshot
    return editor
