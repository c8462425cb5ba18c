"""discord: guild setup, drop posts, command syncs; outbox delivery per sink

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 12:30:00

The outbox's single `sent_at` becomes one row per (message, sink), so Twitch chat and Discord
each deliver every message once, on their own schedule. Messages Twitch already sent are carried
over as sent by the "twitch" sink.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.columns

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

AT = bot.store.columns.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox_deliveries",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("sink", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sent_at", AT, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", "sink"),
    )
    op.execute(
        "INSERT INTO outbox_deliveries (message_id, sink, sent_at, attempts) "
        "SELECT id, 'twitch', sent_at, attempts FROM outbox "
        "WHERE sent_at IS NOT NULL OR attempts > 0"
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("attempts")
        batch_op.create_index("ix_outbox_created", ["created_at", "id"], unique=False)

    op.create_table(
        "discord_guilds",
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("announce_channel_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary_channel_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("moderator_role_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "discord_posts",
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("posted_at", AT, nullable=False),
        sa.PrimaryKeyConstraint("drop_id", "guild_id"),
    )
    op.create_table(
        "discord_command_syncs",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("synced_at", AT, nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )


def downgrade() -> None:
    op.drop_table("discord_command_syncs")
    op.drop_table("discord_posts")
    op.drop_table("discord_guilds")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_created")
        batch_op.add_column(sa.Column("sent_at", AT, nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ix_outbox_pending", ["sent_at", "id"], unique=False)
    op.execute(
        "UPDATE outbox SET sent_at = (SELECT d.sent_at FROM outbox_deliveries d "
        "WHERE d.message_id = outbox.id AND d.sink = 'twitch')"
    )
    op.drop_table("outbox_deliveries")
