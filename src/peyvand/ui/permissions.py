"""Who may do what, as the window shows it: one map from the window's actions to the
account's rules (``domain.accounts``), and the Persian sentence that says why not.

Every screen and dialog gates its buttons and menu entries through :func:`gate` (or asks
:func:`allowed` / :func:`why_not`), so the rules live in one place: the domain says
what a role may do, this module says which button that is and how to explain a refusal.
In office mode the database refuses the same things whatever the window shows; on a
single workstation the account is not enforced and everything is allowed.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from peyvand.domain.accounts import Account, Permission, Role, is_classified
from peyvand.domain.enums import Classification

# The tooltip a widget had before it was gated, restored when it is allowed again.
_OWN_TIP = "peyvand_own_tooltip"


class Act(StrEnum):
    """What the window offers that a role may be refused."""

    CREATE = "create"  # a new visit, meeting, follow-up, person, organization, partnership
    EDIT = "edit"  # change, save or delete a record (per its classification)
    UPDATE_ACTION = "update_action"  # a follow-up's status and notes: its owner too
    IMPORT = "import"  # people from a sheet, trip packages
    EXPORT_TRIP = "export_trip"
    EXPORT_CLASSIFIED_TRIP = "export_classified_trip"
    RESOLVE_CONFLICT = "resolve_conflict"  # per the classification of the record
    EDIT_TEMPLATES = "edit_templates"  # checklist and letter templates (shared data)
    MANAGE_ACCOUNTS = "manage_accounts"
    UPGRADE = "upgrade"


def allowed(
    account: Account,
    act: Act,
    classification: Classification | str | None = None,
    *,
    owner_person_id: uuid.UUID | None = None,
) -> bool:
    """Whether ``account`` may do ``act`` (on a record of ``classification``; a
    follow-up's owner is ``owner_person_id``)."""
    if act in (Act.CREATE, Act.EDIT):
        return account.may_edit(classification)
    if act is Act.UPDATE_ACTION:
        return account.may_update_action(owner_person_id, classification)
    if act in (Act.IMPORT, Act.EDIT_TEMPLATES):
        return account.may(Permission.EDIT)
    if act is Act.EXPORT_TRIP:
        return account.may(Permission.EXPORT_TRIP)
    if act is Act.EXPORT_CLASSIFIED_TRIP:
        return account.may(Permission.EXPORT_CLASSIFIED_TRIP)
    if act is Act.RESOLVE_CONFLICT:
        return account.may_resolve_conflict(classification)
    if act is Act.MANAGE_ACCOUNTS:
        return account.may(Permission.MANAGE_ACCOUNTS)
    return account.may(Permission.UPGRADE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("permissions", text)


def why_not(
    account: Account,
    act: Act,
    classification: Classification | str | None = None,
    *,
    owner_person_id: uuid.UUID | None = None,
) -> str:
    """The Persian sentence a refused button shows as its tooltip; "" when allowed."""
    if allowed(account, act, classification, owner_person_id=owner_person_id):
        return ""
    if account.disabled:
        return _tr("این حساب غیرفعال شده است.")
    classified = is_classified(classification)
    if act in (Act.CREATE, Act.EDIT) and classified:
        return _tr(
            "فقط افراد دارای مجوز محرمانه که نقش کارشناس هم دارند رکوردهای محرمانه و سری "
            "را ویرایش می‌کنند."
        )
    reasons = {
        Act.CREATE: _tr("برای ثبت رکورد تازه نقش کارشناس لازم است."),
        Act.EDIT: _tr("برای ویرایش نقش کارشناس لازم است."),
        Act.UPDATE_ACTION: _tr(
            "وضعیت و یادداشت این پیگیری را فقط مسئول آن یا دارندهٔ نقش کارشناس تغییر می‌دهد."
        ),
        Act.IMPORT: _tr("برای ورود اطلاعات نقش کارشناس لازم است."),
        Act.EXPORT_TRIP: _tr("برای ساختن بستهٔ سفر نقش کارشناس لازم است."),
        Act.EXPORT_CLASSIFIED_TRIP: _tr(
            "فقط افراد دارای مجوز محرمانه (با نقش کارشناس) صورتجلسه‌های محرمانه و سری را "
            "در بستهٔ سفر می‌گذارند."
        ),
        Act.RESOLVE_CONFLICT: _tr(
            "ناسازگاری‌های رکوردهای محرمانه و سری را فقط افراد دارای مجوز محرمانه حل می‌کنند."
        )
        if classified
        else _tr("حل ناسازگاری‌ها کار مدیر سامانه است."),
        Act.EDIT_TEMPLATES: _tr("برای تغییر الگوها نقش کارشناس لازم است."),
        Act.MANAGE_ACCOUNTS: _tr("فقط مدیر سامانه کاربران و نقش‌ها را مدیریت می‌کند."),
        Act.UPGRADE: _tr("به‌روزرسانی پایگاه داده کار مدیر سامانه است."),
    }
    return reasons[act]


def gate(
    target: QWidget | QAction,
    account: Account,
    act: Act,
    classification: Classification | str | None = None,
    *,
    owner_person_id: uuid.UUID | None = None,
    hide: bool = False,
    enabled: bool = True,
) -> bool:
    """Enable ``target`` when ``account`` may do ``act``; otherwise disable it (or hide
    it, with ``hide``) with a tooltip that says why. Returns whether it is allowed.
    ``enabled`` is the target's own condition (a row selected, not in trip mode): an
    allowed target is enabled only when it holds. Gating again (another record, another
    account) restores the target's own tooltip."""
    reason = why_not(account, act, classification, owner_person_id=owner_person_id)
    own = target.property(_OWN_TIP)
    if own is None:
        own = target.toolTip()
        target.setProperty(_OWN_TIP, own)
    target.setEnabled(enabled and not reason)
    target.setToolTip(reason or str(own))
    if hide:
        target.setVisible(not reason)
    return not reason


def role_label(role: Role) -> str:
    """The role's Persian name, as the issue and the users screen call it."""
    names = {
        Role.READER: _tr("خواننده"),
        Role.STAFF: _tr("کارشناس"),
        Role.CLEARED: _tr("دارای مجوز محرمانه"),
        Role.ADMIN: _tr("مدیر سامانه"),
    }
    return names[role]


def roles_text(roles: frozenset[Role] | set[Role]) -> str:
    """The roles in their fixed order, joined with the Persian comma."""
    return "، ".join(role_label(r) for r in Role if r in roles)
