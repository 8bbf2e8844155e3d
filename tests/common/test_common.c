/* SPDX-License-Identifier: Apache-2.0 */
/* Check suite for the common module. */
#define _DEFAULT_SOURCE /* timegm, gmtime_r */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <myk10/myk10.h>

/* ---------------------------------------------------------------- status */

START_TEST(status_names_and_descriptions_are_distinct)
{
    for (int a = 0; a < MYK10_STATUS_COUNT; a++) {
        const char *name = myk10_status_name((myk10_status)a);
        ck_assert_str_eq(name, myk10_status_name((myk10_status)a));
        ck_assert_int_eq(strncmp(name, "MYK10_", 6), 0);
        ck_assert_str_ne(myk10_status_str((myk10_status)a), "unknown status");
        for (int b = a + 1; b < MYK10_STATUS_COUNT; b++) {
            ck_assert_str_ne(name, myk10_status_name((myk10_status)b));
            ck_assert_str_ne(myk10_status_str((myk10_status)a),
                             myk10_status_str((myk10_status)b));
        }
    }
    ck_assert_str_eq(myk10_status_name(MYK10_OK), "MYK10_OK");
    ck_assert_str_eq(myk10_status_name(MYK10_EMALFORMED), "MYK10_EMALFORMED");
    ck_assert_str_eq(myk10_status_name(MYK10_ECALLBACK), "MYK10_ECALLBACK");
    ck_assert_str_eq(myk10_status_str(MYK10_EBUFSIZE), "buffer too small");
}
END_TEST

START_TEST(status_unknown_codes)
{
    ck_assert_str_eq(myk10_status_name((myk10_status)-1), "MYK10_UNKNOWN");
    ck_assert_str_eq(myk10_status_name((myk10_status)MYK10_STATUS_COUNT), "MYK10_UNKNOWN");
    ck_assert_str_eq(myk10_status_str((myk10_status)9999), "unknown status");
}
END_TEST

/* ----------------------------------------------------------------- error */

START_TEST(error_records_message_code_and_offset)
{
    int64_t t;
    myk10_clear_error();
    ck_assert_str_eq(myk10_last_error(), "");
    ck_assert_int_eq(myk10_last_error_code(), MYK10_OK);
    ck_assert_int_eq(myk10_last_error_offset(), -1);

    ck_assert_int_eq(myk10_time_parse(&t, NULL, "2026-11-26x08:00:00Z"), MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_code(), MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 10);
    ck_assert_str_eq(myk10_last_error(), "time: expected 'T' at byte 10");

    /* Success leaves the record alone. */
    ck_assert_int_eq(myk10_time_parse(&t, NULL, "2026-11-26T08:00:00Z"), MYK10_OK);
    ck_assert_int_eq(myk10_last_error_code(), MYK10_EMALFORMED);

    /* A failure without position resets the offset. */
    ck_assert_int_eq(myk10_geo_check(95.0, 7.0), MYK10_ERANGE);
    ck_assert_int_eq(myk10_last_error_offset(), -1);
    ck_assert_str_eq(myk10_last_error(), "geo: latitude 95 outside [-90, 90]");

    myk10_clear_error();
    ck_assert_str_eq(myk10_last_error(), "");
    ck_assert_int_eq(myk10_last_error_code(), MYK10_OK);
}
END_TEST

typedef struct thread_probe {
    pthread_barrier_t *barrier;
    int which;
    myk10_status status;
    char message[256];
} thread_probe;

/* Fails in a thread-specific way, waits until the other thread has failed
 * too, then reads its own record. */
static void *fail_then_read(void *arg)
{
    thread_probe *probe = arg;
    int64_t t;
    if (probe->which == 0)
        myk10_time_parse(&t, NULL, "2026-13-01T00:00:00Z");
    else
        myk10_geo_check(0.0, 200.0);
    pthread_barrier_wait(probe->barrier);
    probe->status = myk10_last_error_code();
    snprintf(probe->message, sizeof probe->message, "%s", myk10_last_error());
    return NULL;
}

