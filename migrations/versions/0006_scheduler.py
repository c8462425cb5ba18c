"""scheduler: APScheduler's persistent job store, in the same database

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 15:00:00

The table is the one APScheduler 3's SQLAlchemyJobStore reads and writes (its own layout, so
it never needs to create it): a job id, the next run time as a UTC timestamp, the pickled job.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25)),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_apscheduler_jobs_next_run_time", "apscheduler_jobs", ["next_run_time"])


def downgrade() -> None:
    op.drop_index("ix_apscheduler_jobs_next_run_time", table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
