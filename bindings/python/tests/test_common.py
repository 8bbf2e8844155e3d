# SPDX-License-Identifier: Apache-2.0
"""The common module through the Python binding: version, status codes and
exceptions, UTC time and geodesy. Reference values come from outside the
library (Python's datetime, textbook distances)."""

import datetime
import math
import pickle
import random
import threading

import pytest

import myk10
from myk10 import Status

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


# ---- version and init -------------------------------------------------------

def test_version_matches_headers():
    assert myk10.version() == myk10.VERSION == myk10.__version__
    major, minor, patch = (int(part) for part in myk10.VERSION.split("."))
    assert myk10.version_number() == myk10.VERSION_NUMBER == major * 10000 + minor * 100 + patch


def test_init_is_idempotent():
    assert myk10.init() is None
    assert myk10.init() is None


# ---- status codes ------------------------------------------------------------

def test_status_enum_matches_the_c_library():
    assert len(Status) == myk10.STATUS_COUNT == 22
    assert [int(status) for status in Status] == list(range(myk10.STATUS_COUNT))
    for status in Status:
        assert myk10.status_name(status) == "MYK10_" + status.name


def test_status_names_and_descriptions_are_distinct():
    names = {myk10.status_name(status) for status in Status}
    descriptions = {myk10.status_str(status) for status in Status}
    assert len(names) == len(descriptions) == len(Status)
    assert myk10.status_str(Status.EINVAL) == "invalid argument"
    assert myk10.status_str(Status.OK) == "success"


def test_unknown_status_codes_have_fallback_texts():
    assert myk10.status_name(myk10.STATUS_COUNT) == "MYK10_UNKNOWN"
    assert myk10.status_str(-1) == "unknown status"


def test_every_failure_status_has_its_own_exception_class():
    classes = myk10.ERROR_CLASSES
    assert set(classes) == set(Status) - {Status.OK}
    assert len(set(classes.values())) == len(classes)
    for status, cls in classes.items():
        assert issubclass(cls, myk10.Error)
        assert cls.STATUS is status
        assert getattr(myk10, cls.__name__) is cls
        error = cls("detail")
        assert (error.status, error.code, error.message, error.offset) == (status, int(status), "detail", None)
        assert str(error) == "detail"


@pytest.mark.parametrize("cls, builtin", [
    (myk10.InvalidArgumentError, ValueError),
    (myk10.OutOfMemoryError, MemoryError),
    (myk10.TruncatedError, ValueError),
    (myk10.MalformedError, ValueError),
    (myk10.UnsupportedError, NotImplementedError),
    (myk10.NoKeyError, LookupError),
    (myk10.NotFoundError, LookupError),
    (myk10.RangeError, ValueError),
    (myk10.IoError, OSError),
    (myk10.CorruptError, ValueError),
    (myk10.StateError, RuntimeError),
])
def test_exceptions_also_derive_from_natural_builtins(cls, builtin):
    assert issubclass(cls, builtin)
    with pytest.raises(builtin):
        raise cls("detail")


def test_exceptions_survive_pickling():
    error = myk10.MalformedError("time: expected 'T' at byte 10", offset=10)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is myk10.MalformedError
    assert (copy.status, copy.message, copy.offset) == (Status.EMALFORMED, error.message, 10)


# ---- time: known instants ---------------------------------------------------

@pytest.mark.parametrize("text, seconds", [
    ("1970-01-01T00:00:00Z", 0),
    ("2026-11-26T08:00:00Z", 1795680000),
    ("2026-11-26T09:00:00+01:00", 1795680000),
    ("2026-11-26T03:30:00-04:30", 1795680000),
    ("1969-12-31T23:59:59Z", -1),
    ("2000-02-29T00:00:00Z", 951782400),
    ("0000-01-01T00:00:00Z", -62167219200),
    ("9999-12-31T23:59:59Z", 253402300799),
])
def test_time_parse_known_instants(text, seconds):
    assert myk10.time_parse(text) == seconds
    assert myk10.time_parse_ns(text) == (seconds, 0)


@pytest.mark.parametrize("seconds, text", [
    (0, "1970-01-01T00:00:00Z"),
    (1795680000, "2026-11-26T08:00:00Z"),
    (-1, "1969-12-31T23:59:59Z"),
    (-62167219200, "0000-01-01T00:00:00Z"),
    (253402300799, "9999-12-31T23:59:59Z"),
])
def test_time_format_known_instants(seconds, text):
    assert myk10.time_format(seconds) == text


@pytest.mark.parametrize("text, expected", [
    ("2026-11-26T08:00:00.123456789Z", (1795680000, 123456789)),
    ("2026-11-26T08:00:00.5Z", (1795680000, 500000000)),
    ("2026-11-26T08:00:00.000000001+01:00", (1795676400, 1)),
    ("1969-12-31T23:59:59.75Z", (-1, 750000000)),
])
def test_time_parse_fractions(text, expected):
    assert myk10.time_parse_ns(text) == expected
    assert myk10.time_parse(text) == expected[0]


