"""gating: allocation lists, account links, filtered claims, entry re-check at close

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 09:15:52.675324
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.columns

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "account_links",
        sa.Column("account", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("linked_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account"),
    )
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_links_identity"), ["identity"], unique=False)

    op.create_table(
        "allocation_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "name", name="uq_allocation_list_name"),
    )
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("account", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("used_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_codes_account"), ["account"], unique=False)

    op.create_table(
        "allocation_list_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("account", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("added_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["allocation_lists.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("list_id", "account", name="uq_list_member"),
    )
    with op.batch_alter_table("allocation_list_members", schema=None) as batch_op:
        batch_op.create_index("ix_list_member_account", ["account"], unique=False)

    op.create_table(
        "filtered_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("first_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["drop_id"],
            ["drops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("drop_id", "identity", "reason", name="uq_filtered_claim"),
    )
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "guaranteed_json",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="[]",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "anti_bot_json",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="{}",
                nullable=False,
            )
        )

    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "account", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "badges", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "roles", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("excluded_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("drawn_weight", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_entry_drop_identity"), type_="unique")
        batch_op.create_index(
            "uq_entry_drop_identity",
            ["drop_id", "identity"],
            unique=True,
            sqlite_where=sa.text("excluded_reason IS NULL"),
            postgresql_where=sa.text("excluded_reason IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_entry_drop_identity",
            sqlite_where=sa.text("excluded_reason IS NULL"),
            postgresql_where=sa.text("excluded_reason IS NULL"),
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_entry_drop_identity"), ["drop_id", "identity"]
        )
        batch_op.drop_column("drawn_weight")
        batch_op.drop_column("excluded_reason")
        batch_op.drop_column("roles")
        batch_op.drop_column("badges")
        batch_op.drop_column("account")

    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.drop_column("anti_bot_json")
        batch_op.drop_column("guaranteed_json")

    op.drop_table("filtered_claims")
    with op.batch_alter_table("allocation_list_members", schema=None) as batch_op:
        batch_op.drop_index("ix_list_member_account")

    op.drop_table("allocation_list_members")
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_codes_account"))

    op.drop_table("link_codes")
    op.drop_table("allocation_lists")
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_links_identity"))

    op.drop_table("account_links")
