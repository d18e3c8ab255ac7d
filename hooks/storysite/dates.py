"""Dates as readers see them, and the build's idea of 'today'."""

from __future__ import annotations

import datetime as dt
import os

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(date: dt.date) -> str:
    """'5 March 2026': British style, independent of the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def build_today(environ: dict[str, str] | None = None) -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when a reproducible build pins the clock."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()
