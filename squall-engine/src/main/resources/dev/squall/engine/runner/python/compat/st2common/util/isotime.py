"""ISO 8601 helpers (st2common.util.isotime): UTC datetimes in and out."""

import datetime
import re

__all__ = ["format", "validate", "parse", "add_utc_tz"]

ISO8601_UTC_REGEX = (
    r"^\d{4}\-\d{2}\-\d{2}(\s|T)\d{2}:\d{2}:\d{2}(\.\d{3,6})?(Z|\+00|\+0000|\+00:00)$"
)


def add_utc_tz(dt):
    if dt.tzinfo and dt.utcoffset() != datetime.timedelta(0):
        raise ValueError("value is not in UTC")
    return dt.replace(tzinfo=datetime.timezone.utc)


def format(dt, usec=True, offset=True):
    if isinstance(dt, str):
        dt = parse(dt)
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if usec else "%Y-%m-%dT%H:%M:%S"
    if offset:
        dt = add_utc_tz(dt) if not dt.tzinfo else dt.astimezone(datetime.timezone.utc)
        return dt.strftime(fmt) + "+00:00"
    return dt.strftime(fmt) + "Z"


def validate(value, raise_exception=True):
    if isinstance(value, datetime.datetime) or (
        isinstance(value, str) and re.match(ISO8601_UTC_REGEX, value)
    ):
        return True
    if raise_exception:
        raise ValueError("Datetime value does not match expected format.")
    return False


def parse(value, preserve_original_tz=False, validate_value=True):
    if validate_value:
        validate(value, raise_exception=True)
    if isinstance(value, datetime.datetime):
        dt = value
    else:
        text = value.replace(" ", "T", 1)
        text = re.sub(r"(Z|\+00|\+0000)$", "+00:00", text)
        dt = datetime.datetime.fromisoformat(text)
    if not dt.tzinfo:
        dt = add_utc_tz(dt)
    return dt if preserve_original_tz else dt.astimezone(datetime.timezone.utc)
