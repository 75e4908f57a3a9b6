"""The forms and the history dialog call each field by the same name.

A form's labels live in its Qt Designer file (forms/*.ui); below the UI the history
(services/history.py) names fields through ``messages.field_label``. This test reads
every label of every record's form — «<field>_label» beside the field's editor — and
checks that ``field_label`` gives the same words (the colon aside), so that the two
cannot drift apart.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from peyvand.domain import BY_TABLE
from peyvand.messages import field_label

FORMS = Path(__file__).resolve().parents[1] / "forms"
# A form of a record is named after its table: meeting_editor.ui, or a part of it
# such as meeting_details_tab.ui. Labels of a child record carry its prefix.
CHILD_PREFIXES = ("decision", "statement", "agreement", "participant", "agenda_item")
# Label names that are not the field's own name.
ALIASES = {
    ("decision", "owner"): "owner_person_id",
    ("decision", "unit"): "owner_unit_id",
    ("decision", "due"): "due_date",
    ("agreement", "signed"): "signed_on",
    ("agreement", "expires"): "expires_on",
    ("action", "owner"): "owner_person_id",
    ("statement", "text"): "text",
}


def _labels(form: Path) -> list[tuple[str, str, str]]:
    """(table, field, label text) of every label of a field of ``form``'s record."""
    table = next((t for t in BY_TABLE if form.stem.startswith(f"{t}_")), None)
    if table is None:
        return []
    found = []
    for item in ET.parse(form).iter("item"):
        widget = item.find("widget")
        # A field's label stands in a grid or form layout beside its editor (a heading
        # such as «جلسه جدید» does not).
        if widget is None or (item.get("row") is None and item.get("role") is None):
            continue
        name = widget.get("name", "")
        text = widget.find("property[@name='text']/string")
        if widget.get("class") != "QLabel" or not name.endswith("_label") or text is None:
            continue
        stem, owner = name.removesuffix("_label"), table
        for child in CHILD_PREFIXES:
            if stem.startswith(f"{child}_"):
                owner, stem = child, stem.removeprefix(f"{child}_")
        columns = BY_TABLE[owner].model_fields
        field = ALIASES.get((owner, stem)) or next(
            (f for f in (stem, f"{stem}_id") if f in columns), None
        )
        if field is not None:
            found.append((owner, field, (text.text or "").strip().rstrip(":").strip()))
    return found


LABELS = [item for form in sorted(FORMS.glob("*.ui")) for item in _labels(form)]


def test_the_forms_have_field_labels_to_compare() -> None:
    tables = {table for table, _field, _text in LABELS}
    assert {"meeting", "visit", "person", "organization", "partnership", "action"} <= tables
    assert len(LABELS) >= 50


@pytest.mark.parametrize(("table", "field", "text"), LABELS, ids=[f"{t}.{f}" for t, f, _ in LABELS])
def test_the_history_names_each_field_as_its_form_does(table: str, field: str, text: str) -> None:
    assert field_label(table, field, "fa") == text
