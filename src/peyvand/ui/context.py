"""What every screen and dialog is given: no globals, so tests build them freely."""

from __future__ import annotations

from dataclasses import dataclass, field

from peyvand.config import Settings
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage.database import Database


@dataclass
class AppContext:
    db: Database
    settings: Settings = field(default_factory=Settings)
    clock: Clock = SYSTEM_CLOCK
    # Editors save drafts this often (milliseconds) while they hold unsaved changes.
    draft_interval_ms: int = 3000
