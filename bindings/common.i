/* SPDX-License-Identifier: Apache-2.0 */
/*
 * common.i - what the common module (include/myk10/common.h) exposes to
 * Python and Java. Language-neutral: included by myk10.i.
 *
 * Not bound, on purpose:
 *   myk10_set_allocator, myk10_malloc, myk10_free - the bindings copy every
 *       string and buffer into host objects, so hosts never hold library
 *       memory, and a host cannot supply C allocator functions;
 *   myk10_time_strlen - time_format returns a string, no buffer to size.
 */

%{
/* The binding helpers below replace C functions with out-parameters. Each
 * returns the value and stores the status in *status; the STATUS typemap
 * turns a failure into an exception. On failure the returned value is
 * discarded. */

static int myk10_bind_last_error_code(void)
{
    return (int)myk10_last_error_code();
}

static int64_t myk10_bind_time_parse(const char *text, myk10_status *status)
{
    int64_t seconds = 0;
    *status = myk10_time_parse(&seconds, NULL, text);
    return seconds;
}

static myk10_bind_pair myk10_bind_time_parse_ns(const char *text, myk10_status *status)
{
    int64_t seconds = 0;
    int32_t nanoseconds = 0;
    myk10_bind_pair result;
    *status = myk10_time_parse(&seconds, &nanoseconds, text);
    result.first = seconds;
    result.second = nanoseconds;
    return result;
}

static const char *myk10_bind_time_format(int64_t seconds, myk10_status *status)
{
    /* Per thread, and copied into a host string before the wrapper returns. */
    static _Thread_local char text[MYK10_TIME_STRLEN];
    *status = myk10_time_format(text, sizeof text, seconds);
    return *status == MYK10_OK ? text : "";
}

static double myk10_bind_geo_distance(double lat1, double lon1, double lat2, double lon2,
                                      myk10_status *status)
{
    double metres = 0.0;
    *status = myk10_geo_distance(&metres, lat1, lon1, lat2, lon2);
    return metres;
}
%}

/* ---- Version ----------------------------------------------------------- */

/** Version of the headers the binding was compiled against, e.g. "0.1.0". */
%constant const char *VERSION = MYK10_VERSION_STRING;

/** VERSION as a number: MAJOR * 10000 + MINOR * 100 + PATCH. */
%constant int VERSION_NUMBER = MYK10_VERSION_NUMBER;

/**
 * Version string of the loaded C library, e.g. "0.1.0".
 * @return the version of the shared library in use
 */
const char *myk10_version(void);

/**
 * Version number of the loaded C library: MAJOR * 10000 + MINOR * 100 + PATCH.
 * @return the version number of the shared library in use
 */
int myk10_version_number(void);

/**
 * Initialises the library (libsodium and other process-wide state).
 * Idempotent and thread-safe; functions that need it call it themselves.
 * Fails with status ECRYPTO if libsodium cannot initialise.
 */
myk10_status myk10_init(void);

/* ---- Status codes and the per-thread error record ------------------------ */

/** Number of status codes: they run from 0 (OK) to STATUS_COUNT - 1. */
%constant int STATUS_COUNT = MYK10_STATUS_COUNT;

/**
 * Symbolic C name of a status code.
 * @param code a status code
 * @return e.g. "MYK10_EINVAL"; "MYK10_UNKNOWN" for an unknown code
 */
const char *myk10_status_name(myk10_status code);

/**
 * Short description of a status code.
 * @param code a status code
 * @return e.g. "invalid argument"; "unknown status" for an unknown code
 */
const char *myk10_status_str(myk10_status code);

/**
 * Detail of the calling thread's most recent failure. The exceptions carry
 * the same text, so this is rarely needed.
 * @return e.g. "time: expected 'T' at byte 10", or "" if none happened yet
 */
const char *myk10_last_error(void);

/**
 * Status code of the calling thread's most recent failure.
 * @return the code, 0 (OK) if none happened yet
 */
int myk10_bind_last_error_code(void);

/**
 * Byte offset into the input at which the calling thread's most recent
 * failure was detected.
 * @return the offset, or -1 when that failure has no position
 */
int64_t myk10_last_error_offset(void);

/** Forgets the calling thread's last failure (message "", code OK, offset -1). */
void myk10_clear_error(void);

/* ---- UTC time (RFC 3339) -------------------------------------------------- */

/**
 * Parses a date-time YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM) into
 * seconds since 1970-01-01T00:00:00Z. Strict: upper-case T and Z, offset
 * required, 1-9 fraction digits, years 0000-9999, no leap seconds.
 * Fails with EMALFORMED (wrong syntax; the offset names the byte) or ERANGE
 * (a field out of range, e.g. month 13).
 * @param text the date-time
 * @return whole seconds since the epoch (the floor of the instant)
 */
int64_t myk10_bind_time_parse(const char *text, myk10_status *STATUS);

/**
 * Parses a date-time like the seconds-only parser and also returns its
 * fraction of a second.
 * @param text the date-time
 * @return (seconds, nanoseconds) with nanoseconds in 0..999999999
 */
myk10_bind_pair myk10_bind_time_parse_ns(const char *text, myk10_status *STATUS);

/**
 * Formats seconds since the epoch as YYYY-MM-DDTHH:MM:SSZ.
 * Fails with ERANGE if the year lies outside 0000-9999.
 * @param seconds seconds since 1970-01-01T00:00:00Z
 * @return the date-time in UTC
 */
const char *myk10_bind_time_format(int64_t seconds, myk10_status *STATUS);

/* ---- Geodesy --------------------------------------------------------------- */

/** Mean Earth radius in metres (IUGG R1) used for great-circle distances. */
%constant double EARTH_RADIUS_M = MYK10_EARTH_RADIUS_M;

/**
 * Checks a WGS84 position: both values finite, latitude in [-90, 90],
 * longitude in [-180, 180]. Fails with ERANGE naming the offending value.
 * @param lat latitude in degrees
 * @param lon longitude in degrees
 */
myk10_status myk10_geo_check(double lat, double lon);

/**
 * Great-circle (haversine) distance between two WGS84 positions on a sphere
 * of radius EARTH_RADIUS_M. Fails with ERANGE for an invalid position.
 * @param lat1 latitude of the first position in degrees
 * @param lon1 longitude of the first position in degrees
 * @param lat2 latitude of the second position in degrees
 * @param lon2 longitude of the second position in degrees
 * @return the distance in metres
 */
double myk10_bind_geo_distance(double lat1, double lon1, double lat2, double lon2,
                               myk10_status *STATUS);
