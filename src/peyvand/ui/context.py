"""What every screen and dialog is given: no globals, so tests build them freely."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peyvand.config import Settings
from peyvand.domain.accounts import Account, unenforced
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database

if TYPE_CHECKING:  # trip packages are not on the office server's start path
    from peyvand.storage.trip_package import KdfCost


def _workstation_account() -> Account:
    return unenforced(current_actor())


@dataclass
class AppContext:
    db: Database
    settings: Settings = field(default_factory=Settings)
    clock: Clock = SYSTEM_CLOCK
    # Editors save drafts this often (milliseconds) while they hold unsaved changes.
    draft_interval_ms: int = 3000
    # Argon2id cost of trip packages made or opened from the GUI; None is the real one
    # (KdfCost.DEFAULT). Tests pass a cheap cost so that they stay fast.
    kdf_cost: KdfCost | None = None
    # Who is signed in: in office mode the server's login with its roles (the database
    # enforces them); on a single workstation an unenforced account holding every role.
    # The window hides or disables what it may not do (ui/permissions.py).
    account: Account = field(default_factory=_workstation_account)

    @property
    def trip_mode(self) -> bool:
        """The window works on a trip package (encrypted), not the office database."""
        return self.db.is_trip

    @property
    def read_only(self) -> bool:
        """The database is on a read-only medium: reading works, writes are refused."""
        return self.db.read_only

    @property
    def my_person_id(self) -> uuid.UUID | None:
        """The person «کارهای من» means: in office mode the login's linked person; on a
        single workstation the one chosen in Settings (read now: Settings may change)."""
        if self.account.enforced:
            return self.account.person_id
        return self.settings.current_person_id

    @property
    def my_unit_id(self) -> uuid.UUID | None:
        """The unit «کارهای واحد من» means, the same way."""
        if self.account.enforced:
            return self.account.unit_id
        return self.settings.current_unit_id

    def package_cost(self) -> KdfCost:
        from peyvand.storage.trip_package import KdfCost

        return self.kdf_cost or KdfCost.DEFAULT
