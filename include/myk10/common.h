/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file common.h
 * @brief libmyk10 common module: status codes, per-thread error detail,
 *        version, initialisation, allocator hooks, UTC time and geodesy helpers.
 *
 * Conventions used by every libmyk10 module:
 *
 * - Every fallible function returns a ::myk10_status. Results are written
 *   through out-parameters, which come first in the argument list. On failure
 *   the out-parameters are left untouched unless the function says otherwise.
 * - Every non-OK return records a one-line message for the calling thread,
 *   read with myk10_last_error(). Successful calls do not clear it, so read it
 *   right after the failing call.
 * - The caller owns what it passes in. Memory the library hands over is
 *   released with myk10_free() or with the matching `myk10_<thing>_destroy()`.
 * - Threads: every function is re-entrant. Distinct handles may be used from
 *   different threads at once; one handle must not be used from two threads
 *   at the same time without the caller's own locking. The only process-wide
 *   state is the one-time initialisation done by myk10_init() and the
 *   allocator chosen before it.
 * - Times are `int64_t` seconds since 1970-01-01T00:00:00Z (UTC, no leap
 *   seconds). Lengths in metres, coordinates WGS84 degrees.
 */
#ifndef MYK10_COMMON_H
#define MYK10_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a declaration as part of the exported API. */
#if defined(_WIN32) && defined(MYK10_BUILDING)
#  define MYK10_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(MYK10_STATIC)
#  define MYK10_API __declspec(dllimport)
#elif defined(__GNUC__) && defined(MYK10_BUILDING)
#  define MYK10_API __attribute__((visibility("default")))
#else
#  define MYK10_API
#endif

/** @name Version
 *  The version of the headers a program was compiled against. Compare with
 *  myk10_version_number() to detect a different library loaded at run time.
 *  While the major version is 0, every minor release may change the ABI and
 *  changes the soname (libmyk10.so.0.MINOR).
 *  @{ */
#define MYK10_VERSION_MAJOR 0
#define MYK10_VERSION_MINOR 1
#define MYK10_VERSION_PATCH 0
#define MYK10_VERSION_NUMBER \
    (MYK10_VERSION_MAJOR * 10000 + MYK10_VERSION_MINOR * 100 + MYK10_VERSION_PATCH)
#define MYK10_VERSION_STRING "0.1.0"
/** @} */

/**
 * Result of every fallible libmyk10 function. Values are stable across
 * releases: new codes are only ever appended.
 */
typedef enum myk10_status {
    MYK10_OK = 0,           /**< success */
    MYK10_EINVAL = 1,       /**< an argument is invalid (NULL, NaN, wrong combination) */
    MYK10_ENOMEM = 2,       /**< memory allocation failed */
    MYK10_ETRUNCATED = 3,   /**< input ends before a complete item */
    MYK10_EMALFORMED = 4,   /**< input is syntactically malformed */
    MYK10_EINTEGRITY = 5,   /**< an integrity check failed (MIC, checksum, signature) */
    MYK10_EREPLAY = 6,      /**< message replayed or counter went backwards */
    MYK10_EGAP = 7,         /**< counter jumped further than allowed */
    MYK10_EUNSUPPORTED = 8, /**< well-formed but not supported (version, type, option) */
    MYK10_ENOKEY = 9,       /**< a key is needed but none is known */
    MYK10_ECONFLICT = 10,   /**< conflicts with existing state (e.g. overlapping booking) */
    MYK10_ECAPACITY = 11,   /**< no capacity left (seats, compartments, quantity) */
    MYK10_ENOTFOUND = 12,   /**< the named item does not exist */
    MYK10_EEXISTS = 13,     /**< an item with that identity already exists */
    MYK10_ERANGE = 14,      /**< a value lies outside its allowed range */
    MYK10_EBUFSIZE = 15,    /**< the caller's buffer is too small; the size needed is reported */
    MYK10_EIO = 16,         /**< reading or writing a file failed */
    MYK10_ECORRUPT = 17,    /**< stored data is corrupt or of an unknown version */
    MYK10_ECRYPTO = 18,     /**< the cryptographic library failed */
    MYK10_ESTATE = 19,      /**< the call is not valid in the object's current state */
    MYK10_EPRIVACY = 20,    /**< the result would disclose personal data */
    MYK10_ECALLBACK = 21    /**< a host-supplied callback reported failure */
} myk10_status;

/** Number of distinct status codes (one more than the largest value). */
#define MYK10_STATUS_COUNT 22

/**
 * Short human description of a status code, e.g. "invalid argument".
 * @return a static string, never NULL ("unknown status" for unknown codes).
 */
MYK10_API const char *myk10_status_str(myk10_status code);

/**
 * Symbolic name of a status code, e.g. "MYK10_EINVAL".
 * @return a static string, never NULL ("MYK10_UNKNOWN" for unknown codes).
 */
MYK10_API const char *myk10_status_name(myk10_status code);

/**
 * Detail of the calling thread's most recent failure, e.g.
 * "time: expected 'T' at byte 10". One line, no trailing period.
 * @return a thread-local string owned by the library, valid until the next
 *         libmyk10 failure on this thread; "" if none has happened yet.
 */
MYK10_API const char *myk10_last_error(void);

/** Status code of the calling thread's most recent failure (MYK10_OK if none). */
MYK10_API myk10_status myk10_last_error_code(void);

/**
 * Byte offset into the input at which the most recent failure on this thread
 * was detected, for decoders and parsers; -1 when the failure has no position.
 */
