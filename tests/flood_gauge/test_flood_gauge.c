/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for flood gauges: rating curves (piecewise, inverse, every
 * rejection), alert levels with hysteresis (exact sequences), the reading
 * buffer (order, duplicates, spikes, steps, gaps, staleness, capacity,
 * order independence, no allocation per reading), rate of rise, time to
 * threshold (coverage over many seeds, brute-force check) and the CSV /
 * JSON-lines readings parsers.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/common.h>

#include <myk10/flood.h>

#define ck_ok(call)                                                                   \
    do {                                                                              \
        myk10_status st_ = (call);                                                    \
        ck_assert_msg(st_ == MYK10_OK, "%s: %s (%s)", #call, myk10_status_name(st_), \
                      myk10_last_error());                                           \
    } while (0)

#define ck_status(call, expected)                                                    \
    do {                                                                             \
        myk10_status st_ = (call);                                                   \
        ck_assert_msg(st_ == (expected), "%s: %s, expected %s (%s)", #call,          \
                      myk10_status_name(st_), myk10_status_name(expected),           \
                      myk10_last_error());                                           \
    } while (0)

/* The last error mentions `needle`. */
#define ck_error_mentions(needle)                                                    \
    ck_assert_msg(strstr(myk10_last_error(), (needle)) != NULL,                      \
                  "message \"%s\" lacks \"%s\"", myk10_last_error(), (needle))

#define T0 INT64_C(1720000000) /* 2024-07-03T09:46:40Z */
#define MIN15 900

/* ------------------------------------------------------------ helpers */

static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static double rng_uniform(uint64_t *state)
{
    return ((double)(rng_next(state) >> 11) + 0.5) / 9007199254740992.0;
}

static double rng_normal(uint64_t *state)
{
    double u1 = rng_uniform(state);
    double u2 = rng_uniform(state);
    return sqrt(-2 * log(u1)) * cos(2 * 3.14159265358979323846 * u2);
}

static myk10_gauge *make_gauge(size_t capacity)
{
    myk10_gauge_config config;
    myk10_gauge *gauge = NULL;
    myk10_gauge_config_init(&config);
    config.id = "nette-mayen";
    if (capacity)
        config.capacity = capacity;
    ck_ok(myk10_gauge_create(&gauge, &config));
    return gauge;
}

static myk10_reading_outcome add(myk10_gauge *gauge, int64_t time, double level)
{
    myk10_reading_outcome outcome;
    ck_ok(myk10_gauge_add(gauge, &outcome, time, level, time));
    return outcome;
}

static myk10_gauge_status status_at(myk10_gauge *gauge, int64_t now)
{
    myk10_gauge_status status;
    ck_ok(myk10_gauge_get_status(&status, gauge, now));
    return status;
}

/* Bit mask of the readings judged spikes (first 64). */
static uint64_t spike_mask(myk10_gauge *gauge)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < myk10_gauge_count(gauge) && i < 64; i++) {
        myk10_reading r;
        ck_ok(myk10_gauge_reading(&r, gauge, i));
        if (r.spike)
            mask |= UINT64_C(1) << i;
    }
    return mask;
}

/* ------------------------------------------------------------ rating curves */

static const myk10_rating_segment one_segment = { 0.2, INFINITY, 5.0, 0.2, 1.6 };

START_TEST(rating_single_segment)
{
    myk10_rating *rating;
    double q;
    double h;
    ck_ok(myk10_rating_create(&rating, &one_segment, 1));
    ck_ok(myk10_rating_discharge(&q, rating, 1.2));
    ck_assert_double_eq_tol(q, 5.0, 1e-12);
    ck_ok(myk10_rating_discharge(&q, rating, 0.2));
    ck_assert_double_eq(q, 0.0);
    ck_ok(myk10_rating_stage(&h, rating, 5.0));
    ck_assert_double_eq_tol(h, 1.2, 1e-12);
    int bad = 0;
    for (int i = 0; i <= 1000; i++) {
        double stage = 0.2 + i * 0.01;
        if (myk10_rating_discharge(&q, rating, stage) != MYK10_OK ||
            myk10_rating_stage(&h, rating, q) != MYK10_OK || fabs(h - stage) > 1e-9)
            bad++;
    }
    ck_assert_int_eq(bad, 0);
    ck_status(myk10_rating_discharge(&q, rating, 0.1), MYK10_ERANGE);
    ck_status(myk10_rating_discharge(&q, rating, NAN), MYK10_EINVAL);
    ck_status(myk10_rating_stage(&h, rating, -1.0), MYK10_ERANGE);
    ck_status(myk10_rating_stage(&h, rating, INFINITY), MYK10_EINVAL);
    ck_assert_uint_eq(myk10_rating_segment_count(rating), 1);
    myk10_rating_destroy(rating);
}
END_TEST

START_TEST(rating_piecewise_with_jump)
{
    /* Low flow (channel) up to 1.5 m, then the floodplain with a jump up. */
    const myk10_rating_segment segs[] = {
        { 0.1, 1.5, 8.0, 0.1, 1.5 },
        { 1.5, 4.0, 32.0, 1.0, 1.2 },
    };
    myk10_rating *rating;
    double q;
    double h;
    ck_ok(myk10_rating_create(&rating, segs, 2));
    ck_ok(myk10_rating_discharge(&q, rating, 1.0));
    ck_assert_double_eq_tol(q, 8.0 * pow(0.9, 1.5), 1e-12);
    ck_ok(myk10_rating_discharge(&q, rating, 1.5)); /* boundary belongs to the upper piece */
    ck_assert_double_eq_tol(q, 32.0 * pow(0.5, 1.2), 1e-12);
    ck_ok(myk10_rating_discharge(&q, rating, 4.0)); /* last piece includes its end */
    ck_assert_double_eq_tol(q, 32.0 * pow(3.0, 1.2), 1e-9);
    /* At 1.5 m the discharge jumps up from 8·1.4^1.5 = 13.25 to 32·0.5^1.2 = 13.93. */
    double q_left = 8.0 * pow(1.4, 1.5);
    double q_right = 32.0 * pow(0.5, 1.2);
    ck_assert(q_right > q_left);
    ck_ok(myk10_rating_stage(&h, rating, (q_left + q_right) / 2));
    ck_assert_double_eq(h, 1.5);
    ck_ok(myk10_rating_stage(&h, rating, 32.0 * pow(2.0, 1.2)));
    ck_assert_double_eq_tol(h, 3.0, 1e-12);
    ck_status(myk10_rating_discharge(&q, rating, 4.01), MYK10_ERANGE);
    myk10_rating_destroy(rating);
}
END_TEST