START_TEST(error_is_per_thread)
{
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    thread_probe probes[2] = { { &barrier, 0, MYK10_OK, "" }, { &barrier, 1, MYK10_OK, "" } };
    pthread_t threads[2];
    myk10_clear_error();
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, fail_then_read, &probes[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&barrier);

    ck_assert_int_eq(probes[0].status, MYK10_ERANGE);
    ck_assert_str_eq(probes[0].message, "time: month 13 at byte 5 outside 1..12");
    ck_assert_int_eq(probes[1].status, MYK10_ERANGE);
    ck_assert_str_eq(probes[1].message, "geo: longitude 200 outside [-180, 180]");
    /* The main thread saw neither failure. */
    ck_assert_int_eq(myk10_last_error_code(), MYK10_OK);
    ck_assert_str_eq(myk10_last_error(), "");
}
END_TEST

/* ------------------------------------------------------- version and init */

START_TEST(version_matches_headers)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", MYK10_VERSION_MAJOR,
             MYK10_VERSION_MINOR, MYK10_VERSION_PATCH);
    ck_assert_str_eq(myk10_version(), expected);
    ck_assert_str_eq(myk10_version(), MYK10_VERSION_STRING);
    ck_assert_int_eq(myk10_version_number(), MYK10_VERSION_NUMBER);
    ck_assert_int_eq(myk10_version_number(), MYK10_VERSION_MAJOR * 10000 +
                                                 MYK10_VERSION_MINOR * 100 +
                                                 MYK10_VERSION_PATCH);
}
END_TEST

static void *init_in_thread(void *arg)
{
    *(myk10_status *)arg = myk10_init();
    return NULL;
}

