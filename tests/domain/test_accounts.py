import uuid

from peyvand.domain.accounts import Account, Permission, Role, unenforced
from peyvand.domain.enums import Classification

C = Classification


def account(*roles: Role, person: uuid.UUID | None = None) -> Account:
    return Account(login="x", roles=frozenset(roles), person_id=person)


def test_reader_reads_open_records_and_changes_nothing() -> None:
    reader = account(Role.READER)
    assert reader.may_read(C.NORMAL) and reader.may_read(C.RESTRICTED)
    assert not reader.may_read(C.CONFIDENTIAL) and not reader.may_read(C.SECRET)
    assert not reader.may_edit(C.NORMAL)
    assert not reader.may(Permission.EXPORT_TRIP)


def test_staff_edits_open_records_only() -> None:
    staff = account(Role.STAFF)
    assert staff.may_edit(C.RESTRICTED)
    assert not staff.may_read(C.SECRET) and not staff.may_edit(C.CONFIDENTIAL)
    assert staff.may(Permission.EXPORT_TRIP)
    assert not staff.may(Permission.EXPORT_CLASSIFIED_TRIP)


def test_cleared_staff_edits_and_exports_classified() -> None:
    both = account(Role.STAFF, Role.CLEARED)
    assert both.may_edit(C.SECRET) and both.may(Permission.EXPORT_CLASSIFIED_TRIP)
    cleared_only = account(Role.CLEARED)
    assert cleared_only.may_read(C.SECRET) and not cleared_only.may_edit(C.SECRET)


def test_administrator_does_not_read_classified_or_resolve_its_conflicts() -> None:
    admin = account(Role.ADMIN)
    assert admin.may(Permission.MANAGE_ACCOUNTS)
    assert admin.may_resolve_conflict(C.NORMAL)
    assert not admin.may_read(C.CONFIDENTIAL)
    assert not admin.may_resolve_conflict(C.SECRET)
    assert account(Role.STAFF, Role.CLEARED).may_resolve_conflict(C.SECRET)
    assert not account(Role.STAFF).may_resolve_conflict(C.NORMAL)


def test_owner_updates_own_follow_up_even_as_reader() -> None:
    me = uuid.uuid4()
    reader = account(Role.READER, person=me)
    assert reader.may_update_action(me, C.NORMAL)
    assert not reader.may_update_action(uuid.uuid4(), C.NORMAL)
    assert not reader.may_update_action(None, C.NORMAL)
    assert not reader.may_update_action(me, C.SECRET)


def test_disabled_account_may_nothing_and_workstation_may_everything() -> None:
    gone = Account(login="x", roles=frozenset(Role), disabled=True)
    assert not gone.may_read(C.NORMAL)
    local = unenforced("pc-user")
    assert local.may_edit(C.SECRET) and local.may(Permission.MANAGE_ACCOUNTS)
    assert not local.enforced