static void rejects(const myk10_rating_segment *segs, size_t n, myk10_status expected,
                    const char *needle)
{
    myk10_rating *rating = NULL;
    ck_status(myk10_rating_create(&rating, segs, n), expected);
    ck_assert_ptr_null(rating);
    ck_error_mentions(needle);
}

START_TEST(rating_rejections)
{
    const myk10_rating_segment good = { 0.0, 1.0, 5.0, 0.0, 1.5 };
    myk10_rating_segment s[2] = { good, { 1.0, 2.0, 5.0, 0.0, 1.5 } };
    myk10_rating *rating;
    ck_ok(myk10_rating_create(&rating, s, 2));
    myk10_rating_destroy(rating);

    s[1].a = 0;
    rejects(s, 2, MYK10_ERANGE, "segment 1: a = 0");
    s[1].a = -2;
    rejects(s, 2, MYK10_ERANGE, "segment 1: a = -2");
    s[1] = (myk10_rating_segment){ 1.0, 2.0, 5.0, 0.0, 0.0 };
    rejects(s, 2, MYK10_ERANGE, "segment 1: b = 0");
    s[1] = (myk10_rating_segment){ 1.0, 2.0, 5.0, 1.5, 1.5 };
    rejects(s, 2, MYK10_ERANGE, "segment 1: h0");
    s[1] = (myk10_rating_segment){ 0.8, 2.0, 5.0, 0.0, 1.5 };
    rejects(s, 2, MYK10_ECONFLICT, "segment 1 (from 0.8 m) overlaps");
    s[1] = (myk10_rating_segment){ 1.2, 2.0, 5.0, 0.0, 1.5 };
    rejects(s, 2, MYK10_ECONFLICT, "uncovered");
    s[1] = (myk10_rating_segment){ 1.0, 2.0, 1.0, 0.0, 1.5 }; /* drops from 5 to 1 */
    rejects(s, 2, MYK10_ECONFLICT, "not monotone");
    s[1] = (myk10_rating_segment){ 1.0, 0.5, 5.0, 0.0, 1.5 };
    rejects(s, 2, MYK10_ERANGE, "segment 1: stage_min");
    s[1] = (myk10_rating_segment){ NAN, 2.0, 5.0, 0.0, 1.5 };
    rejects(s, 2, MYK10_ERANGE, "segment 1");
    s[0].stage_max = INFINITY;
    s[1] = good;
    rejects(s, 2, MYK10_ECONFLICT, "segment 0: only the last");
    ck_status(myk10_rating_create(&rating, s, 0), MYK10_EINVAL);
    ck_status(myk10_rating_create(NULL, s, 1), MYK10_EINVAL);
    myk10_rating_destroy(NULL);
}
END_TEST

/* ------------------------------------------------------------ alert levels */

START_TEST(alert_config_checks)
{
    myk10_alert_config c;
    myk10_alert_config_init4(&c, 1, 2, 3, 4, 0.1);
    ck_ok(myk10_alert_config_check(&c));
    c.thresholds[2] = 2.0;
    ck_status(myk10_alert_config_check(&c), MYK10_ECONFLICT);
    ck_error_mentions("level 3");
    myk10_alert_config_init4(&c, 1, 2, 3, 4, -0.1);
    ck_status(myk10_alert_config_check(&c), MYK10_ERANGE);
    ck_error_mentions("hysteresis");
    myk10_alert_config_init4(&c, 1, 2, 3, NAN, 0.1);
    ck_status(myk10_alert_config_check(&c), MYK10_ERANGE);
    ck_error_mentions("level 4");
    c.count = 0;
    ck_status(myk10_alert_config_check(&c), MYK10_ERANGE);
    c.count = MYK10_ALERT_MAX_LEVELS + 1;
    ck_status(myk10_alert_config_check(&c), MYK10_ERANGE);
    ck_status(myk10_alert_config_check(NULL), MYK10_EINVAL);
    /* Rhineland-Palatinate: one Meldehöhe is a one-level configuration. */
    memset(&c, 0, sizeof c);
    c.count = 1;
    c.thresholds[0] = 3.1;
    ck_ok(myk10_alert_config_check(&c));
}
END_TEST

START_TEST(alert_hysteresis_sequence)
{
    myk10_alert_config c;
    myk10_alert_state s;
    myk10_alert_config_init4(&c, 1, 2, 3, 4, 0.1);
    myk10_alert_state_init(&s);
    const struct {
        double level;
        int expect;
        bool changed;
    } steps[] = {
        { 0.50, 0, false }, { 1.00, 1, true },  /* reaching the threshold raises */
        { 0.95, 1, false }, { 0.90, 1, false }, /* not below 1.0 − 0.1 yet */
        { 0.89, 0, true },  { 1.50, 1, true },  { 2.50, 2, true },  { 3.20, 3, true },
        { 2.95, 3, false }, { 2.85, 2, true },  /* below 2.9, still >= 1.9 */
        { 4.00, 4, true },  { 3.95, 4, false }, { 0.50, 0, true },  /* drops through all */
        { 3.00, 3, true },                      /* several levels at once */
    };
    int64_t t = T0;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++, t += MIN15) {
        bool changed;
        ck_ok(myk10_alert_update(&s, &changed, &c, t, steps[i].level));
        ck_assert_msg(s.level == steps[i].expect && changed == steps[i].changed,
                      "step %zu: level %d changed %d", i, s.level, changed);
    }
    /* The last episode raised 1, 2 and 3 at once; the first was reset at 0. */
    int64_t last = t - MIN15;
    ck_assert_int_eq(s.raised_at[0], last);
    ck_assert_int_eq(s.raised_at[1], last);
    ck_assert_int_eq(s.raised_at[2], last);
    ck_assert_int_eq(s.raised_at[3], MYK10_TIME_NONE);
    ck_status(myk10_alert_update(&s, NULL, &c, last - 1, 1.0), MYK10_ESTATE);
    ck_status(myk10_alert_update(&s, NULL, &c, last, NAN), MYK10_EINVAL);
}
END_TEST