START_TEST(init_is_idempotent_across_threads)
{
    enum { THREADS = 8 };
    pthread_t threads[THREADS];
    myk10_status results[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, init_in_thread, &results[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        ck_assert_int_eq(results[i], MYK10_OK);
    }
    ck_assert_int_eq(myk10_init(), MYK10_OK);
    ck_assert_int_eq(myk10_init(), MYK10_OK);
}
END_TEST

START_TEST(malloc_and_free)
{
    unsigned char *block = myk10_malloc(64);
    ck_assert_ptr_nonnull(block);
    memset(block, 0xA5, 64);
    myk10_free(block);
    myk10_free(NULL);
    ck_assert_ptr_null(myk10_malloc(0));
}
END_TEST

/* ----------------------------------------------------------------- time */

static int64_t parse_ok(const char *text, int32_t *nsec)
{
    int64_t t = 0x7eadbeef;
    int32_t ns = -1;
    myk10_status status = myk10_time_parse(&t, &ns, text);
    ck_assert_msg(status == MYK10_OK, "%s: %s", text, myk10_last_error());
    if (nsec)
        *nsec = ns;
    return t;
}

/* Reference values from Python's datetime, an independent implementation. */
START_TEST(time_parse_known_instants)
{
    static const struct {
        const char *text;
        int64_t epoch;
    } cases[] = {
        { "1970-01-01T00:00:00Z", 0 },
        { "2026-11-26T08:00:00Z", 1795680000 },
        { "2000-03-01T00:00:00Z", 951868800 },
        { "2024-02-29T23:59:59Z", 1709251199 },
        { "1969-12-31T23:59:59Z", -1 },
        { "0001-01-01T00:00:00Z", -62135596800 },
        { "9999-12-31T23:59:59Z", 253402300799 },
        { "1900-03-01T00:00:00Z", -2203891200 },
        { "0000-01-01T00:00:00Z", -62167219200 },
        { "0000-01-01T00:59:00+00:59", -62167219200 },
        { "9999-12-31T23:59:59-00:00", 253402300799 },
        /* The same instant in three zones: the 2026 change to summer time. */
        { "2026-03-29T01:00:00Z", 1774746000 },
        { "2026-03-29T03:00:00+02:00", 1774746000 },
        { "2026-03-28T20:30:00-04:30", 1774746000 },
        { "2026-11-26T09:00:00+01:00", 1795680000 },
        { "2026-11-26T08:00:00-00:00", 1795680000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(parse_ok(cases[i].text, NULL) == cases[i].epoch, "%s", cases[i].text);
}
END_TEST

START_TEST(time_parse_fractions)
{
    int32_t ns;
    ck_assert_int_eq(parse_ok("2026-11-26T08:00:00.5Z", &ns), 1795680000);
    ck_assert_int_eq(ns, 500000000);
    ck_assert_int_eq(parse_ok("2026-11-26T08:00:00.123456789+01:00", &ns), 1795676400);
    ck_assert_int_eq(ns, 123456789);
    ck_assert_int_eq(parse_ok("2026-11-26T08:00:00.000001Z", &ns), 1795680000);
    ck_assert_int_eq(ns, 1000);
    /* Before the epoch the seconds are still the floor and the fraction adds. */
    ck_assert_int_eq(parse_ok("1969-12-31T23:59:59.250Z", &ns), -1);
    ck_assert_int_eq(ns, 250000000);
    ck_assert_int_eq(parse_ok("2026-11-26T08:00:00Z", &ns), 1795680000);
    ck_assert_int_eq(ns, 0);
}
END_TEST

START_TEST(time_parse_rejects_bad_input)
{
    static const struct {
        const char *text;
        myk10_status status;
        int64_t offset;
    } cases[] = {
        { "", MYK10_EMALFORMED, 0 },
        { "2026", MYK10_EMALFORMED, 4 },
        { "26-11-26T08:00:00Z", MYK10_EMALFORMED, 2 },
        { "2026-11-26", MYK10_EMALFORMED, 10 },
        { "2026-11-26 08:00:00Z", MYK10_EMALFORMED, 10 },
        { "2026-11-26t08:00:00Z", MYK10_EMALFORMED, 10 },
        { "2026-11-26T08:00:00z", MYK10_EMALFORMED, 19 },
        { "2026-11-26T08:00:00", MYK10_EMALFORMED, 19 },
        { "2026-11-26T08:00Z", MYK10_EMALFORMED, 16 },
        { "2026-11-26T08:00:00ZZ", MYK10_EMALFORMED, 20 },
        { "2026-11-26T08:00:00Z ", MYK10_EMALFORMED, 20 },
        { "2026-11-26T08:00:00.Z", MYK10_EMALFORMED, 20 },
        { "2026-11-26T08:00:00.1234567890Z", MYK10_EMALFORMED, 29 },
        { "2026-11-26T08:00:00+0100", MYK10_EMALFORMED, 22 },
        { "2026-11-26T08:00:00+1:00", MYK10_EMALFORMED, 21 },
        { "+2026-11-26T08:00:00Z", MYK10_EMALFORMED, 0 },
        { "2026-00-10T08:00:00Z", MYK10_ERANGE, 5 },
        { "2026-13-10T08:00:00Z", MYK10_ERANGE, 5 },
        { "2026-11-00T08:00:00Z", MYK10_ERANGE, 8 },
        { "2026-04-31T08:00:00Z", MYK10_ERANGE, 8 },
        { "2026-02-29T08:00:00Z", MYK10_ERANGE, 8 },
        { "1900-02-29T08:00:00Z", MYK10_ERANGE, 8 },
        { "2026-11-26T24:00:00Z", MYK10_ERANGE, 11 },
        { "2026-11-26T08:60:00Z", MYK10_ERANGE, 14 },
        { "2016-12-31T23:59:60Z", MYK10_ERANGE, 17 },
        { "2026-11-26T08:00:00+24:00", MYK10_ERANGE, 20 },
        { "2026-11-26T08:00:00-01:60", MYK10_ERANGE, 23 },
        /* Valid fields, but the instant is outside 0000-9999 in UTC. */
        { "0000-01-01T00:00:00+00:01", MYK10_ERANGE, -1 },
        { "9999-12-31T23:59:59-00:01", MYK10_ERANGE, -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 42;
        int32_t ns = 7;
        myk10_status status = myk10_time_parse(&t, &ns, cases[i].text);
        ck_assert_msg(status == cases[i].status, "'%s': got %s (%s)", cases[i].text,
                      myk10_status_name(status), myk10_last_error());
        ck_assert_msg(myk10_last_error_offset() == cases[i].offset, "'%s': offset %lld: %s",
                      cases[i].text, (long long)myk10_last_error_offset(), myk10_last_error());
        ck_assert_int_eq(strncmp(myk10_last_error(), "time: ", 6), 0);
        ck_assert_int_eq(t, 42); /* outputs untouched on failure */
        ck_assert_int_eq(ns, 7);
    }
}
END_TEST

START_TEST(time_parse_null_arguments)
{
    int64_t t;
    ck_assert_int_eq(myk10_time_parse(NULL, NULL, "2026-11-26T08:00:00Z"), MYK10_EINVAL);
    ck_assert_str_eq(myk10_last_error(), "time: NULL out_sec");
    ck_assert_int_eq(myk10_time_parse(&t, NULL, NULL), MYK10_EINVAL);
    ck_assert_str_eq(myk10_last_error(), "time: NULL text");
}
END_TEST

START_TEST(time_format_known_instants)
{
    char buf[MYK10_TIME_STRLEN];
    ck_assert_int_eq(myk10_time_strlen(), MYK10_TIME_STRLEN);
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, 0), MYK10_OK);
    ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, -1), MYK10_OK);
    ck_assert_str_eq(buf, "1969-12-31T23:59:59Z");
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, 1795680000), MYK10_OK);
    ck_assert_str_eq(buf, "2026-11-26T08:00:00Z");
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, -62167219200), MYK10_OK);
    ck_assert_str_eq(buf, "0000-01-01T00:00:00Z");
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, 253402300799), MYK10_OK);
    ck_assert_str_eq(buf, "9999-12-31T23:59:59Z");
}
END_TEST

