"""People and permissions: the four roles and what each may do.

The rules here are the single statement of "who may do what" that the window uses to
hide or disable actions. They are not the enforcement: in office mode the database
enforces the same rules with grants and row-level security (migration 0010), so a
reader with an SQL client is refused exactly where the window hides a button. On a
single workstation (SQLite) nothing is enforced; the account there holds every role.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from peyvand.domain.enums import Classification


class Role(StrEnum):
    """Fixed in code; the values are also the suffixes of the PostgreSQL group roles."""

    READER = "reader"
    STAFF = "staff"
    CLEARED = "cleared"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"
    EDIT = "edit"  # create and change visits, meetings, minutes, follow-ups, directory
    READ_CLASSIFIED = "read_classified"
    EDIT_CLASSIFIED = "edit_classified"
    EXPORT_TRIP = "export_trip"
    EXPORT_CLASSIFIED_TRIP = "export_classified_trip"
    MANAGE_ACCOUNTS = "manage_accounts"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    UPGRADE = "upgrade"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.READER: frozenset({Permission.READ}),
    Role.STAFF: frozenset({Permission.READ, Permission.EDIT, Permission.EXPORT_TRIP}),
    # Cleared widens what staff may do to classified records; a cleared person who is
    # not also staff reads classified records but edits nothing.
    Role.CLEARED: frozenset({Permission.READ, Permission.READ_CLASSIFIED}),
    Role.ADMIN: frozenset(
        {
            Permission.READ,
            Permission.MANAGE_ACCOUNTS,
            Permission.RESOLVE_CONFLICTS,
            Permission.UPGRADE,
        }
    ),
}

CLASSIFIED = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})


def is_classified(classification: Classification | str | None) -> bool:
    return classification is not None and Classification(classification) in CLASSIFIED


@dataclass(frozen=True)
class Account:
    """Who is signed in. `enforced` is False on a single workstation (SQLite)."""

    login: str
    display_name: str = ""
    roles: frozenset[Role] = field(default_factory=frozenset)
    person_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    enforced: bool = True
    disabled: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.login

    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= GRANTS[role]
        if Role.CLEARED in self.roles and Role.STAFF in self.roles:
            granted |= {Permission.EDIT_CLASSIFIED, Permission.EXPORT_CLASSIFIED_TRIP}
        return frozenset(granted)

    def may(self, permission: Permission) -> bool:
        if not self.enforced:
            return True
        if self.disabled:
            return False
        return permission in self.permissions()

    def may_read(self, classification: Classification | str | None) -> bool:
        if is_classified(classification):
            return self.may(Permission.READ_CLASSIFIED)
        return self.may(Permission.READ)

    def may_edit(self, classification: Classification | str | None) -> bool:
        if is_classified(classification):
            return self.may(Permission.EDIT_CLASSIFIED)
        return self.may(Permission.EDIT)

    def may_resolve_conflict(self, classification: Classification | str | None) -> bool:
        # Conflicts on classified records go to cleared people, not to administrators.
        if is_classified(classification):
            return self.may(Permission.READ_CLASSIFIED) and (
                self.may(Permission.EDIT_CLASSIFIED) or self.may(Permission.RESOLVE_CONFLICTS)
            )
        return self.may(Permission.RESOLVE_CONFLICTS)

    def may_update_action(
        self, owner_person_id: uuid.UUID | None, classification: Classification | str | None
    ) -> bool:
        """A follow-up's owner may always change its status and notes, even as reader."""
        if self.may_edit(classification):
            return True
        return (
            owner_person_id is not None
            and owner_person_id == self.person_id
            and self.may_read(classification)
        )


def unenforced(login: str, person_id: uuid.UUID | None = None, display_name: str = "") -> Account:
    """The account of a single workstation: every role, nothing enforced."""
    return Account(
        login=login,
        display_name=display_name,
        roles=frozenset(Role),
        person_id=person_id,
        enforced=False,
    )
