# SPDX-License-Identifier: Apache-2.0
"""Status codes and the exceptions libmyk10 raises.

Every libmyk10 call that fails raises a subclass of :class:`Error`. Each
status code has its own subclass, which also derives from the built-in
exception a Python programmer would expect where one fits, so both of these
work::

    try:
        myk10.time_parse(text)
    except myk10.MalformedError as e:     # or: except ValueError
        print(e.status, e.offset, e.message)
"""

from __future__ import annotations

import enum
import types

__all__ = [
    "Status",
    "Error",
    "InvalidArgumentError",
    "OutOfMemoryError",
    "TruncatedError",
    "MalformedError",
    "IntegrityError",
    "ReplayError",
    "GapError",
    "UnsupportedError",
    "NoKeyError",
    "ConflictError",
    "CapacityError",
    "NotFoundError",
    "ExistsError",
    "RangeError",
    "BufferSizeError",
    "IoError",
    "CorruptError",
    "CryptoError",
    "StateError",
    "PrivacyError",
    "CallbackError",
    "ERROR_CLASSES",
]


class Status(enum.IntEnum):
    """libmyk10 status codes (``myk10_status``), named without the ``MYK10_`` prefix.

    The values are those of the C library and never change; new codes are
    only ever appended.
    """

    OK = 0  #: success
    EINVAL = 1  #: an argument is invalid
    ENOMEM = 2  #: memory allocation failed
    ETRUNCATED = 3  #: input ends before a complete item
    EMALFORMED = 4  #: input is syntactically malformed
    EINTEGRITY = 5  #: an integrity check failed (MIC, checksum, signature)
    EREPLAY = 6  #: message replayed or counter went backwards
    EGAP = 7  #: counter jumped further than allowed
    EUNSUPPORTED = 8  #: well-formed but not supported
    ENOKEY = 9  #: a key is needed but none is known
    ECONFLICT = 10  #: conflicts with existing state
    ECAPACITY = 11  #: no capacity left
    ENOTFOUND = 12  #: the named item does not exist
    EEXISTS = 13  #: an item with that identity already exists
    ERANGE = 14  #: a value lies outside its allowed range
    EBUFSIZE = 15  #: a buffer is too small
    EIO = 16  #: reading or writing a file failed
    ECORRUPT = 17  #: stored data is corrupt or of an unknown version
    ECRYPTO = 18  #: the cryptographic library failed
    ESTATE = 19  #: the call is not valid in the object's current state
    EPRIVACY = 20  #: the result would disclose personal data
    ECALLBACK = 21  #: a host-supplied callback reported failure

    # "Status.EMALFORMED" rather than IntEnum's "4" (Python 3.11+), so
    # messages and logs name the status.
    __str__ = enum.Enum.__str__


class Error(Exception):
    """Base class of every error libmyk10 reports.

    Attributes:
        status: the :class:`Status` (``None`` only for a code this version of
            the binding does not know).
        code: the status as a plain ``int``.
        message: one line of detail, e.g. ``"time: expected 'T' at byte 10"``.
        offset: byte offset into the input where a parser stopped, or ``None``.
    """

    #: The status every instance of a subclass carries (``None`` on Error).
    STATUS: Status | None = None

    def __init__(self, message: str, *, code: int | None = None,
                 offset: int | None = None) -> None:
        if code is None:
            if self.STATUS is None:
                raise TypeError("Error() needs code= (the subclasses know theirs)")
            code = self.STATUS
        super().__init__(message)
        self.code: int = int(code)
        self.status: Status | None = _status_or_none(self.code)
        self.message: str = message
        self.offset: int | None = None if offset is None or offset < 0 else int(offset)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        status = self.status.name if self.status is not None else self.code
        return (f"{type(self).__name__}({self.message!r}, status={status}, "
                f"offset={self.offset!r})")

    def __reduce__(self):
        # Keyword-only arguments: rebuild through a helper so pickling and
        # copying keep code and offset.
        return (_rebuild, (type(self), self.message, self.code, self.offset))