START_TEST(alert_first_raise_kept_within_episode)
{
    myk10_alert_config c;
    myk10_alert_state s;
    myk10_alert_config_init4(&c, 1, 2, 3, 4, 0.1);
    myk10_alert_state_init(&s);
    ck_ok(myk10_alert_update(&s, NULL, &c, T0, 1.1));       /* 1 */
    ck_ok(myk10_alert_update(&s, NULL, &c, T0 + 100, 2.1)); /* 2 */
    ck_ok(myk10_alert_update(&s, NULL, &c, T0 + 200, 1.5)); /* back to 1 */
    ck_ok(myk10_alert_update(&s, NULL, &c, T0 + 300, 2.2)); /* 2 again */
    ck_assert_int_eq(s.level, 2);
    ck_assert_int_eq(s.raised_at[0], T0);
    ck_assert_int_eq(s.raised_at[1], T0 + 100); /* first raise in this episode */
}
END_TEST

/* ------------------------------------------------------------ gauge buffer */

START_TEST(gauge_config_rejections)
{
    myk10_gauge_config c;
    myk10_gauge *g = NULL;
    char long_id[80];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    myk10_gauge_config_init(&c);
    ck_status(myk10_gauge_create(&g, &c), MYK10_EINVAL); /* no id */
    c.id = long_id;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ERANGE);
    ck_error_mentions("config.id");
    myk10_gauge_config_init(&c);
    c.id = "g";
    c.capacity = 5;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ERANGE);
    ck_error_mentions("capacity");
    myk10_gauge_config_init(&c);
    c.id = "g";
    c.hampel_half_window = 16;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ERANGE);
    ck_error_mentions("hampel_half_window");
    myk10_gauge_config_init(&c);
    c.id = "g";
    c.fit_coverage = 1.0;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ERANGE);
    ck_error_mentions("fit_coverage");
    myk10_gauge_config_init(&c);
    c.id = "g";
    c.reporting_interval_s = 0;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ERANGE);
    myk10_gauge_config_init(&c);
    c.id = "g";
    c.alerts.thresholds[1] = 0.5;
    ck_status(myk10_gauge_create(&g, &c), MYK10_ECONFLICT);
    ck_error_mentions("level 2");
    ck_assert_ptr_null(g);
    myk10_gauge_destroy(NULL);
}
END_TEST

