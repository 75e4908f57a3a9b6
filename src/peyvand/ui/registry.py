"""Which editor opens which kind of record; imported lazily to keep start-up quick."""

from __future__ import annotations

import importlib
import uuid
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from peyvand.ui.context import AppContext

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
