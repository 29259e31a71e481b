"""Timestamps for invoices, always in UTC."""

import datetime


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def stamp(moment: datetime.datetime | None = None) -> str:
    return (moment or now()).isoformat(timespec="seconds")