START_TEST(gauge_rejects_bad_readings)
{
    myk10_gauge *g = make_gauge(0);
    ck_status(myk10_gauge_add(g, NULL, T0, NAN, T0), MYK10_EINVAL);
    ck_error_mentions("nette-mayen");
    ck_status(myk10_gauge_add(g, NULL, T0, INFINITY, T0), MYK10_EINVAL);
    ck_status(myk10_gauge_add(g, NULL, T0, -1.5, T0), MYK10_ERANGE);
    ck_error_mentions("floor");
    ck_ok(myk10_gauge_add(g, NULL, T0, -0.5, T0)); /* below gauge zero, above the floor */
    ck_status(myk10_gauge_add(g, NULL, T0 + 301, 1.0, T0), MYK10_ERANGE);
    ck_error_mentions("after now");
    ck_ok(myk10_gauge_add(g, NULL, T0 + 300, 1.0, T0));
    ck_status(myk10_gauge_add(g, NULL, INT64_MAX, 1.0, INT64_MAX), MYK10_ERANGE);
    ck_status(myk10_gauge_add(g, NULL, INT64_MIN, 1.0, T0), MYK10_ERANGE);
    ck_status(myk10_gauge_add(NULL, NULL, T0, 1.0, T0), MYK10_EINVAL);
    ck_assert_uint_eq(myk10_gauge_count(g), 2);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_orders_and_deduplicates)
{
    myk10_gauge *g = make_gauge(0);
    const int order[] = { 3, 0, 4, 1, 2 };
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(add(g, T0 + order[i] * MIN15, 1.0 + order[i] * 0.01),
                         MYK10_READING_ACCEPTED);
    ck_assert_int_eq(add(g, T0 + 2 * MIN15, 1.02), MYK10_READING_DUPLICATE);
    ck_assert_int_eq(add(g, T0 + 2 * MIN15, 1.025), MYK10_READING_REPLACED);
    ck_assert_uint_eq(myk10_gauge_count(g), 5);
    for (size_t i = 0; i < 5; i++) {
        myk10_reading r;
        ck_ok(myk10_gauge_reading(&r, g, i));
        ck_assert_int_eq(r.time, T0 + (int64_t)i * MIN15);
        ck_assert_double_eq(r.level_m, i == 2 ? 1.025 : 1.0 + (double)i * 0.01);
        ck_assert(!r.spike);
    }
    myk10_reading r;
    ck_status(myk10_gauge_reading(&r, g, 5), MYK10_ERANGE);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_hampel_flags_known_spikes)
{
    myk10_gauge *g = make_gauge(0);
    /* A gently rising river with spikes up, down, and a pair. */
    uint64_t expected = 0;
    for (int i = 0; i < 40; i++) {
        double level = 1.0 + 0.004 * i + 0.003 * sin(i * 0.7);
        if (i == 5 || i == 17 || i == 18 || i == 30 || i == 39) {
            level += i == 30 ? -0.8 : 1.5;
            expected |= UINT64_C(1) << i;
        }
        add(g, T0 + i * MIN15, level);
    }
    ck_assert_uint_eq(spike_mask(g), expected);
    myk10_gauge_status s = status_at(g, T0 + 39 * MIN15);
    ck_assert_uint_eq(s.spikes, 5);
    ck_assert_int_eq(s.last_time, T0 + 38 * MIN15); /* the newest one is a spike */
    ck_assert_int_eq(s.alert.level, 1);             /* spikes of +1.5 m raised nothing */
    ck_assert_int_eq(s.alert.raised_at[0], T0);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_step_is_confirmed_not_a_spike)
{
    myk10_gauge *g = make_gauge(0);
    for (int i = 0; i < 10; i++)
        add(g, T0 + i * MIN15, 1.5);
    /* The flood wave: the level jumps by 1 m and stays. */
    ck_assert_int_eq(add(g, T0 + 10 * MIN15, 2.5), MYK10_READING_SPIKE);
    ck_assert_int_eq(add(g, T0 + 11 * MIN15, 2.5), MYK10_READING_SPIKE);
    ck_assert_int_eq(add(g, T0 + 12 * MIN15, 2.5), MYK10_READING_SPIKE);
    ck_assert_int_eq(status_at(g, T0 + 12 * MIN15).alert.level, 1);
    ck_assert_int_eq(add(g, T0 + 13 * MIN15, 2.5), MYK10_READING_ACCEPTED);
    ck_assert_uint_eq(spike_mask(g), 0);
    myk10_gauge_status s = status_at(g, T0 + 13 * MIN15);
    ck_assert_int_eq(s.alert.level, 2);
    ck_assert_int_eq(s.alert.raised_at[1], T0 + 10 * MIN15); /* when it really happened */
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_reports_gaps)
{
    myk10_gauge *g = make_gauge(0);
    const int64_t times[] = { 0, 900, 1800, 4050, 4950, 5850, 9000, 9900 };
    for (size_t i = 0; i < 8; i++)
        add(g, T0 + times[i], 1.0);
    /* 1800 → 4050 is exactly 2.5 × 900: not a gap; 5850 → 9000 is. */
    myk10_gauge_gap gaps[4];
    size_t n = 99;
    ck_status(myk10_gauge_gaps(NULL, 0, &n, g), MYK10_EBUFSIZE);
    ck_assert_uint_eq(n, 1);
    ck_ok(myk10_gauge_gaps(gaps, 4, &n, g));
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(gaps[0].start, T0 + 5850);
    ck_assert_int_eq(gaps[0].end, T0 + 9000);
    /* A reading inside the gap closes it; a spike does not. */
    add(g, T0 + 7000, 5.0);
    ck_ok(myk10_gauge_gaps(gaps, 4, &n, g));
    ck_assert_uint_eq(n, 1);
    add(g, T0 + 7400, 1.0);
    ck_ok(myk10_gauge_gaps(gaps, 4, &n, g));
    ck_assert_uint_eq(n, 0);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_staleness)
{
    myk10_gauge *g = make_gauge(0);
    ck_assert(status_at(g, T0).stale); /* never heard from */
    add(g, T0, 1.0);
    ck_assert(!status_at(g, T0 + 3 * MIN15).stale);
    ck_assert(status_at(g, T0 + 3 * MIN15 + 1).stale);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_rate_of_rise)
{
    myk10_gauge *g = make_gauge(0);
    for (int i = 0; i <= 8; i++)
        add(g, T0 + i * MIN15, 0.8 + 0.05 * i); /* 20 cm/h */
    myk10_gauge_status s = status_at(g, T0 + 8 * MIN15);
    ck_assert_double_eq_tol(s.rise_cm_per_h, 20.0, 1e-9);
    ck_assert(s.rise_alarm);
    /* Independent of levels: the river is still below Meldestufe 2. */
    ck_assert_int_eq(s.alert.level, 1);
    myk10_gauge_destroy(g);

    g = make_gauge(0);
    for (int i = 0; i <= 8; i++)
        add(g, T0 + i * MIN15, 1.8 - 0.01 * i);
    s = status_at(g, T0 + 8 * MIN15);
    ck_assert_double_eq_tol(s.rise_cm_per_h, -4.0, 1e-9);
    ck_assert(!s.rise_alarm);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(gauge_capacity_keeps_evicted_history)
{
    myk10_gauge *g = make_gauge(16);
    for (int i = 0; i < 40; i++)
        add(g, T0 + i * MIN15, i < 3 ? 0.5 : 1.2); /* level 1 from reading 3 on */
    ck_assert_uint_eq(myk10_gauge_count(g), 16);
    myk10_reading r;
    ck_ok(myk10_gauge_reading(&r, g, 0));
    ck_assert_int_eq(r.time, T0 + 24 * MIN15);
    ck_status(myk10_gauge_add(g, NULL, T0 + 20 * MIN15, 1.2, T0 + 40 * MIN15), MYK10_ERANGE);
    ck_error_mentions("oldest");
    myk10_gauge_status s = status_at(g, T0 + 39 * MIN15);
    ck_assert_int_eq(s.alert.level, 1);
    ck_assert_int_eq(s.alert.raised_at[0], T0 + 3 * MIN15); /* from an evicted reading */
    /* A late reading within the held span still fits in. */
    ck_ok(myk10_gauge_add(g, NULL, T0 + 30 * MIN15 + 1, 1.2, T0 + 40 * MIN15));
    ck_ok(myk10_gauge_reading(&r, g, 0));
    ck_assert_int_eq(r.time, T0 + 25 * MIN15);
    myk10_gauge_destroy(g);
}
END_TEST

/* Same readings, any arrival order (with duplicates): same verdicts, same state. */
START_TEST(gauge_order_independent)
{
    enum { N = 120 };
    int64_t times[N];
    double levels[N];
    uint64_t seed = 7;
    for (int i = 0; i < N; i++) {
        times[i] = T0 + i * MIN15 + (int64_t)(rng_next(&seed) % 60);
        levels[i] = 0.6 + 2.4 * sin(i / 40.0) + 0.01 * rng_normal(&seed);
        if (rng_next(&seed) % 12 == 0)
            levels[i] += (rng_next(&seed) % 2 ? 1.0 : -0.7);
    }
    myk10_gauge *ref = make_gauge(256);
    for (int i = 0; i < N; i++)
        ck_ok(myk10_gauge_add(ref, NULL, times[i], levels[i], times[N - 1]));
    myk10_gauge_status want = status_at(ref, times[N - 1]);
    int failures = 0;
    for (int round = 0; round < 30; round++) {
        int perm[N];
        for (int i = 0; i < N; i++)
            perm[i] = i;
        for (int i = N - 1; i > 0; i--) {
            int j = (int)(rng_next(&seed) % (uint64_t)(i + 1));
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        myk10_gauge *g = make_gauge(256);
        for (int i = 0; i < N; i++) {
            myk10_gauge_add(g, NULL, times[perm[i]], levels[perm[i]], times[N - 1]);
            if (i % 5 == 0) /* a duplicate now and then */
                myk10_gauge_add(g, NULL, times[perm[i]], levels[perm[i]], times[N - 1]);
        }
        myk10_gauge_status got = status_at(g, times[N - 1]);
        for (size_t i = 0; i < N; i++) {
            myk10_reading a;
            myk10_reading b;
            myk10_gauge_reading(&a, ref, i);
            myk10_gauge_reading(&b, g, i);
            if (a.time != b.time || a.level_m != b.level_m || a.spike != b.spike)
                failures++;
        }
        if (memcmp(&got.alert, &want.alert, sizeof got.alert) != 0 ||
            got.spikes != want.spikes || got.readings != want.readings)
            failures++;
        myk10_gauge_destroy(g);
    }
    ck_assert_int_eq(failures, 0);
    ck_assert_uint_gt(want.spikes, 3);
    ck_assert_int_ne(want.alert.raised_at[2], MYK10_TIME_NONE); /* reached level 3 */
    myk10_gauge_destroy(ref);
}
END_TEST

/* Counting allocator: adding readings must not allocate. */
static size_t allocations;
static void *count_malloc(size_t size, void *user)
{
    (void)user;
    allocations++;
    return malloc(size);
}
static void *count_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    allocations++;
    return realloc(ptr, size);
}
static void count_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

START_TEST(gauge_add_does_not_allocate)
{
    myk10_allocator counting = { count_malloc, count_realloc, count_free, NULL };
    if (myk10_set_allocator(&counting) != MYK10_OK)
        return; /* not in a fresh process (CK_FORK=no): nothing to measure */
    myk10_gauge *g = make_gauge(64);
    myk10_gauge_forecast f;
    size_t before = allocations;
    for (int i = 0; i < 500; i++) {
        add(g, T0 + i * MIN15, 1.0 + 0.001 * i + (i % 17 == 0 ? 2.0 : 0.0));
        status_at(g, T0 + i * MIN15);
        if (i > 20)
            ck_ok(myk10_gauge_time_to_threshold(&f, g, T0 + i * MIN15, 86400));
    }
    ck_assert_uint_eq(allocations, before);
    myk10_gauge_destroy(g);
}
END_TEST

/* ------------------------------------------------------------ time to threshold */

/* A linear rise with normal noise, every `step` s over 3 h up to T0. */
static myk10_gauge *noisy_rise(uint64_t seed, double start_m, double rate_m_per_h,
                               double noise_m, int64_t step)
{
    myk10_gauge *g = make_gauge(0);
    for (int64_t t = -3 * 3600; t <= 0; t += step) {
        double level = start_m + rate_m_per_h * (double)t / 3600.0 + noise_m * rng_normal(&seed);
        myk10_gauge_add(g, NULL, T0 + t, level, T0);
    }
    return g;
}

static double coverage_of(double rate, double noise, int64_t step, int seeds)
{
    int covered = 0;
    int expected = 0;
    /* Level 1.5 m at T0 with default thresholds: next is level 2 at 2.0 m. */
    int64_t truth = T0 + (int64_t)llround(0.5 / rate * 3600.0);
    for (int seed = 1; seed <= seeds; seed++) {
        myk10_gauge *g = noisy_rise((uint64_t)seed * 7919, 1.5, rate, noise, step);
        myk10_gauge_forecast f;
        if (myk10_gauge_time_to_threshold(&f, g, T0, 24 * 3600) == MYK10_OK) {
            expected += f.crossing == MYK10_CROSSING_EXPECTED;
            if (f.level == 2 && f.time_early != MYK10_TIME_NONE && f.time_early <= truth &&
                (f.time_late == MYK10_TIME_NONE || truth <= f.time_late))
                covered++;
        }
        myk10_gauge_destroy(g);
    }
    ck_assert_int_ge(expected, seeds * 9 / 10);
    return (double)covered / seeds;
}

START_TEST(ttt_interval_coverage)
{
    /* Claimed 80 %: with 600 seeds the binomial 3-sigma band is ±4.9 %. */
    const struct {
        double rate, noise;
        int64_t step;
    } cases[] = {
        { 0.10, 0.015, 900 }, /* 13 readings, crossing 5 h out */
        { 0.20, 0.030, 300 }, /* 37 readings, 2.5 h out */
        { 0.25, 0.010, 900 }, /* 2 h out */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double coverage = coverage_of(cases[i].rate, cases[i].noise, cases[i].step, 600);
        ck_assert_msg(coverage >= 0.75 && coverage <= 0.92, "case %zu: coverage %.3f", i,
                      coverage);
    }
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *a, size_t n)
{
    qsort(a, n, sizeof a[0], cmp_double);
    return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

START_TEST(ttt_matches_brute_force)
{
    myk10_gauge *g = noisy_rise(42, 1.5, 0.12, 0.02, 900);
    myk10_gauge_forecast f;
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 24 * 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_EXPECTED);
    ck_assert_int_eq(f.level, 2);
    ck_assert_double_eq(f.threshold_m, 2.0);

    /* Theil–Sen by brute force over the accepted readings of the window. */
    double t[64];
    double y[64];
    double slopes[64 * 63 / 2];
    double detrended[64];
    size_t n = 0;
    for (size_t i = 0; i < myk10_gauge_count(g); i++) {
        myk10_reading r;
        ck_ok(myk10_gauge_reading(&r, g, i));
        if (!r.spike && r.time >= T0 - 3 * 3600) {
            t[n] = (double)(r.time - T0);
            y[n++] = r.level_m;
        }
    }
    ck_assert_uint_eq(n, f.points);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            slopes[m++] = (y[j] - y[i]) / (t[j] - t[i]);
    double slope = median_of(slopes, m);
    ck_assert_double_eq_tol(f.slope_m_per_h, slope * 3600, 1e-12);
    for (size_t i = 0; i < n; i++)
        detrended[i] = y[i] - slope * (t[i] - (double)(f.pivot_time - T0));
    ck_assert_double_eq_tol(f.pivot_level_m, median_of(detrended, n), 1e-12);

    /* Scan the band second by second for the three crossings. */
    int64_t early = MYK10_TIME_NONE;
    int64_t central = MYK10_TIME_NONE;
    int64_t late = MYK10_TIME_NONE;
    for (int64_t time = T0; time <= T0 + 24 * 3600; time++) {
        double u = (double)(time - f.pivot_time) / 3600.0;
        double yhat = f.pivot_level_m + f.slope_m_per_h * u;
        double w = sqrt(f.level_halfwidth_m * f.level_halfwidth_m +
                        u * u * f.slope_halfwidth_m_per_h * f.slope_halfwidth_m_per_h);
        if (early == MYK10_TIME_NONE && yhat + w >= f.threshold_m)
            early = time;
        if (central == MYK10_TIME_NONE && yhat >= f.threshold_m)
            central = time;
        if (late == MYK10_TIME_NONE && yhat - w >= f.threshold_m)
            late = time;
    }
    ck_assert_int_le(llabs(early - f.time_early), 1);
    ck_assert_int_le(llabs(central - f.time), 1);
    ck_assert_int_le(llabs(late - f.time_late), 1);
    ck_assert(f.time_early < f.time && f.time < f.time_late);
    ck_assert(!f.stale);
    myk10_gauge_destroy(g);
}
END_TEST

START_TEST(ttt_verdicts)
{
    myk10_gauge_forecast f;
    /* Flat river: the threshold 0.5 m above is out of reach. */
    myk10_gauge *g = noisy_rise(3, 1.5, 0.0, 0.01, 900);
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 12 * 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_NOT_EXPECTED);
    ck_assert_int_eq(f.time, MYK10_TIME_NONE);
    myk10_gauge_destroy(g);
    /* Falling river. */
    g = noisy_rise(4, 1.5, -0.1, 0.01, 900);
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 12 * 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_NOT_EXPECTED);
    myk10_gauge_destroy(g);
    /* Rising, but 5 h away and the horizon is 1 h. */
    g = noisy_rise(5, 1.5, 0.1, 0.005, 900);
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_NOT_EXPECTED);
    /* A horizon that reaches only the interval's early end. */
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 24 * 3600));
    int64_t early = f.time_early;
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, early - T0 + 60));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_POSSIBLE);
    ck_assert_int_eq(f.time_early, early);
    /* Stale when asked much later. */
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0 + 4 * 3600, 24 * 3600));
    ck_assert(f.stale);
    myk10_gauge_destroy(g);
    /* Readings lag: at 20 cm/h the trend passes 2.0 m six minutes after the
     * last reading (1.98 m), so asked ten minutes later it is crossed now. */
    g = noisy_rise(8, 1.98, 0.2, 0.0, 900);
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0 + 600, 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_EXPECTED);
    ck_assert_int_eq(f.level, 2);
    ck_assert_int_eq(f.time, T0 + 600);
    ck_assert_int_eq(f.time_early, T0 + 600);
    ck_assert_int_eq(f.time_late, T0 + 600); /* noiseless: certainly above */
    myk10_gauge_destroy(g);
    /* Already at Meldestufe 4. */
    g = noisy_rise(6, 4.5, 0.1, 0.005, 900);
    ck_ok(myk10_gauge_time_to_threshold(&f, g, T0, 3600));
    ck_assert_int_eq(f.crossing, MYK10_CROSSING_TOP_LEVEL);
    ck_assert_int_eq(f.level, 0);
    myk10_gauge_destroy(g);
    /* Too few readings. */
    g = make_gauge(0);
    ck_status(myk10_gauge_time_to_threshold(&f, g, T0, 3600), MYK10_ESTATE);
    for (int i = 0; i < 5; i++)
        add(g, T0 + i * MIN15, 1.0);
    ck_status(myk10_gauge_time_to_threshold(&f, g, T0 + 5 * MIN15, 3600), MYK10_ESTATE);
    ck_error_mentions("5 readings");
    ck_status(myk10_gauge_time_to_threshold(&f, g, T0, 0), MYK10_EINVAL);
    ck_status(myk10_gauge_time_to_threshold(&f, g, INT64_MAX, 3600), MYK10_ERANGE);
    myk10_gauge_destroy(g);
}
END_TEST

