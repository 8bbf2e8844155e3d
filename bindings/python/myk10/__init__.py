# SPDX-License-Identifier: Apache-2.0
"""libmyk10 for Python: the core of the Smarte Region MYK10 services.

Failures raise :class:`myk10.Error` subclasses (see :mod:`myk10.errors`);
nothing returns a status code. Times are ``int`` seconds since
1970-01-01T00:00:00Z, distances metres, coordinates WGS84 degrees.

    >>> import myk10
    >>> myk10.time_parse("2026-11-26T09:00:00+01:00")
    1795680000
    >>> myk10.time_format(1795680000)
    '2026-11-26T08:00:00Z'

Thread safety: every function may be called from any thread; the last-error
record (:func:`last_error`) is per thread, and each exception carries its own
copy of it.
"""

from __future__ import annotations

from . import core as _core
from .core import (
    EARTH_RADIUS_M,
    STATUS_COUNT,
    VERSION,
    VERSION_NUMBER,
    clear_error,
    geo_check,
    geo_distance,
    init,
    last_error,
    status_name,
    status_str,
    time_format,
    time_parse,
    time_parse_ns,
    version,
    version_number,
)
from .errors import *  # noqa: F401,F403  (Status and the exception classes)
from .errors import Status
from .errors import __all__ as _errors_all
from . import frame  # noqa: E402  (myk10.frame: LoRaWAN frames, codecs, uplinks)
from . import flood  # noqa: E402  (myk10.flood: river networks, routing, gauges)

__version__ = VERSION


def last_error_code() -> Status:
    """Status of the calling thread's most recent failure (``Status.OK`` if none)."""
    return Status(_core.last_error_code())


def last_error_offset() -> int | None:
    """Byte offset of the calling thread's most recent failure, or ``None``
    when that failure has no position (or none happened yet)."""
    offset = _core.last_error_offset()
    return None if offset < 0 else offset


__all__ = [
    "EARTH_RADIUS_M",
    "STATUS_COUNT",
    "VERSION",
    "VERSION_NUMBER",
    "clear_error",
    "frame",
    "flood",
    "geo_check",
    "geo_distance",
    "init",
    "last_error",
    "last_error_code",
    "last_error_offset",
    "status_name",
    "status_str",
    "time_format",
    "time_parse",
    "time_parse_ns",
    "version",
    "version_number",
    *_errors_all,
]