def _rebuild(cls, message, code, offset):
    return cls(message, code=code, offset=offset)


def _status_or_none(code: int) -> Status | None:
    try:
        return Status(code)
    except ValueError:
        return None


class InvalidArgumentError(Error, ValueError):
    """An argument is invalid (EINVAL)."""
    STATUS = Status.EINVAL


class OutOfMemoryError(Error, MemoryError):
    """Memory allocation failed (ENOMEM)."""
    STATUS = Status.ENOMEM


class TruncatedError(Error, ValueError):
    """The input ends before a complete item (ETRUNCATED)."""
    STATUS = Status.ETRUNCATED


class MalformedError(Error, ValueError):
    """The input is syntactically malformed (EMALFORMED); see ``offset``."""
    STATUS = Status.EMALFORMED


class IntegrityError(Error):
    """An integrity check failed: MIC, checksum or signature (EINTEGRITY)."""
    STATUS = Status.EINTEGRITY


class ReplayError(Error):
    """A message was replayed or a counter went backwards (EREPLAY)."""
    STATUS = Status.EREPLAY


class GapError(Error):
    """A counter jumped further than allowed (EGAP)."""
    STATUS = Status.EGAP


class UnsupportedError(Error, NotImplementedError):
    """Well-formed but not supported: version, type or option (EUNSUPPORTED)."""
    STATUS = Status.EUNSUPPORTED


class NoKeyError(Error, LookupError):
    """A key is needed but none is known (ENOKEY)."""
    STATUS = Status.ENOKEY


class ConflictError(Error):
    """Conflicts with existing state, e.g. an overlapping booking (ECONFLICT)."""
    STATUS = Status.ECONFLICT


class CapacityError(Error):
    """No capacity left: seats, compartments, quantity (ECAPACITY)."""
    STATUS = Status.ECAPACITY


class NotFoundError(Error, LookupError):
    """The named item does not exist (ENOTFOUND)."""
    STATUS = Status.ENOTFOUND


class ExistsError(Error):
    """An item with that identity already exists (EEXISTS)."""
    STATUS = Status.EEXISTS


class RangeError(Error, ValueError):
    """A value lies outside its allowed range (ERANGE)."""
    STATUS = Status.ERANGE


class BufferSizeError(Error):
    """A buffer is too small (EBUFSIZE)."""
    STATUS = Status.EBUFSIZE


class IoError(Error, OSError):
    """Reading or writing a file failed (EIO)."""
    STATUS = Status.EIO


class CorruptError(Error, ValueError):
    """Stored data is corrupt or of an unknown version (ECORRUPT)."""
    STATUS = Status.ECORRUPT


class CryptoError(Error):
    """The cryptographic library failed (ECRYPTO)."""
    STATUS = Status.ECRYPTO


class StateError(Error, RuntimeError):
    """The call is not valid in the object's current state (ESTATE)."""
    STATUS = Status.ESTATE


class PrivacyError(Error):
    """The result would disclose personal data (EPRIVACY)."""
    STATUS = Status.EPRIVACY


class CallbackError(Error):
    """A host-supplied callback reported failure (ECALLBACK)."""
    STATUS = Status.ECALLBACK


#: The exception class raised for each non-OK status (read-only).
ERROR_CLASSES: types.MappingProxyType[Status, type[Error]] = types.MappingProxyType(
    {cls.STATUS: cls for cls in Error.__subclasses__()})

if set(ERROR_CLASSES) != set(Status) - {Status.OK}:  # pragma: no cover
    raise ImportError("myk10.errors: every status except OK needs an exception class")


def _from_status(code: int, message: str, offset: int) -> Error:
    """Builds the exception for a failed call (used by the C wrappers)."""
    cls = ERROR_CLASSES.get(_status_or_none(code), Error)
    return cls(message, code=code, offset=offset)