/* ------------------------------------------------------------ parsers */

typedef struct sink {
    myk10_reading_record records[16];
    size_t count;
    size_t stop_after;
} sink;

static myk10_status to_sink(const myk10_reading_record *record, void *payload)
{
    sink *s = payload;
    if (s->stop_after && s->count == s->stop_after)
        return MYK10_ECAPACITY;
    if (s->count < 16)
        s->records[s->count] = *record;
    s->count++;
    return MYK10_OK;
}

static myk10_status parse(sink *s, const char *text, myk10_readings_format format)
{
    memset(s, 0, sizeof *s);
    return myk10_readings_parse(text, strlen(text), format, to_sink, s);
}

START_TEST(csv_good)
{
    sink s;
    const char *text = "\xEF\xBB\xBFlevel_m,note,time,gauge_id\r\n"
                       "1.23,\"free, text\",2024-07-03T09:45:00Z,nette-mayen\r\n"
                       "\r\n"
                       " 0.5 ,,2024-07-03T11:45:00+02:00,\"say\"\"n\"\n"
                       "-0.02,\"multi\nline\",2024-07-03T10:00:00.750Z,elz";
    ck_ok(parse(&s, text, MYK10_READINGS_CSV));
    ck_assert_uint_eq(s.count, 3);
    ck_assert_str_eq(s.records[0].gauge, "nette-mayen");
    ck_assert_int_eq(s.records[0].time, 1719999900);
    ck_assert_double_eq(s.records[0].level_m, 1.23);
    ck_assert_uint_eq(s.records[0].line, 2);
    ck_assert_str_eq(s.records[1].gauge, "say\"n");
    ck_assert_int_eq(s.records[1].time, 1719999900);
    ck_assert_double_eq(s.records[1].level_m, 0.5);
    ck_assert_uint_eq(s.records[1].line, 4);
    ck_assert_int_eq(s.records[2].time, 1720000800);
    ck_assert_double_eq(s.records[2].level_m, -0.02);
    ck_assert_uint_eq(s.records[2].line, 5);
}
END_TEST

