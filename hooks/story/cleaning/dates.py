"""Dates known to a year, a month or a day, written as YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date with only as much precision as is known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The same YYYY[-MM[-DD]] form it was written in, for `<time datetime>`."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        """'16 July 2024', 'July 2024' or '2024': no more precise than what is known."""
        if self.day:
            return f"{self.day} {calendar.month_name[self.month or 1]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        """The earliest day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day this date can mean."""
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])


def parse_partial_date(value: object) -> PartialDate:
    """Read YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError saying what is wrong."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    match = _FORM.match(text) if text is not None else None
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-07-16)")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' is an impossible date: there is no month {month}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"'{value}' is an impossible date: {calendar.month_name[month or 1]} {year} has no day {day}")
    return PartialDate(year, month, day)


def parse_time(value: object) -> str | None:
    """Return an HH:MM time as written, or None if it is not one."""
    return value if isinstance(value, str) and _TIME.match(value) else None


@dataclass(frozen=True)
class Published:
    """When the outlet published the article, as precisely as is known."""

    date: PartialDate | None
    time: str | None = None
    as_printed: str | None = None
    not_before: PartialDate | None = None
    not_after: PartialDate | None = None

    def human(self) -> str:
        """The date for readers, saying so when it is unknown."""
        if self.date:
            text = self.date.human()
            return f"{text}, {self.time}" if self.time else text
        bounds = [f"not before {self.not_before.human()}" if self.not_before else "",
                  f"not after {self.not_after.human()}" if self.not_after else ""]
        known = " and ".join(b for b in bounds if b)
        return f"Unknown ({known})" if known else "Unknown"
