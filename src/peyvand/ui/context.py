"""What every screen and dialog is given: no globals, so tests build them freely."""

from __future__ import annotations

from dataclasses import dataclass, field

from peyvand.config import Settings
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost


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

    @property
    def trip_mode(self) -> bool:
        """The window works on a trip package (encrypted), not the office database."""
        return self.db.is_trip

    @property
    def read_only(self) -> bool:
        """The database is on a read-only medium: reading works, writes are refused."""
        return self.db.read_only

    def package_cost(self) -> KdfCost:
        return self.kdf_cost or KdfCost.DEFAULT