static void csv_bad(const char *text, myk10_status expected, const char *needle,
                    int64_t offset)
{
    sink s;
    ck_status(parse(&s, text, MYK10_READINGS_CSV), expected);
    ck_error_mentions(needle);
    if (offset >= 0)
        ck_assert_int_eq(myk10_last_error_offset(), offset);
}

START_TEST(csv_bad_input)
{
    const char *head = "gauge_id,time,level_m\n";
    char text[512];
    csv_bad("", MYK10_EMALFORMED, "header", -1);
    csv_bad("gauge_id,time\nx,2024-07-03T09:45:00Z\n", MYK10_EMALFORMED, "level_m", -1);
    csv_bad("gauge_id,time,time,level_m\n", MYK10_EMALFORMED, "twice", -1);
    snprintf(text, sizeof text, "%sa,2024-07-03T09:45:00Z,1\na,2024-07-03 09:45,1\n", head);
    csv_bad(text, MYK10_EMALFORMED, "line 3: time", 59); /* the space at byte 10 */
    snprintf(text, sizeof text, "%sa,2024-13-03T09:45:00Z,1\n", head);
    csv_bad(text, MYK10_ERANGE, "line 2: time", -1);
    snprintf(text, sizeof text, "%sa,2024-07-03T09:45:00Z,abc\n", head);
    csv_bad(text, MYK10_EMALFORMED, "line 2: level_m", 45);
    snprintf(text, sizeof text, "%sa,2024-07-03T09:45:00Z,nan\n", head);
    csv_bad(text, MYK10_EMALFORMED, "level_m", -1);
    snprintf(text, sizeof text, "%sa,2024-07-03T09:45:00Z,1e999\n", head);
    csv_bad(text, MYK10_ERANGE, "level_m: out of range", -1);
    snprintf(text, sizeof text, "%sa,2024-07-03T09:45:00Z\n", head);
    csv_bad(text, MYK10_EMALFORMED, "line 2: 2 fields", -1);
    snprintf(text, sizeof text, "%s\"a,2024-07-03T09:45:00Z,1\n", head);
    csv_bad(text, MYK10_EMALFORMED, "not closed", -1);
    snprintf(text, sizeof text, "%s\"a\"x,2024-07-03T09:45:00Z,1\n", head);
    csv_bad(text, MYK10_EMALFORMED, "after closing quote", -1);
    snprintf(text, sizeof text, "%sa\"b,2024-07-03T09:45:00Z,1\n", head);
    csv_bad(text, MYK10_EMALFORMED, "stray quote", -1);
    snprintf(text, sizeof text, "%s%s,2024-07-03T09:45:00Z,1\n", head,
             "0123456789012345678901234567890123456789012345678901234567890123");
    csv_bad(text, MYK10_ERANGE, "gauge id longer", -1);
    snprintf(text, sizeof text, "%s,2024-07-03T09:45:00Z,1\n", head);
    csv_bad(text, MYK10_EMALFORMED, "gauge id empty", -1);
}
END_TEST

