"""Who may see and change what on the office server: grants, row-level security and
triggers, built from one map (PostgreSQL only; a single workstation enforces nothing).

The rules are those of ``domain/accounts.py`` (the window's statement of them); here the
database enforces the same, so that a colleague with an SQL client and their own login
gets exactly what the window would give them:

* four NOLOGIN group roles, ``peyvand_reader`` ⊂ ``peyvand_staff`` / ``peyvand_cleared`` /
  ``peyvand_admin`` (each of the three is a member of reader: every role reads);
* per-table grants (:data:`RULES` says which table is which kind);
* row-level security that hides classified (محرمانه، سری) visits and meetings and every
  row that carries their content from logins that are not members of
  ``peyvand_cleared``. Each table's rule says how a row reaches a classification — its
  own ``classification`` column, a foreign key to a row that may be hidden, or an
  ``(entity, entity_id)`` pair naming one (audit rows, conflicts, search documents).
  Since migration 0012 the outcome is kept on the row, in a ``peyvand_hidden`` column
  that triggers maintain from those rules (see "the hidden mark" below), and a policy
  tests that column: what is hidden is decided once, the same way for every table, and
  a query pays nothing per row for it;
* triggers that set the audit actor and a draft's author from ``session_user``, and
  (migration 0011) a trip export's exporter, a conflict's resolver and a progress
  note's author the same way.

The table owner (the role that ran ``server init``; ``pg_dump`` and ``server
import-local`` run as it) is exempt from row-level security — the tables do not FORCE
it — and keeps historic actors when it copies an audit trail.

:func:`install` (re)creates all of it idempotently; migration 0010 runs it, and so must
every later migration that adds a table (``tests/storage/test_permissions.py`` fails
for a table of the models without a rule here, or without its policies in a migrated
database).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy import Connection, text

from peyvand.domain.accounts import Role
from peyvand.storage.server_names import GROUP_PREFIX, PREFIX, group

CLASSIFIED_VALUES: Final = ("confidential", "secret")
_LIKE_PREFIX: Final = "peyvand\\_%"  # PREFIX as a LIKE pattern ("_" matches any one)


READER, STAFF, CLEARED, ADMIN = (
    group(r) for r in (Role.READER, Role.STAFF, Role.CLEARED, Role.ADMIN)
)


class Kind(StrEnum):
    OPEN = "open"  # holds nothing classified: grants alone decide
    RECORD = "record"  # may carry classified content: row-level security
    BOOKKEEPING = "bookkeeping"  # audit rows, conflicts, search documents, export records
    AUTHOR = "author"  # drafts: each login sees its own
    PACKAGE_ONLY = "package_only"  # filled only inside trip packages: no client access


@dataclass(frozen=True)
class Rule:
    """How a table's rows are protected.

    ``classification``: the row's own ``classification`` column marks it.
    ``parents``: (column, table) — the row is hidden when the row it points at is.
    ``entity``: (entity column, id column, form) — the row is about the record named by
    the pair (form ``text``: the UUID with dashes; ``hex``: 32 hex digits).
    ``blob``: hidden when every attachment that uses it is hidden (and there is one).
    ``staff``: privileges of ``peyvand_staff`` beyond SELECT.
    """

    kind: Kind
    classification: bool = False
    parents: tuple[tuple[str, str], ...] = ()
    entity: tuple[str, str, str] | None = None
    blob: bool = False
    staff: tuple[str, ...] = ("INSERT", "UPDATE")
    key: str = "id"  # the column other rows name this one by
    key_type: str = "uuid"


_OPEN = Rule(Kind.OPEN)

# Every table of the schema and what protects it. A table missing here is refused by
# install() and by the test that compares this map with the models.
RULES: Final[dict[str, Rule]] = {
    # The directory and templates: nothing classified in them.
    "unit": _OPEN,
    "organization": _OPEN,
    "person": _OPEN,
    "partnership": _OPEN,
    "agreement": _OPEN,
    "checklist_template": _OPEN,
    "checklist_template_item": _OPEN,
    "letter_template": _OPEN,
    "number_counter": _OPEN,
    "alembic_version": Rule(Kind.OPEN, staff=()),
    "app_user": Rule(Kind.OPEN, staff=()),  # written by the account functions only
    "trip_info": Rule(Kind.OPEN, staff=()),  # one row inside a package, none on a server
    "trip_base": Rule(Kind.PACKAGE_ONLY, staff=()),  # copies of exported rows
    # Visits and meetings, and what carries their content.
    "visit": Rule(Kind.RECORD, classification=True),
    "meeting": Rule(Kind.RECORD, classification=True, parents=(("visit_id", "visit"),)),
    "visit_member": Rule(Kind.RECORD, parents=(("visit_id", "visit"),)),
    "itinerary_item": Rule(Kind.RECORD, parents=(("visit_id", "visit"),)),
    "gift": Rule(Kind.RECORD, parents=(("visit_id", "visit"),)),
    "participant": Rule(Kind.RECORD, parents=(("meeting_id", "meeting"),)),
    "agenda_item": Rule(Kind.RECORD, parents=(("meeting_id", "meeting"),)),
    "statement": Rule(Kind.RECORD, parents=(("meeting_id", "meeting"),)),
    "decision": Rule(Kind.RECORD, parents=(("meeting_id", "meeting"),)),
    "action": Rule(
        Kind.RECORD, parents=(("source_decision_id", "decision"), ("source_visit_id", "visit"))
    ),
    "action_note": Rule(Kind.RECORD, parents=(("action_id", "action"),)),
    "letter": Rule(
        Kind.RECORD,
        classification=True,
        parents=(("visit_id", "visit"), ("meeting_id", "meeting")),
    ),
    "letter_revision": Rule(Kind.RECORD, parents=(("letter_id", "letter"),)),
    "attachment": Rule(
        Kind.RECORD,
        parents=(
            ("visit_id", "visit"),
            ("meeting_id", "meeting"),
            ("action_id", "action"),
            ("letter_id", "letter"),
        ),
    ),
    "blob": Rule(Kind.RECORD, blob=True, staff=("INSERT",)),
    # Bookkeeping about records.
    "audit_event": Rule(
        Kind.BOOKKEEPING, entity=("entity", "entity_id", "text"), staff=("INSERT",)
    ),
    "merge_conflict": Rule(Kind.BOOKKEEPING, entity=("entity", "entity_id", "text")),
    "search_doc": Rule(
        Kind.BOOKKEEPING, entity=("entity", "entity_id", "hex"), staff=("INSERT", "DELETE")
    ),
    "trip_export": Rule(
        Kind.BOOKKEEPING,
        parents=(("visit_id", "visit"),),
        staff=("INSERT",),
        key="package_id",
        key_type="text",
    ),
    "trip_export_row": Rule(
        Kind.BOOKKEEPING,
        parents=(("package_id", "trip_export"),),
        entity=("table_name", "row_id", "text"),
        staff=("INSERT",),
    ),
    "draft": Rule(Kind.AUTHOR, staff=()),
}

# Audit rows about a trip package name it by its package id.
ENTITY_ALIASES: Final = {"trip_package": "trip_export"}
# Columns a follow-up's owner may change even as reader (the status use case).
OWNER_UPDATE_COLUMNS: Final = ("status", "completed_on", "revision", "updated_at")
# Tables an administrator updates when resolving a merge conflict.
_ADMIN_UPDATE_KINDS: Final = (Kind.OPEN, Kind.RECORD)


def hiding_tables() -> list[str]:
    """Tables whose rows others name (by a foreign key or an entity pair) and hide with."""
    return [name for name, rule in RULES.items() if _can_hide(rule)]


def _can_hide(rule: Rule) -> bool:
    return (
        rule.kind in (Kind.RECORD, Kind.BOOKKEEPING)
        and rule.key != ""
        and (rule.classification or bool(rule.parents) or rule.blob)
        and rule.entity is None
    )


def _column_type(table: str, column: str) -> str:
    # trip_export keeps the visit id as text; every other reference is a uuid column.
    if table in ("trip_export", "trip_export_row"):
        return "text"
    return "uuid"


def visible_condition(table: str) -> str:
    return f"((SELECT {PREFIX}cleared()) OR NOT {HIDDEN_COLUMN})"


# --- the hidden mark --------------------------------------------------------------------
#
# Whether a row is hidden from logins that are not cleared is kept on the row itself, in
# a column only the office server has (HIDDEN_COLUMN; SQLite files and the models do not
# know it). Triggers keep it true to the rules above whenever a row is written or
# something it depends on changes, so that a policy is a test of the row's own column:
# a list or a search pays nothing per query for the rules (issue 13: the earlier
# policies recomputed every hidden id per query and made lists 3–8× slower).
#
# * ``peyvand_hide`` (BEFORE INSERT OR UPDATE, as the owner): the row's mark from its
#   own classification and its parents' or named record's marks — whatever the client
#   wrote into the column;
# * ``peyvand_hide_cascade`` (AFTER): when a row's mark changes, its children and the
#   bookkeeping rows about it are touched, so that their own trigger recomputes them
#   (recursively: a visit made secret hides its meetings, their statements, …); an
#   attachment's change recomputes its file.

HIDDEN_COLUMN: Final = f"{PREFIX}hidden"
_UUID_TEXT: Final = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID_HEX: Final = "^[0-9a-f]{32}$"


def flagged_tables() -> list[str]:
    """Tables whose rows carry the hidden mark (all that row-level security filters)."""
    return [name for name, rule in RULES.items() if rule.kind in (Kind.RECORD, Kind.BOOKKEEPING)]


def _as_key(target: str, value: str, value_type: str, form: str = "text") -> str:
    """``value`` (SQL of type ``value_type``) converted to ``target``'s key type. Text that
    is not a canonical UUID becomes NULL (it names no row) instead of failing the cast;
    CASE keeps the cast from running on it."""
    key_type = RULES[target].key_type
    if key_type == value_type:
        return value
    if key_type == "text":
        return f"CAST({value} AS text)"
    pattern = _UUID_HEX if form == "hex" else _UUID_TEXT
    return f"(CASE WHEN {value} ~ '{pattern}' THEN CAST({value} AS uuid) END)"


def _marked(target: str, value: str, value_type: str, form: str = "text") -> str:
    """SQL true when the row of ``target`` whose key is ``value`` is hidden."""
    return (
        f"EXISTS (SELECT 1 FROM {target} AS x WHERE x.{RULES[target].key} = "
        f"{_as_key(target, value, value_type, form)} AND x.{HIDDEN_COLUMN})"
    )


def _entity_targets() -> dict[str, str]:
    """Names a bookkeeping row may give (its ``entity``) → the table that names."""
    return {**{t: t for t in hiding_tables()}, **ENTITY_ALIASES}


def hidden_expression(table: str, row: str) -> str:
    """SQL true when ``row`` (``NEW`` in a trigger, the table's name in a set-wise
    update) of ``table`` must be hidden: the rules of :data:`RULES` read from the marks
    of the rows it depends on."""
    rule = RULES[table]
    parts: list[str] = []
    if rule.classification:
        values = ", ".join(f"'{v}'" for v in CLASSIFIED_VALUES)
        parts.append(f"{row}.classification IN ({values})")
    for column, parent in rule.parents:
        parts.append(_marked(parent, f"{row}.{column}", _column_type(table, column)))
    if rule.entity is not None:
        entity_col, id_col, form = rule.entity
        for name, target in _entity_targets().items():
            parts.append(
                f"({row}.{entity_col} = '{name}' AND "
                f"{_marked(target, f'{row}.{id_col}', 'text', form)})"
            )
    if rule.blob:
        parts.append(
            f"(EXISTS (SELECT 1 FROM attachment AS a WHERE a.blob_sha256 = {row}.sha256) "
            f"AND NOT EXISTS (SELECT 1 FROM attachment AS a WHERE a.blob_sha256 = "
            f"{row}.sha256 AND NOT a.{HIDDEN_COLUMN}))"
        )
    if not parts:
        raise ValueError(f"{table}: a record table needs a way to its classification")
    return "coalesce(" + " OR ".join(parts) + ", false)"


def _touch(table: str, where: str) -> str:
    # Setting the mark to itself runs the table's own trigger, which recomputes it.
    return f"UPDATE {table} SET {HIDDEN_COLUMN} = {HIDDEN_COLUMN} WHERE {where};"


def _dependents(table: str) -> list[str]:
    """The statements that recompute what depends on the row ``NEW`` of ``table``."""
    rule = RULES[table]
    key = f"NEW.{rule.key}"
    out: list[str] = []
    for child, child_rule in RULES.items():
        for column, parent in child_rule.parents:
            if parent == table:
                value = key
                if _column_type(child, column) != rule.key_type:
                    value = f"CAST({key} AS {_column_type(child, column)})"
                out.append(_touch(child, f"{column} = {value}"))
    names = [name for name, target in _entity_targets().items() if target == table]
    if names:
        listed = ", ".join(f"'{n}'" for n in names)
        for other, other_rule in RULES.items():
            if other_rule.entity is None:
                continue
            entity_col, id_col, form = other_rule.entity
            value = f"CAST({key} AS text)"
            if form == "hex":
                value = f"replace({value}, '-', '')"
            out.append(_touch(other, f"{entity_col} IN ({listed}) AND {id_col} = {value}"))
    return out


def _hide_function_sql(table: str, schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    name = f"{PREFIX}hide_{table}"
    out = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        f"SECURITY DEFINER {path} AS $$ BEGIN "
        f"NEW.{HIDDEN_COLUMN} := {hidden_expression(table, 'NEW')}; RETURN NEW; END $$"
    ]
    dependents = _dependents(table)
    blob = ""
    if table == "attachment":
        # A file is hidden when every use of it is: any change of a use recomputes it.
        blob = (
            "IF TG_OP <> 'INSERT' THEN "
            + _touch("blob", "sha256 = OLD.blob_sha256")
            + " END IF; IF TG_OP <> 'DELETE' THEN "
            + _touch("blob", "sha256 = NEW.blob_sha256")
            + " END IF;"
        )
    if dependents or blob:
        changed = (
            f"IF TG_OP = 'INSERT' AND NEW.{HIDDEN_COLUMN} OR TG_OP = 'UPDATE' AND "
            f"OLD.{HIDDEN_COLUMN} IS DISTINCT FROM NEW.{HIDDEN_COLUMN} THEN "
        )
        body = (changed + " ".join(dependents) + " END IF; ") if dependents else ""
        out.append(
            f"CREATE OR REPLACE FUNCTION {name}_cascade() RETURNS trigger LANGUAGE plpgsql "
            f"SECURITY DEFINER {path} AS $$ BEGIN {body}{blob} RETURN NULL; END $$"
        )
    return out


def _hide_triggers(table: str) -> list[str]:
    name = f"{PREFIX}hide_{table}"
    out = [
        f"DROP TRIGGER IF EXISTS {PREFIX}hide ON {table}",
        f"DROP TRIGGER IF EXISTS {PREFIX}hide_cascade ON {table}",
        f"CREATE TRIGGER {PREFIX}hide BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]
    if _dependents(table) or table == "attachment":
        events = "INSERT OR UPDATE OR DELETE" if table == "attachment" else "INSERT OR UPDATE"
        out.append(
            f"CREATE TRIGGER {PREFIX}hide_cascade AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}_cascade()"
        )
    return out


def _flag_order() -> list[str]:
    """Tables in the order their marks can be computed: parents first, named records
    before the bookkeeping about them, attachments before files."""
    hiding = _dependency_order(hiding_tables())
    rest = [t for t in flagged_tables() if t not in hiding]
    return hiding + rest


def refresh_hidden(conn: Connection) -> int:
    """Recompute every row's hidden mark from the rules, table by table (after a bulk
    load that ran without triggers, and when the mark is first added). Returns the
    number of rows whose mark changed."""
    if conn.dialect.name != "postgresql":
        return 0
    present = existing_tables(conn)
    changed = 0
    for table in _flag_order():
        if table not in present:
            continue
        expression = hidden_expression(table, table)
        result = conn.execute(
            text(
                f"UPDATE {table} SET {HIDDEN_COLUMN} = {expression} "
                f"WHERE {HIDDEN_COLUMN} IS DISTINCT FROM {expression}"
            )
        )
        changed += result.rowcount or 0
    return changed


# --- the SQL -------------------------------------------------------------------------------


def _create_groups() -> list[str]:
    # Roles belong to the cluster, not the database: several Peyvand databases (the
    # tests' clones) share them, so they are created only when missing, and two
    # databases set up at the same moment do not trip over each other.
    statements = []
    for role in (READER, STAFF, CLEARED, ADMIN):
        statements.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    for role in (STAFF, CLEARED, ADMIN):
        # Granting an existing membership again still needs the right to grant it.
        statements.append(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_auth_members AS m "
            "JOIN pg_roles AS r ON r.oid = m.roleid JOIN pg_roles AS u ON u.oid = m.member "
            f"WHERE r.rolname = '{READER}' AND u.rolname = '{role}') THEN "
            f"GRANT {READER} TO {role}; END IF; END $$"
        )
    return statements


def _helper_functions(schema: str, present: set[str]) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    known = " UNION ALL ".join(
        f"SELECT id FROM {name} WHERE id = ANY(ids)"
        for name, rule in RULES.items()
        if rule.kind in (Kind.OPEN, Kind.RECORD) and name in present and name not in _NO_ID_TABLES
    )
    return [
        # Whether the session's login may read classified records. Evaluated as the
        # caller (not SECURITY DEFINER): session_user is who signed in.
        # PARALLEL SAFE: a policy calling a function that is not would keep every query
        # of a login under row-level security from parallel plans (counts 3-15x slower).
        f"CREATE OR REPLACE FUNCTION {PREFIX}cleared() RETURNS boolean LANGUAGE sql STABLE "
        f"PARALLEL SAFE {path} AS $$ SELECT pg_has_role(session_user, '{CLEARED}', 'MEMBER') $$",
        # The person the session's login is (app_user), for "my follow-ups".
        f"CREATE OR REPLACE FUNCTION {PREFIX}my_person() RETURNS uuid LANGUAGE sql STABLE "
        f"PARALLEL SAFE SECURITY DEFINER {path} AS "
        "$$ SELECT person_id FROM app_user WHERE login = session_user $$",
        # Whether the session is the owner of Peyvand's tables (or a superuser).
        f"CREATE OR REPLACE FUNCTION {PREFIX}is_owner() RETURNS boolean LANGUAGE sql STABLE "
        f"SECURITY DEFINER {path} AS $$ SELECT pg_has_role(session_user, "
        "(SELECT relowner FROM pg_class WHERE oid = 'app_user'::regclass), 'MEMBER') $$",
        # Which of ``ids`` the office has ever seen, in any table, hidden or not: a trip
        # import must refuse a "new" row whose id is taken without learning anything
        # else about that row.
        f"CREATE OR REPLACE FUNCTION {PREFIX}known_ids(ids uuid[]) RETURNS SETOF uuid "
        f"LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ {known} $$",
        # The audit actor is who signed in, whatever the client wrote; only the owner
        # (server import-local copying a workstation's history) keeps the given one.
        f"CREATE OR REPLACE FUNCTION {PREFIX}audit_actor() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"IF NOT {PREFIX}is_owner() THEN NEW.actor := coalesce((SELECT "
        "nullif(display_name, '') FROM app_user WHERE login = session_user), session_user); "
        "END IF; RETURN NEW; END $$",
        # Who did it, in the other rows that name a person (issue 13, migration 0011):
        # a trip export's exporter, a conflict's resolver, a progress note's author.
        # The same name as the audit actor; only the owner keeps what it copies.
        f"CREATE OR REPLACE FUNCTION {PREFIX}signed_in_name() RETURNS text "
        f"LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ SELECT coalesce((SELECT "
        "nullif(display_name, '') FROM app_user WHERE login = session_user), "
        "CAST(session_user AS text)) $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}export_actor() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"IF NOT {PREFIX}is_owner() THEN NEW.exported_by := {PREFIX}signed_in_name(); "
        "END IF; RETURN NEW; END $$",
        # Resolving (or re-resolving) names who did it; any other change keeps the name
        # there was, and an open conflict names nobody.
        f"CREATE OR REPLACE FUNCTION {PREFIX}resolver() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"IF NOT {PREFIX}is_owner() THEN "
        "IF NEW.resolved_at IS NULL THEN NEW.resolved_by := NULL; "
        "ELSIF TG_OP = 'UPDATE' AND NEW.resolved_at IS NOT DISTINCT FROM OLD.resolved_at "
        "THEN NEW.resolved_by := OLD.resolved_by; "
        f"ELSE NEW.resolved_by := {PREFIX}signed_in_name(); END IF; "
        "END IF; RETURN NEW; END $$",
        # A note is its writer's: named on insert, never renamed by an edit.
        f"CREATE OR REPLACE FUNCTION {PREFIX}note_author() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"IF NOT {PREFIX}is_owner() THEN "
        f"IF TG_OP = 'INSERT' THEN NEW.author := {PREFIX}signed_in_name(); "
        "ELSE NEW.author := OLD.author; END IF; "
        "END IF; RETURN NEW; END $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}draft_author() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"IF NOT {PREFIX}is_owner() THEN NEW.author := session_user; END IF; "
        "RETURN NEW; END $$",
    ]


# Tables keyed otherwise than by a uuid ``id``.
_NO_ID_TABLES: Final = frozenset(
    {
        "audit_event",
        "merge_conflict",
        "search_doc",
        "trip_export",
        "trip_export_row",
        "trip_info",
        "trip_base",
        "draft",
        "number_counter",
        "alembic_version",
        "app_user",
    }
)


def _account_functions(schema: str) -> list[str]:
    """Account management as the owner, for administrators: a login never needs the
    CREATEROLE attribute (with which, before PostgreSQL 16, it could make itself a
    member of any role, peyvand_cleared included)."""
    path = f"SET search_path = {schema}, pg_temp"
    admin_check = (
        f"IF NOT ({PREFIX}is_owner() OR pg_has_role(session_user, '{ADMIN}', 'MEMBER')) THEN "
        "RAISE EXCEPTION 'only an administrator manages accounts' USING ERRCODE = '42501'; "
        "END IF;"
    )
    # An administrator does not change their own account (a lone administrator could
    # otherwise make themselves cleared); the owner or another administrator does.
    not_self = (
        f"IF p_login = session_user AND NOT {PREFIX}is_owner() THEN "
        "RAISE EXCEPTION 'an administrator does not change their own account' "
        "USING ERRCODE = '42501'; END IF;"
    )
    known = (
        "IF NOT EXISTS (SELECT 1 FROM app_user WHERE login = p_login) THEN "
        "RAISE EXCEPTION 'no such account' USING ERRCODE = '42704'; END IF;"
    )
    roles = ", ".join(f"'{r.value}'" for r in Role)
    set_roles = (
        "FOREACH r IN ARRAY coalesce(p_roles, ARRAY[]::text[]) LOOP "
        f"IF r NOT IN ({roles}) THEN RAISE EXCEPTION 'no such role: %', r "
        "USING ERRCODE = '22023'; END IF; END LOOP; "
        f"FOREACH r IN ARRAY ARRAY[{roles}] LOOP "
        f"IF r = ANY(coalesce(p_roles, ARRAY[]::text[])) THEN "
        f"EXECUTE format('GRANT %I TO %I', '{GROUP_PREFIX}' || r, p_login); "
        f"ELSE EXECUTE format('REVOKE %I FROM %I', '{GROUP_PREFIX}' || r, p_login); "
        "END IF; END LOOP;"
    )
    return [
        f"CREATE OR REPLACE FUNCTION {PREFIX}account_add(p_login text, p_verifier text, "
        "p_roles text[], p_display text, p_person uuid, p_unit uuid) RETURNS void "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ DECLARE r text; found record; BEGIN "
        f"{admin_check} {not_self} "
        "IF EXISTS (SELECT 1 FROM app_user WHERE login = p_login) THEN "
        "RAISE EXCEPTION 'login taken' USING ERRCODE = '42710'; END IF; "
        "SELECT * INTO found FROM pg_roles WHERE rolname = p_login; "
        "IF found.rolname IS NULL THEN "
        "IF p_verifier IS NULL THEN EXECUTE format('CREATE ROLE %I LOGIN', p_login); "
        "ELSE EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_verifier); "
        "END IF; "
        # A login that exists in the cluster already (single sign-on roles made by the
        # IT department, another Peyvand database on the same server) is taken on,
        # unless it is a role with powers of its own.
        "ELSIF found.rolsuper OR found.rolcreaterole OR found.rolbypassrls "
        f"OR p_login LIKE '{GROUP_PREFIX}%' OR {PREFIX}is_owner_name(p_login) THEN "
        "RAISE EXCEPTION 'login taken' USING ERRCODE = '42710'; "
        "ELSE "
        "IF p_verifier IS NOT NULL THEN "
        "EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier); END IF; "
        "EXECUTE format('ALTER ROLE %I LOGIN', p_login); "
        "END IF; "
        f"{set_roles} "
        "INSERT INTO app_user (id, login, display_name, person_id, unit_id, disabled, "
        "created_at) VALUES (gen_random_uuid(), p_login, coalesce(p_display, ''), p_person, "
        "p_unit, false, now()); END $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}is_owner_name(p_login text) RETURNS boolean "
        f"LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ SELECT EXISTS (SELECT 1 FROM "
        "pg_class AS c JOIN pg_roles AS o ON o.oid = c.relowner "
        "WHERE c.oid = 'app_user'::regclass AND o.rolname = p_login) $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}account_roles(p_login text, p_roles text[]) "
        f"RETURNS void LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ DECLARE r text; BEGIN "
        f"{admin_check} {not_self} {known} {set_roles} END $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}account_link(p_login text, p_person uuid, "
        "p_unit uuid, p_display text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        f"{path} AS $$ BEGIN {admin_check} {known} "
        "UPDATE app_user SET person_id = p_person, unit_id = p_unit, "
        "display_name = coalesce(p_display, display_name) WHERE login = p_login; END $$",
        f"CREATE OR REPLACE FUNCTION {PREFIX}account_disable(p_login text) RETURNS void "
        f"LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ BEGIN "
        f"{admin_check} {not_self} {known} "
        "EXECUTE format('ALTER ROLE %I NOLOGIN', p_login); "
        "UPDATE app_user SET disabled = true, disabled_at = coalesce(disabled_at, now()) "
        "WHERE login = p_login; END $$",
    ]


def _policies(table: str) -> list[str]:
    """Row-level security of one table: reading for everyone who may see the row, writing
    for staff (and the special cases of readers and administrators)."""
    rule = RULES[table]
    visible = "true" if rule.kind in (Kind.OPEN, Kind.AUTHOR) else visible_condition(table)
    out = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"]

    def policy(
        name: str, command: str, roles: Iterable[str], using: str | None, check: str | None
    ) -> None:
        clause = f"CREATE POLICY {PREFIX}{name} ON {table} FOR {command} TO {', '.join(roles)}"
        if using is not None:
            clause += f" USING ({using})"
        if check is not None:
            clause += f" WITH CHECK ({check})"
        out.append(clause)

    if rule.kind == Kind.AUTHOR:
        mine = "author = session_user"
        policy("own", "ALL", [READER], mine, mine)
        return out
    policy("read", "SELECT", [READER], visible, None)
    if "INSERT" in rule.staff:
        policy("insert", "INSERT", [STAFF], None, visible)
    if "UPDATE" in rule.staff and _admin_resolves(table):
        policy("update", "UPDATE", [STAFF], visible, visible)
        # An administrator changes a record only to resolve a conflict about it; the
        # conflict is marked resolved after the record, in the same transaction.
        conflict = (
            f"EXISTS (SELECT 1 FROM merge_conflict AS c WHERE c.entity = '{table}' AND "
            "c.entity_id = CAST(id AS text) AND c.resolved_at IS NULL)"
        )
        policy("update_admin", "UPDATE", [ADMIN], f"{visible} AND {conflict}", visible)
    elif "UPDATE" in rule.staff:
        policy("update", "UPDATE", [STAFF, ADMIN], visible, visible)
    if "DELETE" in rule.staff:
        policy("delete", "DELETE", [STAFF, ADMIN], visible, None)
    if table == "audit_event":
        # Administrators resolving conflicts, and owners of follow-ups changing their
        # status, write audit rows too — about what they may change.
        policy("insert_admin", "INSERT", [ADMIN], None, visible)
        policy(
            "insert_owner",
            "INSERT",
            [READER],
            None,
            f"entity IN ('action', 'action_note') AND {visible}",
        )
    if table == "search_doc":
        policy("insert_admin", "INSERT", [ADMIN], None, visible)
        own_doc = (
            "entity = 'action' AND CAST(entity_id AS uuid) IN (SELECT id FROM action WHERE "
            f"owner_person_id = (SELECT {PREFIX}my_person()))"
        )
        policy("insert_owner", "INSERT", [READER], None, f"{own_doc} AND {visible}")
        policy("delete_owner", "DELETE", [READER], f"{own_doc} AND {visible}", None)
    if table == "action":
        own = f"owner_person_id = (SELECT {PREFIX}my_person()) AND {visible}"
        policy("update_owner", "UPDATE", [READER], own, own)
    if table == "action_note":
        own_action = (
            "action_id IN (SELECT id FROM action WHERE "
            f"owner_person_id = (SELECT {PREFIX}my_person()))"
        )
        policy("insert_owner", "INSERT", [READER], None, f"{own_action} AND {visible}")
    return out


def _grants(table: str) -> list[str]:
    rule = RULES[table]
    out = [f"REVOKE ALL ON {table} FROM PUBLIC, {READER}, {STAFF}, {CLEARED}, {ADMIN}"]
    if rule.kind == Kind.PACKAGE_ONLY:
        return out
    if rule.kind == Kind.AUTHOR:
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {READER}")
        return out
    out.append(f"GRANT SELECT ON {table} TO {READER}")
    if rule.staff:
        out.append(f"GRANT {', '.join(rule.staff)} ON {table} TO {STAFF}")
    if table == "merge_conflict" or _admin_resolves(table):
        out.append(f"GRANT UPDATE ON {table} TO {ADMIN}")
    if table in ("audit_event",):
        out.append(f"GRANT INSERT ON {table} TO {ADMIN}, {READER}")
    if table == "search_doc":
        out.append(f"GRANT INSERT, DELETE ON {table} TO {ADMIN}, {READER}")
    if table == "action":
        out.append(f"GRANT UPDATE ({', '.join(OWNER_UPDATE_COLUMNS)}) ON {table} TO {READER}")
    if table == "action_note":
        out.append(f"GRANT INSERT ON {table} TO {READER}")
    return out


def _drop_own_policies(conn: Connection) -> None:
    rows = conn.execute(
        text(
            "SELECT tablename, policyname FROM pg_policies "
            "WHERE schemaname = current_schema() AND policyname LIKE :p"
        ),
        {"p": _LIKE_PREFIX},
    )
    for table, name in list(rows):
        conn.execute(text(f'DROP POLICY "{name}" ON "{table}"'))


def existing_tables(conn: Connection) -> set[str]:
    return set(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )


def install(conn: Connection) -> None:
    """Create (or re-create) the group roles, grants, functions, policies and triggers
    on the office server, in ``conn``'s transaction. Tables not created yet (an older
    migration running before a later one adds them) are left for that migration."""
    if conn.dialect.name != "postgresql":
        return
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    present = existing_tables(conn)
    unknown = sorted(present - set(RULES))
    if unknown:
        raise RuntimeError(f"tables without an access rule (storage/access.py): {unknown}")
    for statement in _create_groups():
        conn.execute(text(statement))
    _drop_own_policies(conn)
    # Migration 0010's policies asked functions for every hidden id (dropped with them).
    for signature in _own_functions(conn, f"{PREFIX}hidden\\_%"):
        conn.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))
    added = _add_hidden_columns(conn, present)
    for statement in _helper_functions(schema, present):
        conn.execute(text(statement))
    for table in (t for t in flagged_tables() if t in present):
        for statement in [*_hide_function_sql(table, schema), *_hide_triggers(table)]:
            conn.execute(text(statement))
    if added:
        refresh_hidden(conn)
    _live_indexes(conn, present)
    mark_search_leakproof(conn)
    for statement in _account_functions(schema):
        conn.execute(text(statement))
    for table in (t for t in RULES if t in present):
        for statement in _table_statements(table):
            conn.execute(text(statement))
    conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {READER}"))
    # Peyvand's functions only (pg_trgm's live in the same schema and stay as they are).
    for signature in _own_functions(conn):
        conn.execute(text(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC"))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {signature} TO {READER}"))
    _triggers(conn, present)


def _admin_resolves(table: str) -> bool:
    """Whether administrators may UPDATE ``table`` to resolve merge conflicts (the
    directory and record tables; rows of other kinds are not the subject of one)."""
    rule = RULES[table]
    return (
        rule.kind in _ADMIN_UPDATE_KINDS and "UPDATE" in rule.staff and table != "number_counter"
    )


def _table_statements(table: str) -> list[str]:
    statements = _grants(table)
    # Open tables need row policies too, for the administrator's narrower UPDATE.
    if RULES[table].kind in (Kind.RECORD, Kind.BOOKKEEPING, Kind.AUTHOR) or _admin_resolves(
        table
    ):
        statements += _policies(table)
    return statements


def _own_functions(conn: Connection, like: str = _LIKE_PREFIX) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc AS p JOIN pg_namespace AS n "
                "ON n.oid = p.pronamespace WHERE n.nspname = current_schema() "
                "AND p.proname LIKE :p"
            ),
            {"p": like},
        ).scalars()
    )


def _add_hidden_columns(conn: Connection, present: set[str]) -> bool:
    """Give every filtered table its hidden mark; whether any table lacked it."""
    having = set(
        conn.execute(
            text(
                "SELECT table_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND column_name = :c"
            ),
            {"c": HIDDEN_COLUMN},
        ).scalars()
    )
    added = False
    for table in flagged_tables():
        if table in present and table not in having:
            conn.execute(
                text(
                    f"ALTER TABLE {table} ADD COLUMN {HIDDEN_COLUMN} boolean NOT NULL DEFAULT false"
                )
            )
            added = True
    return added


def _live_indexes(conn: Connection, present: set[str]) -> None:
    """A list's count reads the live rows of a table through a small index (an
    index-only scan); under row-level security the count also needs the mark, so each
    filtered table with tombstones gets an index of the mark over its live rows."""
    with_tombstones = set(
        conn.execute(
            text(
                "SELECT table_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND column_name = 'deleted_at'"
            )
        ).scalars()
    )
    for table in flagged_tables():
        if table in present and table in with_tombstones:
            conn.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS {PREFIX}live_{table} ON {table} "
                    f"({HIDDEN_COLUMN}) WHERE deleted_at IS NULL"
                )
            )


# The operators a search puts in its WHERE clause (storage/search_pg.py: ``words @@ q``,
# ``grams LIKE p``). PostgreSQL lets an index or the column statistics serve a condition
# on a table under row-level security only when the condition's function is LEAKPROOF
# (it could otherwise be run on hidden rows first and reveal them in an error). These
# two are not marked so, though neither raises an error or a notice that depends on the
# row's value (textlike's errors are about the pattern): unmarked, every search of a
# login under row-level security read the whole index table (609 / 1.9 ms for a name on
# 600,000 documents). Only a superuser may mark them, in this database's catalogue.
LEAKPROOF_SEARCH: Final = ("ts_match_vq(tsvector, tsquery)", "textlike(text, text)")


def mark_search_leakproof(conn: Connection) -> None:
    """Mark :data:`LEAKPROOF_SEARCH` when this session may (a superuser); else leave
    it to one (``server upgrade`` run by a superuser does it)."""
    superuser = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if superuser and not search_is_leakproof(conn):
        for signature in LEAKPROOF_SEARCH:
            conn.execute(text(f"ALTER FUNCTION pg_catalog.{signature} LEAKPROOF"))


def search_is_leakproof(conn: Connection) -> bool:
    """Whether a search under row-level security may use the search indexes (see
    :data:`LEAKPROOF_SEARCH`); always true where there is no row-level security."""
    if conn.dialect.name != "postgresql":
        return True
    marked = conn.execute(
        text(
            "SELECT count(*) FROM pg_proc WHERE proleakproof AND "
            "oid = ANY(CAST(:sigs AS regprocedure[]))"
        ),
        {"sigs": [f"pg_catalog.{s}" for s in LEAKPROOF_SEARCH]},
    ).scalar_one()
    return int(marked) == len(LEAKPROOF_SEARCH)


def drop_hidden_columns(conn: Connection) -> None:
    """Remove the hidden mark, its triggers and the policies that read it (migration
    0012's downgrade). Row-level security stays enabled with no policy left on those
    tables, so a login then reads none of their rows until the policies are installed
    again: the server fails closed."""
    if conn.dialect.name != "postgresql":
        return
    present = existing_tables(conn)
    for signature in _own_functions(conn, f"{PREFIX}hide\\_%"):
        conn.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))
    for table in (t for t in flagged_tables() if t in present):
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {HIDDEN_COLUMN} CASCADE"))


# Tables whose rows name the person who acted, and the trigger function that names them:
# (table, trigger function, events). The audit actor and a draft's author come first.
PERSON_TRIGGERS: Final = (
    ("trip_export", "export_actor", "INSERT"),
    ("merge_conflict", "resolver", "INSERT OR UPDATE"),
    ("action_note", "note_author", "INSERT OR UPDATE"),
)


# The audit actor and a draft's author (migration 0010), named the same way.
_ACTOR_TRIGGERS: Final = (
    ("audit_event", "audit_actor", "INSERT"),
    ("draft", "draft_author", "INSERT OR UPDATE"),
)


def _triggers(conn: Connection, present: set[str]) -> None:
    for table, function, events in (*_ACTOR_TRIGGERS, *PERSON_TRIGGERS):
        if table not in present:
            continue
        conn.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{function} ON {table}"))
        conn.execute(
            text(
                f"CREATE TRIGGER {PREFIX}{function} BEFORE {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}{function}()"
            )
        )


def _dependency_order(tables: list[str]) -> list[str]:
    """Parents' functions before their children's (a SQL function's body is checked
    when it is created)."""
    done: list[str] = []

    def visit(table: str) -> None:
        if table in done:
            return
        rule = RULES[table]
        for _column, parent in rule.parents:
            visit(parent)
        if rule.blob:
            visit("attachment")
        done.append(table)

    for table in tables:
        visit(table)
    return done


def uninstall(conn: Connection) -> None:
    """Remove the policies, functions and triggers (the roles stay: they belong to the
    cluster, and other databases may use them)."""
    if conn.dialect.name != "postgresql":
        return
    _drop_own_policies(conn)
    present = existing_tables(conn)
    for table in present & set(RULES):
        conn.execute(text(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"))
    for table, function, _events in _ACTOR_TRIGGERS:
        if table in present:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{function} ON {table}"))
    drop_person_triggers(conn, present)
    for signature in _own_functions(conn):
        conn.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))
    for table in (t for t in flagged_tables() if t in present):
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {HIDDEN_COLUMN}"))


def drop_person_triggers(conn: Connection, present: set[str] | None = None) -> None:
    """Remove the triggers naming exporters, resolvers and note authors, and their
    functions (migration 0011's downgrade)."""
    if conn.dialect.name != "postgresql":
        return
    present = existing_tables(conn) if present is None else present
    for table, function, _events in PERSON_TRIGGERS:
        if table in present:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{function} ON {table}"))
        conn.execute(text(f"DROP FUNCTION IF EXISTS {PREFIX}{function}()"))
    conn.execute(text(f"DROP FUNCTION IF EXISTS {PREFIX}signed_in_name()"))
