"""شخص: one person of the address book — names, titles, organization, contact, protocol."""

from __future__ import annotations

import re
import uuid
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from peyvand.domain import Person, PersonRow
from peyvand.domain.limits import NAME_MAX, SHORT_MAX, TITLE_MAX
from peyvand.services import records
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog, buttons_in_order, set_tab_order
from peyvand.ui.forms.ui_person_editor import Ui_PersonEditor
from peyvand.ui.widgets.record_picker import RecordPicker

# Tags are typed as one line, separated by a Persian or a Latin comma.
_TAG_SEPARATORS = re.compile("[،,]")
TAG_JOINER = "، "


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in _TAG_SEPARATORS.split(text) if tag.strip()]


def join_tags(tags: list[str]) -> str:
    return TAG_JOINER.join(tags)


def add_picker(editor: EditorDialog, entity: str, slot: QWidget) -> RecordPicker:
    """A picker in ``slot``, a placeholder the form keeps in its field column (Tab
    reaches it only once the editor puts it into its order: ``set_tab_order``)."""
    picker = RecordPicker(editor.context, entity, slot)
    picker.setObjectName(f"{entity}_picker")
    layout = slot.layout()
    assert layout is not None  # the form gives every slot a layout
    layout.addWidget(picker)
    return picker


def show_start(*edits: QLineEdit) -> None:
    """Long loaded text shows its beginning, not its end."""
    for edit in edits:
        edit.setCursorPosition(0)


class PersonEditor(EditorDialog):
    entity = "person"

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_PersonEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        self.organization_picker = add_picker(self, "organization", ui.organization_slot)
        self.unit_picker = add_picker(self, "unit", ui.unit_slot)
        for edit, limit in (
            (ui.name_edit, NAME_MAX),
            (ui.name_latin_edit, NAME_MAX),
            (ui.honorific_edit, SHORT_MAX),
            (ui.title_edit, TITLE_MAX),
            (ui.title_en_edit, TITLE_MAX),
            (ui.country_edit, SHORT_MAX),
            (ui.city_edit, SHORT_MAX),
            (ui.phone_edit, SHORT_MAX),
            (ui.email_edit, SHORT_MAX),
            (ui.languages_edit, SHORT_MAX),
        ):
            edit.setMaxLength(limit)
        self.watch(
            ui.name_edit,
            ui.name_latin_edit,
            ui.honorific_edit,
            ui.title_edit,
            ui.title_en_edit,
            self.organization_picker,
            self.unit_picker,
            ui.tags_edit,
            ui.country_edit,
            ui.city_edit,
            ui.phone_edit,
            ui.email_edit,
            ui.languages_edit,
            ui.protocol_notes_edit,
        )
        self._saved_name = ""
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        self.saved.connect(self._show_saved)
        # The identity column (right), then contact (left), then the buttons.
        set_tab_order(
            ui.name_edit,
            ui.name_latin_edit,
            ui.honorific_edit,
            ui.title_edit,
            ui.title_en_edit,
            self.organization_picker,
            self.unit_picker,
            ui.tags_edit,
            ui.country_edit,
            ui.city_edit,
            ui.phone_edit,
            ui.email_edit,
            ui.languages_edit,
            ui.protocol_notes_edit,
            ui.history_button,
            buttons_in_order(ui.button_box),
        )

    # -- EditorDialog ---------------------------------------------------------

    def prefill(self, name: str) -> None:
        self.ui.name_edit.setText(name)
        self.mark_dirty()

    def load(self) -> None:
        ui = self.ui
        if self.record_id is None:
            self._show_title("")
            return
        row: PersonRow = records.get_row(self.context.db, Person, self.record_id)
        self.revision = row.revision
        ui.name_edit.setText(row.name)
        ui.name_latin_edit.setText(row.name_latin)
        ui.honorific_edit.setText(row.honorific)
        ui.title_edit.setText(row.title)
        ui.title_en_edit.setText(row.title_en)
        self.organization_picker.set_value(row.organization_id)
        self.unit_picker.set_value(row.unit_id)
        ui.tags_edit.setText(join_tags(row.tags))
        ui.country_edit.setText(row.country)
        ui.city_edit.setText(row.city)
        ui.phone_edit.setText(row.phone)
        ui.email_edit.setText(row.email)
        ui.languages_edit.setText(row.languages)
        ui.protocol_notes_edit.setPlainText(row.protocol_notes)
        show_start(*self.findChildren(QLineEdit))
        self._show_title(row.name)

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.name_edit.text(),
            "name_latin": ui.name_latin_edit.text(),
            "honorific": ui.honorific_edit.text(),
            "title": ui.title_edit.text(),
            "title_en": ui.title_en_edit.text(),
            "organization_id": self.organization_picker.value(),
            "unit_id": self.unit_picker.value(),
            "tags": split_tags(ui.tags_edit.text()),
            "country": ui.country_edit.text(),
            "city": ui.city_edit.text(),
            "phone": ui.phone_edit.text(),
            "email": ui.email_edit.text(),
            "languages": ui.languages_edit.text(),
            "protocol_notes": ui.protocol_notes_edit.toPlainText(),
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        row = self.save_record(Person, values)
        self._saved_name = row.name
        record_id: uuid.UUID = row.id
        return record_id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "name": ui.name_edit,
            "name_latin": ui.name_latin_edit,
            "honorific": ui.honorific_edit,
            "title": ui.title_edit,
            "title_en": ui.title_en_edit,
            "organization_id": ui.organization_slot,
            "unit_id": ui.unit_slot,
            "tags": ui.tags_edit,
            "country": ui.country_edit,
            "city": ui.city_edit,
            "phone": ui.phone_edit,
            "email": ui.email_edit,
            "languages": ui.languages_edit,
            "protocol_notes": ui.protocol_notes_edit,
        }

    # -- behaviour ------------------------------------------------------------

    def _show_title(self, name: str) -> None:
        if self.record_id is None:
            self.setWindowTitle(self.tr("شخص جدید"))
        else:
            self.setWindowTitle(self.tr("شخص: {name}").format(name=name))
        self.ui.history_button.setEnabled(self.record_id is not None)

    def _show_saved(self, _record_id: object) -> None:
        self._show_title(self._saved_name)
