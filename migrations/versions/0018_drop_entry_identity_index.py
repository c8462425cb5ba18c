"""a member's entries are found through the season's index: ix_entry_identity goes

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 21:00:00

`ix_entry_person_visits` (identity, drop_id, entered_at), added by 0016, starts with the same two
columns as `ix_entry_identity` (identity, drop_id), so every query that could use the older one
can use it instead. Checked with EXPLAIN QUERY PLAN on SQLite and EXPLAIN on PostgreSQL for each
query that reads entries by person (`SqlEntries.of_identity` for `/drop history`,
`SqlEntries.returning`, the season's visits in `bot/store/season_people.py` and its tier counts
in `bot/store/seasons.py`): with the old index gone they search `ix_entry_person_visits` (on
PostgreSQL, once the table is vacuumed, the season's visits become an index-only scan of it
rather than a scan of the old index plus the table). One index fewer to write on every entry.
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entry_identity", table_name="entries")


def downgrade() -> None:
    op.create_index("ix_entry_identity", "entries", ["identity", "drop_id"])