START_TEST(jsonl_good_and_bad)
{
    sink s;
    ck_ok(parse(&s,
                "{\"gauge\": \"nette-mayen\", \"time\": \"2024-07-03T09:45:00Z\", \"level_m\": 1.23}\n"
                "\n"
                "{\"level_m\": 2, \"time\": \"2024-07-03T11:45:00+02:00\", \"gauge\": \"elz\", "
                "\"extra\": [1]}\r\n",
                MYK10_READINGS_JSONL));
    ck_assert_uint_eq(s.count, 2);
    ck_assert_str_eq(s.records[1].gauge, "elz");
    ck_assert_double_eq(s.records[1].level_m, 2.0);
    ck_assert_uint_eq(s.records[1].line, 3);
    ck_assert_int_eq(s.records[1].time, 1719999900);

    const char *good = "{\"gauge\":\"a\",\"time\":\"2024-07-03T09:45:00Z\",\"level_m\":1}\n";
    char text[512];
    snprintf(text, sizeof text, "%s{\"gauge\":\"a\",", good);
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("line 2");
    ck_assert_int_ge(myk10_last_error_offset(), (int64_t)strlen(good));
    ck_assert_uint_eq(s.count, 1); /* the good line came first */
    snprintf(text, sizeof text, "%s{\"gauge\":\"a\",\"time\":\"2024-07-03T09:45:00Z\"}", good);
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("line 2: level_m: missing");
    snprintf(text, sizeof text, "{\"gauge\":\"a\",\"time\":\"2024-07-03T09:45:00Z\",\"level_m\":\"1\"}");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("level_m: expected a number");
    snprintf(text, sizeof text, "{\"gauge\":\"a\",\"time\":\"2024-07-03T09:45:00Z\",\"level_m\":1e999}");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_ERANGE);
    snprintf(text, sizeof text, "{\"gauge\":7,\"time\":\"2024-07-03T09:45:00Z\",\"level_m\":1}");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("gauge: expected a string");
    snprintf(text, sizeof text, "{\"gauge\":\"a\",\"time\":\"yesterday\",\"level_m\":1}");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("line 1: time");
    snprintf(text, sizeof text, "[1, 2]");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("expected a JSON object");
    snprintf(text, sizeof text, "{\"gauge\":\"a\\u0000b\",\"time\":\"2024-07-03T09:45:00Z\",\"level_m\":1}");
    ck_status(parse(&s, text, MYK10_READINGS_JSONL), MYK10_EMALFORMED);
    ck_error_mentions("NUL");
}
END_TEST

