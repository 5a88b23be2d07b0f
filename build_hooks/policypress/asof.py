"""Which day it is for the policy: the as-of date that decides what is in force."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from policypress.errors import Location, PolicyError


def as_of_date(environ: Mapping[str, str], timezone: str, now: datetime) -> date:
    """`POLICYPRESS_AS_OF=YYYY-MM-DD`, else the date of `SOURCE_DATE_EPOCH`, else `now`,
    the last two taken in the policy's time zone."""
    zone = ZoneInfo(timezone)
    if value := environ.get("POLICYPRESS_AS_OF"):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PolicyError.single(
                Location("POLICYPRESS_AS_OF"), f"'{value}' is not a date; write it as YYYY-MM-DD"
            ) from None
    if value := environ.get("SOURCE_DATE_EPOCH"):
        try:
            return datetime.fromtimestamp(int(value), UTC).astimezone(zone).date()
        except (ValueError, OverflowError):
            raise PolicyError.single(
                Location("SOURCE_DATE_EPOCH"), f"'{value}' is not a Unix timestamp in seconds"
            ) from None
    return now.astimezone(zone).date()
