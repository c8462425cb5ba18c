"""Announcement receipts in SQL (`drop_announcements`): each opening announcement's platform
message id and time, read back into the drop's transcript."""

from __future__ import annotations

from sqlalchemy import Connection, Table, select

from bot.drops.model import AnnouncementReceipt
from bot.store.sql_table import table_of
from bot.store.tables import DropAnnouncementRow

ANNOUNCEMENTS: Table = table_of(DropAnnouncementRow)


class SqlAnnouncements:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, receipt: AnnouncementReceipt) -> None:
        a = ANNOUNCEMENTS.c
        known = self.conn.execute(
            select(a.id).where(
                a.drop_id == receipt.drop_id,
                a.platform == receipt.platform,
                a.message_id == receipt.message_id,
            )
        ).first()
        if known is None:
            self.conn.execute(
                ANNOUNCEMENTS.insert().values(
                    drop_id=receipt.drop_id,
                    platform=receipt.platform,
                    message_id=receipt.message_id,
                    at=receipt.at,
                )
            )

    def for_drop(self, drop_id: int) -> list[AnnouncementReceipt]:
        a = ANNOUNCEMENTS.c
        rows = self.conn.execute(
            select(a.drop_id, a.platform, a.message_id, a.at)
            .where(a.drop_id == drop_id)
            .order_by(a.at, a.id)
        )
        return [AnnouncementReceipt(r.drop_id, r.platform, r.message_id, r.at) for r in rows]
