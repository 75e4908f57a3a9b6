"""Merge conflicts recorded by a trip import, and their resolution.

A conflict (see services/merge.py) is one field both the office and the laptop changed
to different values, or one row one side deleted while the other edited it. The import
leaves the office value in the record (a deleted/edited row stays live) and records the
conflict here; someone then chooses: keep the office value, take the laptop's, or type
another. Whatever is chosen, the value not chosen stays in the record's history: the
resolution writes an audit event ``resolve`` with both values beside the change itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, col, select

from peyvand.domain import BY_TABLE, SPECS, AuditEvent, MergeConflict, MergeConflictRow
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import Classification
from peyvand.domain.errors import ConflictError, NotFoundError, ValidationError
from peyvand.services import classification, conflict_count, lookup, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.row_codec import encode, field_value
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database

Choice = Literal["office", "laptop", "edited"]
CHOICES: tuple[Choice, ...] = ("office", "laptop", "edited")
RESOLVE_ACTION = "resolve"
DELETE_VS_EDIT = "delete-vs-edit"


@dataclass(frozen=True)
class ConflictView:
    """A conflict with what the screen shows beside it (values in Python form)."""

    conflict: MergeConflictRow
    title: str  # the record, as lists show it ("جلسه ۱۴۰۵-۰۰۳ — …")
    base: Any
    office: Any
    laptop: Any
    current: Any  # the value in the live record now
    editable: bool  # "edited" is offered (a text or other editable field)
    # The record's classification (its own, or its meeting's or visit's): conflicts on
    # classified records are resolved by cleared people, not by administrators.
    classification: Classification | None = None

    @property
    def seq(self) -> int:
        return self.conflict.seq


def _editable(table: str, field: str) -> bool:
    model = BY_TABLE.get(table)
    return model is not None and model in SPECS and field in SPECS[model][0].model_fields


def _title(obj: SyncColumns | None, table: str) -> str:
    if obj is None:
        return table
    return lookup.object_title(obj)


def _view(session: Session, conflict: MergeConflict) -> ConflictView:
    model = BY_TABLE[conflict.entity]
    obj = session.get(model, uuid.UUID(conflict.entity_id))
    if conflict.kind == DELETE_VS_EDIT:
        current: Any = None if obj is None else obj.deleted_at is not None
    else:
        current = None if obj is None else getattr(obj, conflict.field, None)
    values = conflict.values
    return ConflictView(
        conflict=MergeConflictRow.model_validate(conflict),
        title=_title(obj, conflict.entity),
        base=field_value(conflict.entity, conflict.field, values.get("base")),
        office=field_value(conflict.entity, conflict.field, values.get("office")),
        laptop=field_value(conflict.entity, conflict.field, values.get("laptop")),
        current=current,
        editable=conflict.kind != DELETE_VS_EDIT and _editable(conflict.entity, conflict.field),
        classification=classification.of_object(session, obj) if obj is not None else None,
    )


def open_conflicts(db: Database, *, limit: int = 1000) -> list[ConflictView]:
    """Unresolved conflicts, oldest first (the order they were found in)."""
    with db.reading() as session:
        found = session.exec(
            select(MergeConflict)
            .where(col(MergeConflict.resolved_at).is_(None))
            .order_by(col(MergeConflict.seq))
            .limit(limit)
        ).all()
        return [_view(session, c) for c in found]


def open_count(db: Database) -> int:
    return conflict_count.open_count(db)


def get_conflict(db: Database, seq: int) -> ConflictView:
    with db.reading() as session:
        conflict = session.get(MergeConflict, seq)
        if conflict is None:
            raise NotFoundError("conflict.missing", seq=seq)
        return _view(session, conflict)


def _set_deleted(
    session: Session, model: type[SyncColumns], obj: SyncColumns, deleted: bool
) -> None:
    if deleted and obj.deleted_at is None:
        records.soft_delete(session, model, obj.id)
    elif not deleted and obj.deleted_at is not None:
        records.ensure_editable(session, model, obj)
        obj.deleted_at = None
        session.flush()


def _set_field(
    session: Session, model: type[SyncColumns], obj: SyncColumns, field: str, value: Any
) -> None:
    if getattr(obj, field) == value:
        return
    if _editable(str(model.__tablename__), field):
        # Through the record's own validation and rules (final minutes stay final).
        records.update(session, model, obj.id, {field: value})
    else:
        # A field only the application sets (an action's status, a number): the value
        # was validated when the package was imported.
        records.ensure_editable(session, model, obj)
        setattr(obj, field, value)
        session.flush()


def resolve(
    db: Database,
    seq: int,
    choice: Choice,
    *,
    value: Any = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ConflictView:
    """Resolve conflict ``seq``: keep the office value, take the laptop's, or (``edited``)
    set ``value``. One transaction; a resolved conflict is refused (``conflict.resolved``).
    """
    if choice not in CHOICES:
        raise ValidationError("conflict.bad_choice", field="choice")
    with db.session() as session:
        conflict = session.get(MergeConflict, seq)
        if conflict is None:
            raise NotFoundError("conflict.missing", seq=seq)
        if conflict.resolved_at is not None:
            raise ConflictError("conflict.resolved", seq=seq)
        view = _view(session, conflict)
        model = BY_TABLE[conflict.entity]
        obj = session.get(model, uuid.UUID(conflict.entity_id))
        if obj is None:
            raise NotFoundError("conflict.missing", seq=seq)
        if choice == "edited":
            if not view.editable:
                raise ValidationError("conflict.not_editable", field=conflict.field)
            chosen = value
        else:
            chosen = view.office if choice == "office" else view.laptop
        if conflict.kind == DELETE_VS_EDIT:
            _set_deleted(session, model, obj, bool(chosen))
        else:
            _set_field(session, model, obj, conflict.field, chosen)
        actor = session.info.get("actor") or current_actor()
        conflict.resolved_at = clock.now()
        conflict.resolution = choice
        conflict.resolved_by = actor
        final: Any = (
            obj.deleted_at is not None
            if conflict.kind == DELETE_VS_EDIT
            else encode(getattr(obj, conflict.field, None))
        )
        session.add(
            AuditEvent(
                actor=actor,
                entity=conflict.entity,
                entity_id=conflict.entity_id,
                action=RESOLVE_ACTION,
                # Both sides' values, whichever was chosen: the one not chosen stays here.
                changes={
                    conflict.field: [conflict.values.get("office"), conflict.values.get("laptop")],
                    "_choice": choice,
                    "_value": final,
                    "_package": conflict.package_id,
                },
            )
        )
        session.flush()
        return _view(session, conflict)


def resolve_all(
    db: Database,
    seqs: Sequence[int],
    choice: Literal["office", "laptop"],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Resolve several conflicts the same way, each in its own transaction; the number done."""
    for seq in seqs:
        resolve(db, seq, choice, clock=clock)
    return len(seqs)


__all__ = [
    "CHOICES",
    "DELETE_VS_EDIT",
    "RESOLVE_ACTION",
    "Choice",
    "ConflictView",
    "get_conflict",
    "open_conflicts",
    "open_count",
    "resolve",
    "resolve_all",
]