# ---- time: against Python's datetime ------------------------------------------

def _iso(instant: datetime.datetime) -> str:
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def test_time_round_trip_against_datetime():
    rng = random.Random(20261126)
    low = int((datetime.datetime(1, 1, 1, tzinfo=UTC) - EPOCH).total_seconds())
    high = int((datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC) - EPOCH).total_seconds())
    for _ in range(3000):
        seconds = rng.randint(low, high)
        reference = _iso(EPOCH + datetime.timedelta(seconds=seconds))
        assert myk10.time_format(seconds) == reference
        assert myk10.time_parse(reference) == seconds


def test_time_parse_offsets_and_fractions_against_datetime():
    rng = random.Random(10)
    for _ in range(2000):
        seconds = rng.randint(-2_000_000_000, 4_000_000_000)
        nanoseconds = rng.randint(0, 999_999_999)
        minutes = rng.randint(-(23 * 60 + 59), 23 * 60 + 59)
        zone = datetime.timezone(datetime.timedelta(minutes=minutes))
        local = (EPOCH + datetime.timedelta(seconds=seconds)).astimezone(zone)
        sign = "-" if minutes < 0 else "+"
        text = "{}.{:09d}{}{:02d}:{:02d}".format(
            local.replace(tzinfo=None).isoformat(timespec="seconds"), nanoseconds,
            sign, abs(minutes) // 60, abs(minutes) % 60)
        assert myk10.time_parse_ns(text) == (seconds, nanoseconds), text


# ---- time: errors ---------------------------------------------------------------

def test_malformed_time_reports_byte_and_message():
    with pytest.raises(myk10.MalformedError) as caught:
        myk10.time_parse("2026-11-26 08:00:00Z")
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, myk10.Error)
    assert error.status is Status.EMALFORMED
    assert error.code == 4
    assert error.offset == 10
    assert error.message == str(error) == "time: expected 'T' at byte 10"
    assert myk10.last_error() == error.message
    assert myk10.last_error_code() is Status.EMALFORMED
    assert myk10.last_error_offset() == 10


@pytest.mark.parametrize("text, offset", [
    ("2026-13-01T00:00:00Z", 5),      # month 13
    ("2026-04-31T00:00:00Z", 8),      # 31 April
    ("2025-02-29T00:00:00Z", 8),      # not a leap year
    ("2026-11-26T24:00:00Z", 11),     # hour 24
    ("2026-11-26T23:59:60Z", 17),     # leap second
    ("2026-11-26T08:00:00+24:00", 20),
])
def test_out_of_range_fields_raise_range_error(text, offset):
    with pytest.raises(myk10.RangeError) as caught:
        myk10.time_parse(text)
    assert isinstance(caught.value, ValueError)
    assert caught.value.status is Status.ERANGE
    assert caught.value.offset == offset


def test_month_13_message():
    with pytest.raises(myk10.RangeError) as caught:
        myk10.time_parse("2026-13-01T00:00:00Z")
    assert caught.value.offset == 5
    assert caught.value.message == "time: month 13 at byte 5 outside 1..12"


@pytest.mark.parametrize("text, offset", [
    ("", 0),
    ("2026-11-26T08:00:00", 19),      # no offset
    ("2026-11-26t08:00:00Z", 10),     # lower-case t
    ("2026-11-26T08:00:00z", 19),
    ("2026-11-26T08:00:00.Z", 20),    # empty fraction
    ("2026-11-26T08:00:00.1234567890Z", 29),
    ("2026-11-26T08:00:00Zjunk", 20),
    ("2026-11-26T08:00:00Zä", 20),     # non-ASCII after the end
])
def test_malformed_times(text, offset):
    with pytest.raises(myk10.MalformedError) as caught:
        myk10.time_parse(text)
    assert caught.value.offset == offset


def test_embedded_nul_is_rejected_not_truncated():
    with pytest.raises(myk10.InvalidArgumentError):
        myk10.time_parse("2026-11-26T08:00:00Z\0trailing")


@pytest.mark.parametrize("seconds", [-62167219201, 253402300800, -2**63, 2**63 - 1])
def test_time_format_out_of_range(seconds):
    with pytest.raises(myk10.RangeError) as caught:
        myk10.time_format(seconds)
    assert caught.value.status is Status.ERANGE
    assert caught.value.offset is None
    assert "outside years 0000-9999" in caught.value.message