START_TEST(time_format_rejects_bad_arguments)
{
    char buf[MYK10_TIME_STRLEN + 4];
    memset(buf, '#', sizeof buf);
    ck_assert_int_eq(myk10_time_format(buf, MYK10_TIME_STRLEN - 1, 0), MYK10_EBUFSIZE);
    ck_assert_str_eq(myk10_last_error(), "time: buffer of 20 bytes, 21 needed");
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_int_eq(buf[i], '#');
    ck_assert_int_eq(myk10_time_format(NULL, 64, 0), MYK10_EINVAL);
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, -62167219201), MYK10_ERANGE);
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, 253402300800), MYK10_ERANGE);
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, INT64_MIN), MYK10_ERANGE);
    ck_assert_int_eq(myk10_time_format(buf, sizeof buf, INT64_MAX), MYK10_ERANGE);
}
END_TEST

/* Brute-force oracle: walk every day of years 0000-9999 with a hand-advanced
 * calendar and check format and parse against it. Check's assertions are
 * slow in a loop (each one reports to the parent process), so the loops
 * stop at the first disagreement and assert once. */
START_TEST(time_every_day_of_ten_millennia)
{
    static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int year = 0, month = 1, day = 1;
    char expected[64], got[MYK10_TIME_STRLEN] = "";
    int64_t t, back = 0;
    for (t = -62167219200; t <= 253402300799; t += 86400) {
        snprintf(expected, sizeof expected, "%04d-%02d-%02dT00:00:00Z", year, month, day);
        /* The last second of the day must still carry the day's date. */
        if (myk10_time_format(got, sizeof got, t + 86399) != MYK10_OK ||
            memcmp(got, expected, 10) != 0 || strcmp(got + 10, "T23:59:59Z") != 0)
            break;
        if (myk10_time_parse(&back, NULL, expected) != MYK10_OK || back != t)
            break;

        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int length = month == 2 && leap ? 29 : month_days[month - 1];
        if (++day > length) {
            day = 1;
            if (++month > 12) {
                month = 1;
                year++;
            }
        }
    }
    ck_assert_msg(year == 10000, "disagreement at %s: formatted %s, parsed back %lld (t %lld)",
                  expected, got, (long long)back, (long long)t);
}
END_TEST

