"""A save refused as stale (someone else saved the record meanwhile): their version,
with my edits re-applied to the fields they did not touch.

The rule per field is the one the trip merge follows (services/merge.py, docs/merge.md),
with *base* the record as this editor loaded it, *mine* what the form holds now and
*theirs* the record as it is saved now::

    mine == theirs  -> either (both made the same change, or neither changed it)
    mine == base    -> theirs (only they changed it)
    theirs == base  -> mine   (only I changed it: re-applied)
    otherwise       -> both changed it differently: theirs is kept and the field is
                       reported, so the person sees both values before saving again

Nothing is decided by time, and nothing is lost: the caller keeps *mine* until the
person chooses. Pure: plain JSON-safe mappings in, plain data out (no database, no
clock), so the window and its tests use the very same rule.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from peyvand.services.merge import canonical


@dataclass(frozen=True)
class Reapplied:
    """Their version with my edits re-applied (``values``), and what each side did."""

    values: dict[str, Any]
    theirs: tuple[str, ...]  # fields the other person changed (their value is in values)
    mine: tuple[str, ...]  # fields only I changed: my value is in values
    clashes: tuple[str, ...]  # changed by both, differently: their value is in values

    @property
    def keeps_everything_of_mine(self) -> bool:
        """Every edit of mine survives the reload (no field changed on both sides)."""
        return not self.clashes


def _same(a: Any, b: Any) -> bool:
    return a is b or canonical(a) == canonical(b)


def reapply(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> Reapplied:
    """Apply the rule above to every field of the three versions (a field missing from
    one of them counts as ``None`` there)."""
    names = list(dict.fromkeys([*theirs, *mine, *base]))
    values: dict[str, Any] = {}
    changed_by_them: list[str] = []
    mine_kept: list[str] = []
    clashes: list[str] = []
    for name in names:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if not _same(t, b):
            changed_by_them.append(name)
        if _same(m, t) or _same(m, b):
            values[name] = copy.deepcopy(t)
        elif _same(t, b):
            values[name] = copy.deepcopy(m)
            mine_kept.append(name)
        else:
            values[name] = copy.deepcopy(t)
            clashes.append(name)
    return Reapplied(values, tuple(changed_by_them), tuple(mine_kept), tuple(clashes))