def test_wrong_argument_types_raise_type_error():
    with pytest.raises(TypeError):
        myk10.time_parse(1795680000)
    with pytest.raises(TypeError):
        myk10.time_parse(b"2026-11-26T08:00:00Z")
    with pytest.raises(TypeError):
        myk10.time_parse(None)
    with pytest.raises(TypeError):
        myk10.time_format("1970-01-01T00:00:00Z")
    with pytest.raises(TypeError):
        myk10.time_format(1.5)
    with pytest.raises(TypeError):
        myk10.geo_distance("50.35", 7.6, 50.4, 7.5)
    with pytest.raises(TypeError):
        myk10.geo_check(50.0)
    with pytest.raises(OverflowError):
        myk10.time_format(2**63)


# ---- geodesy ------------------------------------------------------------------

def test_earth_radius_is_iugg_mean_radius():
    assert myk10.EARTH_RADIUS_M == 6371008.8


def test_one_degree_along_the_equator():
    expected = myk10.EARTH_RADIUS_M * math.pi / 180
    assert myk10.geo_distance(0, 0, 0, 1) == pytest.approx(expected, rel=1e-12)
    assert myk10.geo_distance(0, 0, 1, 0) == pytest.approx(expected, rel=1e-12)


def test_haversine_textbook_example():
    # Rosetta Code "Haversine formula": Nashville BNA -> Los Angeles LAX is
    # 2887.2599506071106 km on a sphere of radius 6372.8 km. Dividing by the
    # radius compares the central angle, independent of the radius used.
    distance = myk10.geo_distance(36.12, -86.67, 33.94, -118.40)
    assert distance / myk10.EARTH_RADIUS_M == pytest.approx(2887.2599506071106 / 6372.8, abs=1e-12)


def test_distance_properties():
    koblenz, mayen = (50.3569, 7.5890), (50.3277, 7.2229)
    there = myk10.geo_distance(*koblenz, *mayen)
    assert 26_000 < there < 26_500
    assert myk10.geo_distance(*mayen, *koblenz) == pytest.approx(there, rel=1e-15)
    assert myk10.geo_distance(*koblenz, *koblenz) == 0.0
    assert myk10.geo_distance(0, 0, 0, 180) == pytest.approx(math.pi * myk10.EARTH_RADIUS_M, rel=1e-12)
    assert myk10.geo_distance(90, 0, -90, 0) == pytest.approx(math.pi * myk10.EARTH_RADIUS_M, rel=1e-12)
    assert myk10.geo_distance(0, 179.5, 0, -179.5) == pytest.approx(
        myk10.EARTH_RADIUS_M * math.pi / 180, rel=1e-9)


def test_geo_check_accepts_the_edges():
    for lat, lon in [(90, 180), (-90, -180), (0, 0), (50.35, 7.6)]:
        assert myk10.geo_check(lat, lon) is None


@pytest.mark.parametrize("lat, lon, word", [
    (91, 0, "latitude"),
    (-90.000001, 0, "latitude"),
    (0, 180.5, "longitude"),
    (math.nan, 0, "latitude"),
    (0, math.nan, "longitude"),
    (math.inf, 0, "latitude"),
])
def test_invalid_positions_raise_range_error(lat, lon, word):
    with pytest.raises(myk10.RangeError) as caught:
        myk10.geo_check(lat, lon)
    assert word in caught.value.message
    with pytest.raises(myk10.RangeError) as caught:
        myk10.geo_distance(50.35, 7.6, lat, lon)
    assert isinstance(caught.value, ValueError)
    assert caught.value.offset is None


def test_latitude_91_message():
    with pytest.raises(myk10.RangeError) as caught:
        myk10.geo_distance(91, 0, 0, 0)
    assert caught.value.message == "geo: latitude 91 outside [-90, 90]"


# ---- per-thread error detail -------------------------------------------------------

def test_each_thread_sees_its_own_failure():
    barrier = threading.Barrier(2)
    results = {}

    def run(name, action):
        barrier.wait()
        for _ in range(200):
            try:
                action()
            except myk10.Error as error:
                results.setdefault(name, set()).add((type(error), error.message, error.offset,
                                                     myk10.last_error()))

    threads = [
        threading.Thread(target=run, args=("time", lambda: myk10.time_parse("2026-11-26 08:00:00Z"))),
        threading.Thread(target=run, args=("geo", lambda: myk10.geo_check(91.0, 0.0))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results["time"] == {(myk10.MalformedError, "time: expected 'T' at byte 10", 10,
                                "time: expected 'T' at byte 10")}
    assert results["geo"] == {(myk10.RangeError, "geo: latitude 91 outside [-90, 90]", None,
                               "geo: latitude 91 outside [-90, 90]")}


def test_clear_error_forgets_the_failure():
    with pytest.raises(myk10.RangeError):
        myk10.geo_check(91, 0)
    myk10.clear_error()
    assert myk10.last_error() == ""
    assert myk10.last_error_code() is Status.OK
    assert myk10.last_error_offset() is None
