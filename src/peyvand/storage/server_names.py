"""The names Peyvand's own objects carry on the office server: its group roles and the
prefix of its functions and policies.

Apart from storage/access.py (which builds every grant, policy and trigger) so that
reading an account (storage/accounts.py) does not import all of that (issue 16: start-up).
"""

from __future__ import annotations

from typing import Final

from peyvand.domain.accounts import Role

GROUP_PREFIX: Final = "peyvand_"
# Functions and policies Peyvand owns carry this prefix (install drops and remakes them).
PREFIX: Final = "peyvand_"


def group(role: Role) -> str:
    """The PostgreSQL group role of ``role``: ``peyvand_reader`` …"""
    return f"{GROUP_PREFIX}{role.value}"