/* glibc's gmtime_r is an independent implementation of the same calendar. */
START_TEST(time_agrees_with_glibc_gmtime)
{
    unsigned seed = 20261126;
    char ours[MYK10_TIME_STRLEN] = "", theirs[64] = "";
    int64_t back = 0;
    int i;
    for (i = 0; i < 200000; i++) {
        /* Spread over years 0000-9999. */
        uint64_t r = ((uint64_t)rand_r(&seed) << 31) ^ (uint64_t)rand_r(&seed);
        int64_t t = -62167219200 + (int64_t)(r % (253402300799ULL + 62167219201ULL));
        time_t tt = (time_t)t;
        struct tm tm;
        if (!gmtime_r(&tt, &tm))
            break;
        snprintf(theirs, sizeof theirs, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        if (myk10_time_format(ours, sizeof ours, t) != MYK10_OK || strcmp(ours, theirs) != 0)
            break;
        if (myk10_time_parse(&back, NULL, ours) != MYK10_OK || back != t)
            break;
    }
    ck_assert_msg(i == 200000, "disagreement: ours %s, glibc %s, parsed back %lld", ours,
                  theirs, (long long)back);
}
END_TEST

/* ------------------------------------------------------------------ geo */

#define PI 3.14159265358979323846

START_TEST(geo_exact_distances)
{
    double d;
    const double R = MYK10_EARTH_RADIUS_M;
    ck_assert_int_eq(myk10_geo_distance(&d, 50.0, 7.0, 50.0, 7.0), MYK10_OK);
    ck_assert_double_eq(d, 0.0);
    ck_assert_int_eq(myk10_geo_distance(&d, 0.0, 0.0, 0.0, 1.0), MYK10_OK);
    ck_assert_double_eq_tol(d, R * PI / 180.0, 1e-6);
    ck_assert_int_eq(myk10_geo_distance(&d, 90.0, 0.0, -90.0, 0.0), MYK10_OK);
    ck_assert_double_eq_tol(d, R * PI, 1e-6);
    ck_assert_int_eq(myk10_geo_distance(&d, 0.0, 0.0, 0.0, 180.0), MYK10_OK);
    ck_assert_double_eq_tol(d, R * PI, 1e-6);
    ck_assert_int_eq(myk10_geo_distance(&d, 0.0, -180.0, 0.0, 180.0), MYK10_OK);
    ck_assert_double_eq_tol(d, 0.0, 1e-6);
    /* Along a meridian a degree of latitude is R*pi/180 anywhere. */
    ck_assert_int_eq(myk10_geo_distance(&d, 50.0, 7.3, 51.0, 7.3), MYK10_OK);
    ck_assert_double_eq_tol(d, R * PI / 180.0, 1e-6);
}
END_TEST

/* Rosetta Code's haversine task: Nashville BNA (36.12, -86.67) to Los Angeles
 * LAX (33.94, -118.40) is 2887.2599506071106 km on a sphere of radius 6372.8 km. */
START_TEST(geo_published_reference)
{
    double d;
    ck_assert_int_eq(myk10_geo_distance(&d, 36.12, -86.67, 33.94, -118.40), MYK10_OK);
    ck_assert_double_eq_tol(d / MYK10_EARTH_RADIUS_M, 2887.2599506071106 / 6372.8, 1e-12);
}
END_TEST

/* The spherical law of cosines is an independent formula, well conditioned
 * for distances above a few kilometres. */
START_TEST(geo_agrees_with_law_of_cosines)
{
    unsigned seed = 7;
    int compared = 0;
    double worst = 0.0, asymmetry = 0.0;
    for (int i = 0; i < 100000; i++) {
        double lat1 = (rand_r(&seed) / (double)RAND_MAX) * 180.0 - 90.0;
        double lon1 = (rand_r(&seed) / (double)RAND_MAX) * 360.0 - 180.0;
        double lat2 = (rand_r(&seed) / (double)RAND_MAX) * 180.0 - 90.0;
        double lon2 = (rand_r(&seed) / (double)RAND_MAX) * 360.0 - 180.0;
        double p1 = lat1 * PI / 180, p2 = lat2 * PI / 180, dl = (lon2 - lon1) * PI / 180;
        double c = sin(p1) * sin(p2) + cos(p1) * cos(p2) * cos(dl);
        double reference = MYK10_EARTH_RADIUS_M * acos(fmax(-1.0, fmin(1.0, c)));
        if (reference < 10000.0 || reference > MYK10_EARTH_RADIUS_M * PI - 10000.0)
            continue; /* acos loses precision near 0 and pi */
        double d = -1.0, back = -1.0;
        if (myk10_geo_distance(&d, lat1, lon1, lat2, lon2) != MYK10_OK ||
            myk10_geo_distance(&back, lat2, lon2, lat1, lon1) != MYK10_OK)
            ck_abort_msg("distance failed: %s", myk10_last_error());
        worst = fmax(worst, fabs(d - reference));
        asymmetry = fmax(asymmetry, fabs(d - back));
        compared++;
    }
    ck_assert_int_gt(compared, 90000);
    ck_assert_double_lt(worst, 1e-3);
    ck_assert_double_lt(asymmetry, 1e-6);
}
END_TEST

START_TEST(geo_rejects_bad_positions)
{
    double d = 123.0;
    ck_assert_int_eq(myk10_geo_distance(NULL, 0, 0, 0, 0), MYK10_EINVAL);
    ck_assert_int_eq(myk10_geo_distance(&d, 90.0001, 0, 0, 0), MYK10_ERANGE);
    ck_assert_int_eq(myk10_geo_distance(&d, 0, 0, -90.5, 0), MYK10_ERANGE);
    ck_assert_str_eq(myk10_last_error(), "geo: latitude -90.5 outside [-90, 90]");
    ck_assert_int_eq(myk10_geo_distance(&d, 0, 180.5, 0, 0), MYK10_ERANGE);
    ck_assert_int_eq(myk10_geo_distance(&d, NAN, 0, 0, 0), MYK10_ERANGE);
    ck_assert_str_eq(myk10_last_error(), "geo: latitude nan outside [-90, 90]");
    ck_assert_int_eq(myk10_geo_distance(&d, 0, 0, 0, INFINITY), MYK10_ERANGE);
    ck_assert_double_eq(d, 123.0);
    ck_assert_int_eq(myk10_geo_check(90.0000001, 0.0), MYK10_ERANGE);
    ck_assert_str_eq(myk10_last_error(), "geo: latitude 90.0000001 outside [-90, 90]");
    ck_assert_int_eq(myk10_geo_check(90.0, -180.0), MYK10_OK);
    ck_assert_int_eq(myk10_geo_check(-90.0, 180.0), MYK10_OK);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *common_suite(void)
{
    Suite *s = suite_create("common");
    TCase *tc;

    tc = tcase_create("status");
    tcase_add_test(tc, status_names_and_descriptions_are_distinct);
    tcase_add_test(tc, status_unknown_codes);
    suite_add_tcase(s, tc);

    tc = tcase_create("error");
    tcase_add_test(tc, error_records_message_code_and_offset);
    tcase_add_test(tc, error_is_per_thread);
    suite_add_tcase(s, tc);

    tc = tcase_create("version_init");
    tcase_add_test(tc, version_matches_headers);
    tcase_add_test(tc, init_is_idempotent_across_threads);
    tcase_add_test(tc, malloc_and_free);
    suite_add_tcase(s, tc);

    tc = tcase_create("time");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, time_parse_known_instants);
    tcase_add_test(tc, time_parse_fractions);
    tcase_add_test(tc, time_parse_rejects_bad_input);
    tcase_add_test(tc, time_parse_null_arguments);
    tcase_add_test(tc, time_format_known_instants);
    tcase_add_test(tc, time_format_rejects_bad_arguments);
    tcase_add_test(tc, time_every_day_of_ten_millennia);
    tcase_add_test(tc, time_agrees_with_glibc_gmtime);
    suite_add_tcase(s, tc);

    tc = tcase_create("geo");
    tcase_add_test(tc, geo_exact_distances);
    tcase_add_test(tc, geo_published_reference);
    tcase_add_test(tc, geo_agrees_with_law_of_cosines);
    tcase_add_test(tc, geo_rejects_bad_positions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(common_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
