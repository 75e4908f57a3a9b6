"""The sample office, loaded into the user's own (empty) database from the welcome page.

``load_demo`` writes the demo in many transactions, which is fine for a new file (the
command line builds it in a side file and renames it into place) but not for the open
database of a running application: an interruption half-way would leave a half-filled
database that then refuses a second try. So the demo is built in a temporary side file,
exported, and imported into ``db`` with the whole-database import, which checks
everything first and writes in one transaction: the sample is all there, or nothing is.
Imported rows keep the demo's ids, numbers and dates; their history says «ورود از پرونده».
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from peyvand.domain.errors import PeyvandError
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.demo import DemoSummary, load_demo
from peyvand.services.transfer import export_json, import_json
from peyvand.storage.database import Database

STEPS = 3


def load_sample_into(
    db: Database,
    *,
    clock: Clock = SYSTEM_CLOCK,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill the empty database ``db`` with the demo data, in one transaction.

    Refuses a database that holds data (``db.not_empty``) before doing anything.
    ``progress(done, total)`` follows the three steps: build, export, import.
    """
    report = progress or (lambda _done, _total: None)
    if not db.is_empty():
        raise PeyvandError("db.not_empty", path=str(db.path))
    with tempfile.TemporaryDirectory(prefix="peyvand-sample-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        side = Database.open(folder / "sample.sqlite3")
        try:
            report(0, STEPS)
            summary = load_demo(side, clock=clock)
            report(1, STEPS)
            export_json(side, folder / "sample.json")
            report(2, STEPS)
        finally:
            side.close()
        import_json(db, folder / "sample.json")
    report(STEPS, STEPS)
    return summary


__all__ = ["load_sample_into"]