START_TEST(parse_callback_and_array)
{
    sink s;
    const char *text = "gauge_id,time,level_m\n"
                       "a,2024-07-03T09:45:00Z,1\n"
                       "b,2024-07-03T10:00:00Z,2\n"
                       "c,2024-07-03T10:15:00Z,3\n";
    memset(&s, 0, sizeof s);
    s.stop_after = 2;
    ck_status(myk10_readings_parse(text, strlen(text), MYK10_READINGS_CSV, to_sink, &s),
              MYK10_ECALLBACK);
    ck_error_mentions("line 4");
    ck_error_mentions("MYK10_ECAPACITY");
    myk10_reading_record *records = NULL;
    size_t n = 0;
    ck_ok(myk10_readings_parse_array(&records, &n, text, strlen(text), MYK10_READINGS_CSV));
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(records[2].gauge, "c");
    ck_assert_double_eq(records[2].level_m, 3.0);
    myk10_free(records);
    ck_ok(myk10_readings_parse_array(&records, &n, NULL, 0, MYK10_READINGS_JSONL));
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(records);
    ck_status(myk10_readings_parse(text, strlen(text), (myk10_readings_format)9, to_sink, &s),
              MYK10_EINVAL);
    ck_status(myk10_readings_parse(NULL, 3, MYK10_READINGS_CSV, to_sink, &s), MYK10_EINVAL);
}
END_TEST

/* Parsed readings feed a gauge: out of order and duplicated in the file. */
START_TEST(parse_into_gauge)
{
    const char *text = "gauge_id,time,level_m\n"
                       "g,2024-07-03T10:15:00Z,1.30\n"
                       "g,2024-07-03T09:45:00Z,1.00\n"
                       "g,2024-07-03T10:00:00Z,1.15\n"
                       "g,2024-07-03T10:00:00Z,1.15\n";
    myk10_reading_record *records = NULL;
    size_t n = 0;
    ck_ok(myk10_readings_parse_array(&records, &n, text, strlen(text), MYK10_READINGS_CSV));
    myk10_gauge *g = make_gauge(0);
    int duplicates = 0;
    for (size_t i = 0; i < n; i++) {
        myk10_reading_outcome outcome;
        ck_ok(myk10_gauge_add(g, &outcome, records[i].time, records[i].level_m, records[0].time));
        duplicates += outcome == MYK10_READING_DUPLICATE;
    }
    ck_assert_int_eq(duplicates, 1);
    ck_assert_uint_eq(myk10_gauge_count(g), 3);
    myk10_reading r;
    ck_ok(myk10_gauge_reading(&r, g, 0));
    ck_assert_double_eq(r.level_m, 1.00);
    myk10_free(records);
    myk10_gauge_destroy(g);
}
END_TEST

static Suite *flood_gauge_suite(void)
{
    Suite *s = suite_create("flood-gauge");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rating_single_segment);
    tcase_add_test(tc, rating_piecewise_with_jump);
    tcase_add_test(tc, rating_rejections);
    tcase_add_test(tc, alert_config_checks);
    tcase_add_test(tc, alert_hysteresis_sequence);
    tcase_add_test(tc, alert_first_raise_kept_within_episode);
    tcase_add_test(tc, gauge_config_rejections);
    tcase_add_test(tc, gauge_rejects_bad_readings);
    tcase_add_test(tc, gauge_orders_and_deduplicates);
    tcase_add_test(tc, gauge_hampel_flags_known_spikes);
    tcase_add_test(tc, gauge_step_is_confirmed_not_a_spike);
    tcase_add_test(tc, gauge_reports_gaps);
    tcase_add_test(tc, gauge_staleness);
    tcase_add_test(tc, gauge_rate_of_rise);
    tcase_add_test(tc, gauge_capacity_keeps_evicted_history);
    tcase_add_test(tc, gauge_order_independent);
    tcase_add_test(tc, gauge_add_does_not_allocate);
    tcase_add_test(tc, ttt_interval_coverage);
    tcase_add_test(tc, ttt_matches_brute_force);
    tcase_add_test(tc, ttt_verdicts);
    tcase_add_test(tc, csv_good);
    tcase_add_test(tc, csv_bad_input);
    tcase_add_test(tc, jsonl_good_and_bad);
    tcase_add_test(tc, parse_callback_and_array);
    tcase_add_test(tc, parse_into_gauge);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(flood_gauge_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
