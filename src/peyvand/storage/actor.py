"""Who the operating system says is working: the default actor of the audit trail.

Apart from storage/unit_of_work.py (which imports the ORM and the audit table) so that
the window can name its workstation account before its first paint without them.
"""

from __future__ import annotations

import getpass


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises when no user name can be found (services, CI)
        return "unknown"