MYK10_API int64_t myk10_last_error_offset(void);

/** Forgets the calling thread's last failure (message "", code MYK10_OK, offset -1). */
MYK10_API void myk10_clear_error(void);

/**
 * Initialises the library (libsodium and any other process-wide state).
 * Idempotent and thread-safe: every call after the first returns the first
 * call's result. Functions that need it call it themselves, so calling it
 * early only moves the cost and surfaces failures in one place.
 * After it, myk10_set_allocator() is no longer accepted.
 * @return MYK10_OK, or MYK10_ECRYPTO if libsodium cannot initialise.
 */
MYK10_API myk10_status myk10_init(void);

/** Version string of the loaded library, e.g. "0.1.0". Static, never NULL. */
MYK10_API const char *myk10_version(void);

/** Version number of the loaded library (MAJOR*10000 + MINOR*100 + PATCH). */
MYK10_API int myk10_version_number(void);

/**
 * Memory functions the library uses for everything it allocates.
 * All three must be set. `user_data` is passed back unchanged. `realloc_fn`
 * must behave like realloc (NULL pointer allocates; on failure the old block
 * stays valid); `free_fn` must accept NULL.
 */
typedef struct myk10_allocator {
    void *(*malloc_fn)(size_t size, void *user_data);
    void *(*realloc_fn)(void *ptr, size_t size, void *user_data);
    void (*free_fn)(void *ptr, void *user_data);
    void *user_data;
} myk10_allocator;

/**
 * Replaces the allocator the library uses (or restores malloc/realloc/free
 * when `allocator` is NULL). The table is copied.
 * Must be called before myk10_init() and before the library allocates
 * anything; the choice is then fixed for the life of the process.
 * @return MYK10_OK; MYK10_EINVAL if a function pointer is missing;
 *         MYK10_ESTATE if the library was already initialised or has allocated.
 */
MYK10_API myk10_status myk10_set_allocator(const myk10_allocator *allocator);

/**
 * Allocates `size` bytes with the library's allocator, for buffers the host
 * hands to the library to own. Returns NULL on failure or when size is 0.
 * Release with myk10_free().
 */
MYK10_API void *myk10_malloc(size_t size);

/**
 * Releases memory that libmyk10 handed to the caller (strings, buffers,
 * arrays) or that came from myk10_malloc(). Accepts NULL. Never use plain
 * free() on library memory: a custom allocator may be in use.
 */
MYK10_API void myk10_free(void *ptr);

/** @name UTC time (RFC 3339 profile of ISO 8601)
 *  @{ */

/** Size of the buffer myk10_time_format() needs, including the terminating NUL. */
#define MYK10_TIME_STRLEN 21

/** Same as ::MYK10_TIME_STRLEN, for bindings that cannot read macros. */
MYK10_API size_t myk10_time_strlen(void);

/**
 * Parses a complete date-time `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`
 * into seconds since the epoch (UTC). Strict: the separators `T` and `Z` must
 * be upper case, the offset is required (a time without one is ambiguous),
 * the fraction has 1 to 9 digits, nothing may follow. The instant must lie
 * within years 0000-9999 in UTC (the range myk10_time_format() can write).
 * Leap seconds (`:60`) are rejected: Unix time cannot hold them.
 *
 * @param out_sec   receives the whole seconds (floor of the instant).
 * @param out_nsec  optional (may be NULL); receives the fraction in nanoseconds, 0..999999999.
 * @param text      NUL-terminated input.
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers; MYK10_EMALFORMED when the
 *         syntax is wrong (the offset names the byte); MYK10_ERANGE when a field
 *         is out of range (month 13, 31 April, hour 24, offset beyond 23:59)
 *         or the instant falls outside years 0000-9999 in UTC.
 */
MYK10_API myk10_status myk10_time_parse(int64_t *out_sec, int32_t *out_nsec,
                                        const char *text);

/**
 * Formats `t` as `YYYY-MM-DDTHH:MM:SSZ` into `buf` (NUL-terminated).
 * @param buf  destination of at least ::MYK10_TIME_STRLEN bytes.
 * @param cap  size of `buf` in bytes.
 * @return MYK10_OK; MYK10_EINVAL if buf is NULL; MYK10_EBUFSIZE if cap is
 *         smaller than ::MYK10_TIME_STRLEN (nothing written); MYK10_ERANGE if
 *         the year of `t` lies outside 0000-9999.
 */
MYK10_API myk10_status myk10_time_format(char *buf, size_t cap, int64_t t);

/** @} */

/** @name Geodesy
 *  @{ */

/** Mean Earth radius in metres (IUGG R1), used for great-circle distances. */
#define MYK10_EARTH_RADIUS_M 6371008.8

/**
 * Checks a WGS84 position: both values finite, latitude within [-90, 90],
 * longitude within [-180, 180].
 * @return MYK10_OK, or MYK10_ERANGE naming the offending value.
 */
MYK10_API myk10_status myk10_geo_check(double lat, double lon);

/**
 * Great-circle distance between two WGS84 positions on a sphere of radius
 * ::MYK10_EARTH_RADIUS_M (haversine formula, accurate to about 0.5 % against
 * the ellipsoid; exact for antipodes and coincident points).
 * @param out_m receives the distance in metres.
 * @return MYK10_OK; MYK10_EINVAL if out_m is NULL; MYK10_ERANGE for an invalid position.
 */
MYK10_API myk10_status myk10_geo_distance(double *out_m, double lat1, double lon1,
                                          double lat2, double lon2);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MYK10_COMMON_H */
