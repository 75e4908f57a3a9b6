"""Starter templates: the checklists and letters an office begins with.

They are data (``resources/templates/checklists.json`` and ``letters.json``), drawn from
common protocol practice: an incoming delegation, a trip abroad and the «هیئت
عالی‌رتبه» variant; invitation, visa support, thank-you, sister-city proposal and
minutes cover letters in Persian and English. The demo loads them; an office adds them
from Settings («افزودن الگوهای پیشنهادی»), and only those whose name it does not have
yet, so its own edits are never overwritten. Each item names its unit by code
(``PROTO``) or name; a unit the office does not have is left empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from peyvand.domain import ChecklistTemplate, ChecklistTemplateItem, LetterTemplate, Unit
from peyvand.domain.errors import PeyvandError
from peyvand.paths import resource
from peyvand.services import letters, records
from peyvand.storage.database import Database
from peyvand.text import fold_for_search


@dataclass(frozen=True)
class Installed:
    checklists: int
    letters: int


def _read(name: str, key: str) -> list[dict[str, Any]]:
    path = resource("templates", f"{name}.json")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PeyvandError("starters.unreadable", path=str(path), detail=str(exc)) from exc
    rows = document.get(key) if isinstance(document, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise PeyvandError("starters.unreadable", path=str(path), detail=f"no list '{key}'")
    return rows


def checklist_data() -> list[dict[str, Any]]:
    return _read("checklists", "checklists")


def letter_data() -> list[dict[str, Any]]:
    return _read("letters", "letter_templates")


def _units(session: Session) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for unit in session.exec(select(Unit).where(col(Unit.deleted_at).is_(None))):
        if unit.code:
            found.setdefault(unit.code.upper(), unit.id)
        found.setdefault(fold_for_search(unit.name), unit.id)
    return found


def _names(session: Session, model: Any) -> set[str]:
    return {
        fold_for_search(row.name)
        for row in session.exec(select(model).where(col(model.deleted_at).is_(None)))
    }


def install_in(session: Session) -> Installed:
    units = _units(session)
    have = _names(session, ChecklistTemplate)
    checklists = 0
    for data in checklist_data():
        if fold_for_search(str(data.get("name", ""))) in have:
            continue
        values = {k: v for k, v in data.items() if k != "items"}
        template = records.create(session, ChecklistTemplate, values)
        for position, item in enumerate(data.get("items", []), start=1):
            unit = str(item.get("unit", ""))
            item_values = {k: v for k, v in item.items() if k != "unit"}
            item_values.update(
                template_id=template.id,
                position=position,
                unit_id=units.get(unit.upper()) or units.get(fold_for_search(unit)),
            )
            records.create(session, ChecklistTemplateItem, item_values)
        checklists += 1
    have = _names(session, LetterTemplate)
    count = 0
    for data in letter_data():
        if fold_for_search(str(data.get("name", ""))) in have:
            continue
        letters.check_template(data)
        records.create(session, LetterTemplate, data)
        count += 1
    return Installed(checklists, count)


def install(db: Database) -> Installed:
    """Add the starter templates the database does not have yet (by name)."""
    with db.session() as session:
        return install_in(session)
