"""Protocol checklists and letters: checklist templates and their items, letter templates,
letters (the outgoing and incoming correspondence register) and their revisions; on
``action`` the anchor of a checklist item's deadline and what its readiness is checked
against; on ``attachment`` the letter a file belongs to (an incoming letter's scan).

New tables only, and nullable columns added to existing ones: nothing to fill in, and
SQLite adds the columns without rebuilding ``action`` or ``attachment`` (the foreign key
of ``attachment.letter_id`` is declared with the column, which SQLite allows for a
column whose default is NULL).

Named 0009 on merge (after the calendar's indexes, 0008).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 11:46:45.299655
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import peyvand.domain.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("incoming", "outgoing", name="direction", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("high_level", sa.Boolean(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column(
            "name_sort",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            server_default="",
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checklist_template", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checklist_template_live_name_sort",
            ["name_sort", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "letter_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "invitation",
                "visa_support",
                "thank_you",
                "intent",
                "minutes_cover",
                "general",
                name="letterkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "language",
            sa.Enum("fa", "en", name="language", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column(
            "name_sort",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            server_default="",
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.create_index(
            "ix_letter_template_live_name_sort",
            ["name_sort", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "checklist_template_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column(
            "anchor",
            sa.Enum("arrival", "departure", name="deadlineanchor", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column(
            "priority",
            sa.Enum(
                "low", "normal", "high", "urgent", name="priority", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column(
            "check",
            sa.Enum(
                "gifts",
                "invitation",
                "visa",
                "thank_you",
                "minutes",
                name="checklistcheck",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checklist_template_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_template_item_template_id"), ["template_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_checklist_template_item_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "letter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("draft", "registered", name="letterstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("register_year", sa.Integer(), nullable=True),
        sa.Column("register_seq", sa.Integer(), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("registered_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column("registered_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("incoming", "outgoing", name="direction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "invitation",
                "visa_support",
                "thank_you",
                "intent",
                "minutes_cover",
                "general",
                name="letterkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "language",
            sa.Enum("fa", "en", name="language", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("counterpart", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("counterpart_person_id", sa.Uuid(), nullable=True),
        sa.Column("counterpart_organization_id", sa.Uuid(), nullable=True),
        sa.Column("signatory", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("copies_to", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("has_attachments", sa.Boolean(), nullable=False),
        sa.Column("attachments_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("partnership_id", sa.Uuid(), nullable=True),
        sa.Column("reply_to_id", sa.Uuid(), nullable=True),
        sa.Column("their_number", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("their_date", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column(
            "classification",
            sa.Enum(
                "normal",
                "restricted",
                "confidential",
                "secret",
                name="classification",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column(
            "subject_sort",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            server_default="",
            nullable=False,
        ),
        sa.Column(
            "counterpart_sort",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            server_default="",
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reply_to_id"], ["letter.id"], initially="DEFERRED", deferrable=True
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["letter_template.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_counterpart_organization_id"),
            ["counterpart_organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_letter_counterpart_person_id"), ["counterpart_person_id"], unique=False
        )
        batch_op.create_index(
            "ix_letter_live_letter_date",
            ["letter_date", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_letter_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_letter_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_letter_reply_to_id"), ["reply_to_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_template_id"), ["template_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(
            "ux_letter_direction_number",
            ["direction", "number"],
            unique=True,
            sqlite_where=sa.text("number != ''"),
            postgresql_where=sa.text("number != ''"),
        )

    op.create_table(
        "letter_revision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("revised_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("revised_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("counterpart", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("signatory", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("copies_to", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("attachments_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_revision_letter_id"), ["letter_id"], unique=False
        )

    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "deadline_anchor",
                sa.Enum(
                    "arrival", "departure", name="deadlineanchor", native_enum=False, length=32
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "checklist_check",
                sa.Enum(
                    "gifts",
                    "invitation",
                    "visa",
                    "thank_you",
                    "minutes",
                    name="checklistcheck",
                    native_enum=False,
                    length=32,
                ),
                nullable=True,
            )
        )

    # Batch mode would rebuild the table to add the foreign key; SQLite adds a column
    # with REFERENCES in place when its default is NULL (Alembic offers no such op).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE attachment ADD COLUMN letter_id CHAR(32) REFERENCES letter (id)")
    else:
        op.add_column("attachment", sa.Column("letter_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(
            "fk_attachment_letter_id_letter", "attachment", "letter", ["letter_id"], ["id"]
        )
    op.create_index(op.f("ix_attachment_letter_id"), "attachment", ["letter_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_letter_id"))
        batch_op.drop_column("letter_id")

    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("checklist_check")
        batch_op.drop_column("deadline_anchor")

    with op.batch_alter_table("letter_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_revision_letter_id"))

    op.drop_table("letter_revision")
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_letter_direction_number",
            sqlite_where=sa.text("number != ''"),
            postgresql_where=sa.text("number != ''"),
        )
        batch_op.drop_index(batch_op.f("ix_letter_visit_id"))
        batch_op.drop_index(batch_op.f("ix_letter_template_id"))
        batch_op.drop_index(batch_op.f("ix_letter_status"))
        batch_op.drop_index(batch_op.f("ix_letter_reply_to_id"))
        batch_op.drop_index(batch_op.f("ix_letter_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_letter_meeting_id"))
        batch_op.drop_index(
            "ix_letter_live_letter_date",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_letter_counterpart_person_id"))
        batch_op.drop_index(batch_op.f("ix_letter_counterpart_organization_id"))

    op.drop_table("letter")
    with op.batch_alter_table("checklist_template_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_template_item_unit_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_template_item_template_id"))

    op.drop_table("checklist_template_item")
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_letter_template_live_name_sort",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("letter_template")
    with op.batch_alter_table("checklist_template", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_checklist_template_live_name_sort",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("checklist_template")
