"""Recurring drops' series in SQL: the rule, the options each occurrence opens with, and the
time of the next occurrence, which the scheduler plans from (migration 0015)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Column, Connection, Index, Table, Text, insert, select, update
from sqlmodel import Field, SQLModel

from bot.drops.model import Mode
from bot.drops.recurrence import Series, SeriesOptions, Weekly
from bot.store.columns import UtcDateTime
from bot.store.sql_table import table_of


class SeriesRow(SQLModel, table=True):
    __tablename__ = "drop_series"
    __table_args__ = (Index("ix_drop_series_channel_name", "channel", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    name: str
    weekday: int  # 0 is Monday
    at_minute: int  # minutes after local midnight
    options_json: str = Field(sa_column=Column(Text, nullable=False))
    next_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    created_by: str
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    stopped_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    stopped_by: str = ""
    last_drop_id: int | None = None


SERIES: Table = table_of(SeriesRow)


def _options_json(options: SeriesOptions) -> str:
    def seconds(span: timedelta | None) -> float | None:
        return None if span is None else span.total_seconds()

    return json.dumps(
        {
            "supply": options.supply,
            "entry_window": seconds(options.entry_window),
            "early": seconds(options.early),
            "mode": options.mode.value if options.mode else None,
            "title": options.title,
            "beacon": options.beacon,
        }
    )


def _options(text: str) -> SeriesOptions:
    raw = json.loads(text)

    def span(value: float | None) -> timedelta | None:
        return None if value is None else timedelta(seconds=value)

    return SeriesOptions(
        supply=raw.get("supply"),
        entry_window=span(raw.get("entry_window")),
        early=span(raw.get("early")),
        mode=Mode(raw["mode"]) if raw.get("mode") else None,
        title=raw.get("title"),
        beacon=raw.get("beacon"),
    )


def _values(series: Series) -> dict[str, Any]:
    return {
        "channel": series.channel,
        "name": series.name,
        "weekday": series.every.weekday,
        "at_minute": series.every.at.hour * 60 + series.every.at.minute,
        "options_json": _options_json(series.options),
        "next_at": series.next_at,
        "created_by": series.created_by,
        "created_at": series.created_at,
        "stopped_at": series.stopped_at,
        "stopped_by": series.stopped_by,
        "last_drop_id": series.last_drop_id,
    }


def _series(row: Any) -> Series:
    return Series(
        channel=row.channel,
        name=row.name,
        every=Weekly(row.weekday, time(row.at_minute // 60, row.at_minute % 60)),
        options=_options(row.options_json),
        next_at=row.next_at,
        created_by=row.created_by,
        created_at=row.created_at,
        stopped_at=row.stopped_at,
        stopped_by=row.stopped_by,
        last_drop_id=row.last_drop_id,
        id=row.id,
    )


class SqlSeries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, series: Series) -> Series:
        new_id = self.conn.execute(insert(SERIES).values(_values(series))).inserted_primary_key
        assert new_id is not None
        series.id = int(new_id[0])
        return series

    def save(self, series: Series) -> None:
        self.conn.execute(update(SERIES).where(SERIES.c.id == series.id).values(_values(series)))

    def get(self, series_id: int) -> Series | None:
        # FOR UPDATE on PostgreSQL: two transactions opening the same occurrence take turns, and
        # the second finds the series moved on (SQLite serializes writers anyway).
        query = select(SERIES).where(SERIES.c.id == series_id).with_for_update()
        row = self.conn.execute(query).first()
        return _series(row) if row else None

    def running(self, channel: str | None) -> list[Series]:
        query = select(SERIES).where(SERIES.c.stopped_at.is_(None))
        if channel is not None:
            query = query.where(SERIES.c.channel == channel)
        return [_series(r) for r in self.conn.execute(query.order_by(SERIES.c.name))]
