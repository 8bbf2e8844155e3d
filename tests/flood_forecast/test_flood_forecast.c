/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for flood forecasts and warnings: warning times against a
 * brute-force fine-step simulation, substitution at gauges, staleness,
 * lead time won, exact interpolation on linear ramps, villages never
 * reached, the uncertainty band, village thresholds in JSON, bad input.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/flood.h>

#include "forecast_fixture.h"

/* The flood wave of most tests: 0.5 m until now−2h, then rising linearly
 * to 3.5 m at now. */
static double wave(double t)
{
    double s = t - ((double)NOW - 2 * H);
    return s <= 0 ? 0.5 : 0.5 + 3.0 * s / (2 * H);
}

/* ------------------------------------------------------------ brute force */

/* Fine-step reference: arrays sampled every DTF seconds from t0. */
#define DTF 1.0

typedef struct series {
    double t0;
    size_t n;
    double *q;
} series;

static series sample(double (*fn)(double), double t0, double t1, int64_t last_reading)
{
    series s = { t0, (size_t)((t1 - t0) / DTF) + 1, NULL };
    s.q = calloc(s.n, sizeof *s.q);
    for (size_t i = 0; i < s.n; i++) {
        double t = t0 + (double)i * DTF;
        /* the forecaster sees the readings, linear between them, persisted after the last */
        double tr = t > (double)last_reading ? (double)last_reading : t;
        double a = floor((tr - (double)(NOW - 12 * 3600)) / 900) * 900 + (double)(NOW - 12 * 3600);
        double b = a + 900;
        s.q[i] = tr <= a ? fn(a) : fn(a) + (fn(b) - fn(a)) * (tr - a) / 900;
    }
    return s;
}

/* Continuous Muskingum: S = K(XI + (1−X)O), dS/dt = I − O. */
static series muskingum_ode(series in, double k, double x)
{
    series o = { in.t0, in.n, calloc(in.n, sizeof(double)) };
    o.q[0] = in.q[0];
    for (size_t i = 0; i + 1 < in.n; i++) {
        double di = (in.q[i + 1] - in.q[i]) / DTF;
        double iq = 0.5 * (in.q[i] + in.q[i + 1]);
        o.q[i + 1] = o.q[i] + DTF * (iq - o.q[i] - k * x * di) / (k * (1 - x));
    }
    return o;
}

static series lag_shift(series in, double lag)
{
    series o = { in.t0, in.n, calloc(in.n, sizeof(double)) };
    size_t d = (size_t)(lag / DTF);
    for (size_t i = 0; i < in.n; i++)
        o.q[i] = in.q[i >= d ? i - d : 0];
    return o;
}

static double first_crossing(series s, double thr, double from)
{
    for (size_t i = 1; i < s.n; i++) {
        double t = s.t0 + (double)i * DTF;
        if (t < from)
            continue;
        if (s.q[i] >= thr)
            return s.q[i - 1] >= thr ? t : t - DTF + DTF * (thr - s.q[i - 1]) / (s.q[i] - s.q[i - 1]);
    }
    return NAN;
}

/* ------------------------------------------------------------ tests */

/* One Muskingum reach: forecast warning times against the continuous solution. */
START_TEST(brute_force_one_reach)
{
    const rspec r[] = { { "r1", "g", "v", MYK10_FLOOD_MUSKINGUM, 0, 3600, 0.04 },
                        { "r2", "v", "o", MYK10_FLOOD_LAG, 600, 0, 0 } };
    const double thr[3] = { 1.5, 2.5, 3.2 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ line_nodes, 3, r, 2, thr, 3, NULL,
                                                      wave, NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");

    series in = sample(wave, (double)NOW - 12 * H, (double)NOW + 6 * H, NOW);
    series out = muskingum_ode(in, 3600, 0.04);
    for (int k = 0; k < 3; k++) {
        double ref = first_crossing(out, thr[k], (double)NOW);
        ck_assert_msg(!isnan(ref), "reference reaches level %d", k + 1);
        ck_assert_int_ne(v.level_time[k], MYK10_TIME_NONE);
        ck_assert_msg(fabs((double)v.level_time[k] - ref) < 20,
                      "level %d: forecast %lld, brute force %.1f", k + 1,
                      (long long)v.level_time[k], ref);
        ck_assert_int_eq(v.warning_s[k], v.level_time[k] - NOW);
    }
    ck_assert_int_eq(v.max_level, 3);
    ck_assert(!v.stale);
    ck_assert(!v.routed_only);
    ck_assert_str_eq(v.driving_gauge, "g");
    ck_assert_str_eq(v.path, "g > v");
    free(in.q);
    free(out.q);
    one_gauge_close(&x);
}
END_TEST

static double wave2(double t)
{
    double s = t - ((double)NOW - 1.5 * H);
    return s <= 0 ? 1.0 : 1.0 + 1.0 * s / (1.5 * H);
}

/* Two gauges, a confluence, three reaches: against the brute force. */
START_TEST(brute_force_three_reaches)
{
    const nspec n[] = { { "g1", MYK10_FLOOD_GAUGE, 0 }, { "g2", MYK10_FLOOD_GAUGE, 0 },
                        { "c", MYK10_FLOOD_CONFLUENCE, 0.2 }, { "v", MYK10_FLOOD_VILLAGE, 0 },
                        { "o", MYK10_FLOOD_OUTLET, 0 } };
    const rspec r[] = { { "r1", "g1", "c", MYK10_FLOOD_LAG, 1800, 0, 0 },
                        { "r2", "g2", "c", MYK10_FLOOD_MUSKINGUM, 0, 2400, 0.04 },
                        { "r3", "c", "v", MYK10_FLOOD_MUSKINGUM, 0, 1800, 0.04 },
                        { "r4", "v", "o", MYK10_FLOOD_LAG, 300, 0, 0 } };
    myk10_flood_network *net = make_net(n, 5, r, 4);
    const double thr[4] = { 3.0, 4.5, 5.5, 6.5 };
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", thr, 4), MYK10_OK);
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    cfg.horizon_s = 8 * 3600;
    myk10_flood_forecaster *fc = NULL;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_OK);
    myk10_gauge *g1 = make_gauge("g1"), *g2 = make_gauge("g2");
    myk10_rating *rating = identity_rating();
    feed(g1, wave, NOW - 12 * 3600, NOW);
    feed(g2, wave2, NOW - 12 * 3600, NOW);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g1", g1, rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g2", g2, rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(fc, "v");

    double t0 = (double)NOW - 12 * H, t1 = (double)NOW + 8 * H;
    series a = sample(wave, t0, t1, NOW), b = sample(wave2, t0, t1, NOW);
    series la = lag_shift(a, 1800), mb = muskingum_ode(b, 2400, 0.04);
    for (size_t i = 0; i < la.n; i++)
        la.q[i] += mb.q[i] + 0.2;
    series out = muskingum_ode(la, 1800, 0.04);
    for (int k = 0; k < 4; k++) {
        double ref = first_crossing(out, thr[k], (double)NOW);
        if (isnan(ref)) {
            ck_assert_int_eq(v.level_time[k], MYK10_TIME_NONE);
            continue;
        }
        ck_assert_msg(fabs((double)v.level_time[k] - ref) < 20,
                      "level %d: forecast %lld, brute force %.1f", k + 1,
                      (long long)v.level_time[k], ref);
    }
    ck_assert_int_ge(v.max_level, 3);
    ck_assert_str_eq(v.driving_gauge, "g1"); /* at level 3 (3.5 m) against g2 at level 2 */
    ck_assert_str_eq(v.path, "g1 > c > v");
    free(a.q), free(b.q), free(la.q), free(mb.q), free(out.q);
    myk10_flood_forecaster_destroy(fc);
    myk10_gauge_destroy(g1);
    myk10_gauge_destroy(g2);
    myk10_rating_destroy(rating);
    myk10_flood_network_destroy(net);
}
END_TEST

static double ramp(double t)
{
    return 1.0 + (t - ((double)NOW - 12 * H)) / H * 0.25; /* 0.25 m/h, linear throughout */
}

/* A lag reach delays a linear ramp exactly; crossings are interpolated exactly. */
START_TEST(linear_ramp_exact)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 4000, 0, 0); /* 13⅓ steps */
    /* ramp at now is 4.0; at the village (4000 s late) 4.0 − 0.25·4000/3600 */
    double at_v_now = 4.0 - 0.25 * 4000 / 3600;
    const double thr[3] = { at_v_now + 0.0123, at_v_now + 0.2, at_v_now + 0.3 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ line_nodes, 3, r, 2, thr, 3, NULL, ramp,
                                                    NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");
    ck_assert_double_eq_tol(v.current_m3s, at_v_now, 1e-9);
    ck_assert_int_eq(v.current_level, 0);
    double expect0 = (double)NOW + 0.0123 / 0.25 * 3600; /* 177.12 s: between steps */
    ck_assert_int_eq(v.level_time[0], (int64_t)llround(expect0));
    ck_assert_int_eq(v.level_time[1], NOW + 2880); /* 0.2 m at 0.25 m/h */
    /* level 3 (4.022) lies above 4.0, where persistence holds the gauge from now on */
    ck_assert_int_eq(v.level_time[2], MYK10_TIME_NONE);
    ck_assert_int_eq(v.max_level, 2);
    ck_assert_double_eq_tol(v.peak_m3s, 4.0, 1e-9);
    one_gauge_close(&x);
}
END_TEST

/* Lead time won counts from the gauge's first raise (known from the readings). */
START_TEST(lead_time_won)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 5400, 0, 0);
    const double thr[2] = { 2.0, 3.0 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ line_nodes, 3, r, 2, thr, 2, NULL,
                                                      wave, NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_gauge_status st;
    ck_assert_int_eq(myk10_gauge_get_status(&st, x.g, NOW), MYK10_OK);
    ck_assert_int_eq(st.alert.raised_at[0], NOW - 5400); /* first reading >= 1 m */
    myk10_flood_village_forecast v = village(x.fc, "v");
    /* the gauge reaches 2.0 m at now−3600 and 3.0 m at now−1200; lag 5400 s */
    ck_assert_int_eq(v.level_time[0], NOW + 1800);
    ck_assert_int_eq(v.level_time[1], NOW + 4200);
    ck_assert_int_eq(v.warning_s[0], 1800);
    ck_assert_int_eq(v.warning_s[1], 4200);
    ck_assert_int_eq(v.lead_won_s[0], 7200);
    ck_assert_int_eq(v.lead_won_s[1], 9600);
    /* a pure lag with ±20 %: band brackets the central arrival of level 2 */
    ck_assert_int_lt(v.band[0], v.band[1]);
    ck_assert_int_lt(v.band[1], v.band[2]);
    ck_assert_int_eq(v.band[1], v.level_time[1]);
    one_gauge_close(&x);
}
END_TEST

/* Substitution: an observed gauge replaces what was routed into it. */
static double high(double t) { (void)t; return 5.0; }
static double low(double t) { (void)t; return 1.0; }

START_TEST(substitution_at_gauges)
{
    const nspec n[] = { { "g1", MYK10_FLOOD_GAUGE, 0 }, { "v1", MYK10_FLOOD_VILLAGE, 0 },
                        { "g2", MYK10_FLOOD_GAUGE, 0 }, { "v2", MYK10_FLOOD_VILLAGE, 0.5 },
                        { "o", MYK10_FLOOD_OUTLET, 0 } };
    const rspec r[] = { { "r1", "g1", "v1", MYK10_FLOOD_MUSKINGUM, 0, 1800, 0.2 },
                        { "r2", "v1", "g2", MYK10_FLOOD_LAG, 600, 0, 0 },
                        { "r3", "g2", "v2", MYK10_FLOOD_MUSKINGUM, 0, 1200, 0.1 },
                        { "r4", "v2", "o", MYK10_FLOOD_LAG, 60, 0, 0 } };
    myk10_flood_network *net = make_net(n, 5, r, 4);
    myk10_flood_forecaster *fc = NULL;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, NULL), MYK10_OK);
    myk10_gauge *g1 = make_gauge("g1"), *g2 = make_gauge("g2");
    myk10_rating *rating = identity_rating();
    feed(g1, high, NOW - 12 * 3600, NOW);
    feed(g2, low, NOW - 12 * 3600, NOW);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g1", g1, rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g2", g2, rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v1 = village(fc, "v1"), v2 = village(fc, "v2");
    ck_assert_double_eq_tol(v1.current_m3s, 5.0, 1e-9);
    ck_assert_double_eq_tol(v2.current_m3s, 1.5, 1e-9); /* observed 1.0 + baseflow 0.5 */
    ck_assert(!v2.routed_only);
    ck_assert_str_eq(v2.driving_gauge, "g2");
    ck_assert_str_eq(v2.path, "g2 > v2");
    ck_assert_int_eq(v2.level_count, 0);
    ck_assert_int_eq(v2.max_level, 0);

    /* g2 detached: routed value used, and the village says so */
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g2", NULL, NULL), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
    v1 = village(fc, "v1"), v2 = village(fc, "v2");
    ck_assert_double_eq_tol(v2.current_m3s, 5.5, 1e-9);
    ck_assert(v2.routed_only);
    ck_assert(!v1.routed_only);
    ck_assert(!v2.stale);
    ck_assert_str_eq(v2.driving_gauge, "g1");
    ck_assert_str_eq(v2.path, "g1 > v1 > g2 > v2");
    myk10_flood_forecaster_destroy(fc);
    myk10_gauge_destroy(g1);
    myk10_gauge_destroy(g2);
    myk10_rating_destroy(rating);
    myk10_flood_network_destroy(net);
}
END_TEST

/* A gauge silent for longer than interval × stale factor: stale, routed only. */
START_TEST(stale_gauge_flagged)
{
    const nspec n[] = { { "g", MYK10_FLOOD_GAUGE, 0.3 }, { "v", MYK10_FLOOD_VILLAGE, 0 },
                        { "o", MYK10_FLOOD_OUTLET, 0 } };
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 1800, 0, 0);
    const double thr[1] = { 2.0 };
    /* silent for 4 h */
    one_gauge x = one_gauge_open(&(one_gauge_spec){ n, 3, r, 2, thr, 1, NULL, high,
                                                    NOW - 4 * 3600 });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");
    ck_assert(v.stale);
    ck_assert(v.routed_only);
    ck_assert_double_eq_tol(v.current_m3s, 0.3, 1e-9); /* baseflow only */
    /* the same readings with `now` right after them: fresh, observed */
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW - 4 * 3600), MYK10_OK);
    v = village(x.fc, "v");
    ck_assert(!v.stale);
    ck_assert(!v.routed_only);
    ck_assert_double_eq_tol(v.current_m3s, 5.0, 1e-9);
    ck_assert_int_eq(v.current_level, 1);
    ck_assert_int_eq(v.level_time[0], NOW - 4 * 3600);
    ck_assert_int_eq(v.warning_s[0], 0);
    /* now far in the future relative to every reading: stale */
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW + 30 * 86400), MYK10_OK);
    v = village(x.fc, "v");
    ck_assert(v.stale);
    one_gauge_close(&x);
}
END_TEST

/* A village the wave never reaches within the horizon. */
START_TEST(never_reached)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_MUSKINGUM, 0, 3600, 0.2);
    const double thr[2] = { 10, 20 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ line_nodes, 3, r, 2, thr, 2, NULL,
                                                      wave, NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");
    ck_assert_int_eq(v.max_level, 0);
    ck_assert_int_eq(v.current_level, 0);
    for (int k = 0; k < MYK10_ALERT_MAX_LEVELS; k++) {
        ck_assert_int_eq(v.level_time[k], MYK10_TIME_NONE);
        ck_assert_int_eq(v.warning_s[k], MYK10_TIME_NONE);
        ck_assert_int_eq(v.lead_won_s[k], MYK10_TIME_NONE);
    }
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(v.band[i], MYK10_TIME_NONE);
    ck_assert(v.peak_m3s < 3.6);
    one_gauge_close(&x);
}
END_TEST

/* A wave longer on its way than the warm-up: the village sees the steady
 * state the run starts from, not nothing. */
START_TEST(lag_longer_than_warmup)
{
    const nspec n[] = { { "g", MYK10_FLOOD_GAUGE, 0 }, { "v", MYK10_FLOOD_VILLAGE, 0.5 },
                        { "o", MYK10_FLOOD_OUTLET, 0 } };
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 4 * 3600, 0, 0);
    const double thr[1] = { 2.0 };
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    cfg.warmup_s = 3600;
    one_gauge x = one_gauge_open(&(one_gauge_spec){ n, 3, r, 2, thr, 1, &cfg, high, NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");
    ck_assert_double_eq_tol(v.current_m3s, 5.5, 1e-12); /* the gauge's 5.0 + baseflow */
    ck_assert_double_eq_tol(v.peak_m3s, 5.5, 1e-12);
    ck_assert_int_eq(v.current_level, 1);
    one_gauge_close(&x);
}
END_TEST

/* Band: ordered; collapses onto the central arrival without spread. Trend
 * inflow forecasts more than persistence on a rising gauge. */
START_TEST(band_and_trend)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_MUSKINGUM, 0, 5400, 0.2);
    myk10_flood_network *net = make_net(line_nodes, 3, r, 2);
    const double thr[2] = { 2.5, 4.0 };
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", thr, 2), MYK10_OK);
    myk10_gauge *g = make_gauge("g");
    myk10_rating *rating = identity_rating();
    feed(g, wave, NOW - 12 * 3600, NOW);
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    for (int trend = 0; trend < 2; trend++)
        for (int spread = 0; spread < 2; spread++) {
            cfg.inflow = trend ? MYK10_FLOOD_INFLOW_TREND : MYK10_FLOOD_INFLOW_PERSIST;
            cfg.k_spread = spread ? 0.3 : 0;
            myk10_flood_forecaster *fc = NULL;
            ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_OK);
            ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g", g, rating), MYK10_OK);
            ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
            myk10_flood_village_forecast v = village(fc, "v");
            ck_assert_int_eq(v.max_level, trend ? 2 : 1);
            int64_t t = v.level_time[v.max_level - 1];
            if (spread) {
                ck_assert_int_lt(v.band[0], v.band[1]);
                ck_assert_int_lt(v.band[1], v.band[2]);
                ck_assert_int_eq(v.band[1], t);
            } else {
                ck_assert_int_eq(v.band[0], t);
                ck_assert_int_eq(v.band[2], t);
            }
            myk10_flood_forecaster_destroy(fc);
        }
    myk10_gauge_destroy(g);
    myk10_rating_destroy(rating);
    myk10_flood_network_destroy(net);
}
END_TEST

START_TEST(bad_input)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 600, 0, 0);
    myk10_flood_network *net = make_net(line_nodes, 3, r, 2);
    double q[3] = { 1, NAN, 3 };
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", q, 3), MYK10_ERANGE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "level 2"));
    q[1] = 0.5;
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", q, 3), MYK10_ECONFLICT);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "'v'"));
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "g", q, 1), MYK10_EINVAL);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "not a village"));
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "nowhere", q, 1),
                     MYK10_ENOTFOUND);
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", q, 9), MYK10_ERANGE);
    ck_assert_int_eq(myk10_flood_network_set_village_levels(net, "v", NULL, 1), MYK10_EINVAL);
    double got[MYK10_ALERT_MAX_LEVELS];
    size_t count = 99;
    ck_assert_int_eq(myk10_flood_network_village_levels(got, &count, net, 1), MYK10_OK);
    ck_assert_uint_eq(count, 0); /* unchanged by the failures */
    ck_assert_int_eq(myk10_flood_network_village_levels(got, &count, net, 3), MYK10_ERANGE);

    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    myk10_flood_forecaster *fc = NULL;
    cfg.dt_s = NAN;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_ERANGE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "dt_s"));
    cfg.dt_s = -5;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_ERANGE);
    myk10_flood_forecast_config_init(&cfg);
    cfg.k_spread = 1.5;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_ERANGE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "k_spread"));
    myk10_flood_forecast_config_init(&cfg);
    cfg.horizon_s = 0;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, &cfg), MYK10_ERANGE);
    ck_assert_int_eq(myk10_flood_forecaster_create(NULL, net, NULL), MYK10_EINVAL);
    ck_assert_ptr_null(fc);

    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, NULL), MYK10_OK);
    myk10_gauge *g = make_gauge("g");
    myk10_rating *rating = identity_rating();
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "pegel-x", g, rating),
                     MYK10_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "pegel-x"));
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "v", g, rating), MYK10_EINVAL);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "not a gauge"));
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, "g", g, NULL), MYK10_EINVAL);
    myk10_flood_village_forecast v;
    ck_assert_int_eq(myk10_flood_forecaster_village(&v, fc, 0), MYK10_ESTATE);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, INT64_MAX / 2), MYK10_ERANGE);
    ck_assert_int_eq(myk10_flood_forecaster_run(NULL, NOW), MYK10_EINVAL);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_village(&v, fc, 1), MYK10_ERANGE);
    ck_assert_int_eq(myk10_flood_forecaster_village(&v, fc, 0), MYK10_OK);
    ck_assert(v.routed_only); /* no gauge attached */
    ck_assert_str_eq(v.driving_gauge, "g"); /* the nearest gauge node upstream */
    ck_assert_uint_eq(myk10_flood_forecaster_village_count(NULL), 0);
    myk10_flood_forecaster_destroy(fc);
    myk10_flood_forecaster_destroy(NULL);
    myk10_gauge_destroy(g);
    myk10_rating_destroy(rating);
    myk10_flood_network_destroy(net);
}
END_TEST

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Village thresholds in the JSON format: load, save, reload; bad values. */
START_TEST(json_village_levels)
{
    size_t size;
    char *text = slurp(MYK10_SOURCE_ROOT "/examples/data/rivers.json", &size);
    myk10_flood_network *net = NULL;
    ck_assert_int_eq(myk10_flood_network_load_json(&net, text, size), MYK10_OK);
    free(text);
    size_t villages = 0;
    for (size_t i = 0; i < myk10_flood_network_node_count(net); i++) {
        myk10_flood_node node;
        ck_assert_int_eq(myk10_flood_network_node(&node, net, i), MYK10_OK);
        if (node.kind != MYK10_FLOOD_VILLAGE)
            continue;
        double q[MYK10_ALERT_MAX_LEVELS];
        size_t count;
        ck_assert_int_eq(myk10_flood_network_village_levels(q, &count, net, i), MYK10_OK);
        ck_assert_msg(count >= 3, "village %s has thresholds", node.id);
        villages++;
    }
    ck_assert_uint_ge(villages, 5);
    char *json = NULL, *geo = NULL;
    ck_assert_int_eq(myk10_flood_network_to_json(&json, NULL, net), MYK10_OK);
    ck_assert_int_eq(myk10_flood_network_to_geojson(&geo, NULL, net), MYK10_OK);
    ck_assert_ptr_nonnull(strstr(json, "alert_m3s"));
    myk10_flood_network *back = NULL, *back_geo = NULL;
    ck_assert_int_eq(myk10_flood_network_load_json(&back, json, strlen(json)), MYK10_OK);
    ck_assert_int_eq(myk10_flood_network_load_geojson(&back_geo, geo, strlen(geo)), MYK10_OK);
    size_t vi;
    ck_assert_int_eq(myk10_flood_network_find_node(&vi, net, "village-mayen"), MYK10_OK);
    double a[MYK10_ALERT_MAX_LEVELS], b[MYK10_ALERT_MAX_LEVELS], c[MYK10_ALERT_MAX_LEVELS];
    size_t na, nb, nc;
    ck_assert_int_eq(myk10_flood_network_village_levels(a, &na, net, vi), MYK10_OK);
    ck_assert_int_eq(myk10_flood_network_village_levels(b, &nb, back, vi), MYK10_OK);
    ck_assert_int_eq(myk10_flood_network_village_levels(c, &nc, back_geo, vi), MYK10_OK);
    ck_assert_uint_eq(na, nb);
    ck_assert_uint_eq(na, nc);
    for (size_t k = 0; k < na; k++) {
        ck_assert(a[k] == b[k]);
        ck_assert(a[k] == c[k]);
    }
    /* the whole demo network forecasts without gauges: everything routed */
    myk10_flood_forecaster *fc = NULL;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fc, net, NULL), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(fc, NOW), MYK10_OK);
    ck_assert_uint_eq(myk10_flood_forecaster_village_count(fc), villages);
    for (size_t i = 0; i < villages; i++) {
        myk10_flood_village_forecast v;
        ck_assert_int_eq(myk10_flood_forecaster_village(&v, fc, i), MYK10_OK);
        ck_assert(v.routed_only);
        ck_assert_int_eq(v.max_level, 0);
    }
    myk10_flood_forecaster_destroy(fc);
    myk10_free(json);
    myk10_free(geo);
    myk10_flood_network_destroy(back);
    myk10_flood_network_destroy(back_geo);
    myk10_flood_network_destroy(net);

    static const char bad_type[] =
        "{\"format\":\"myk10-flood-network\",\"version\":1,\"nodes\":["
        "{\"id\":\"v\",\"kind\":\"village\",\"lat\":50,\"lon\":7,\"alert_m3s\":[1,\"x\"]},"
        "{\"id\":\"o\",\"kind\":\"outlet\",\"lat\":50,\"lon\":7.1}],"
        "\"reaches\":[{\"id\":\"r\",\"from\":\"v\",\"to\":\"o\",\"length_m\":10,"
        "\"method\":\"lag\",\"lag_s\":5}]}";
    ck_assert_int_eq(myk10_flood_network_load_json(&net, bad_type, strlen(bad_type)),
                     MYK10_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "alert_m3s"));
    static const char bad_order[] =
        "{\"format\":\"myk10-flood-network\",\"version\":1,\"nodes\":["
        "{\"id\":\"v\",\"kind\":\"village\",\"lat\":50,\"lon\":7,\"alert_m3s\":[3,2]},"
        "{\"id\":\"o\",\"kind\":\"outlet\",\"lat\":50,\"lon\":7.1}],"
        "\"reaches\":[{\"id\":\"r\",\"from\":\"v\",\"to\":\"o\",\"length_m\":10,"
        "\"method\":\"lag\",\"lag_s\":5}]}";
    ck_assert_int_eq(myk10_flood_network_load_json(&net, bad_order, strlen(bad_order)),
                     MYK10_ECONFLICT);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "'v'"));
}
END_TEST

static Suite *flood_forecast_suite(void)
{
    Suite *s = suite_create("flood-forecast");
    TCase *tc = tcase_create("forecast");
    tcase_add_test(tc, brute_force_one_reach);
    tcase_add_test(tc, brute_force_three_reaches);
    tcase_add_test(tc, linear_ramp_exact);
    tcase_add_test(tc, lead_time_won);
    tcase_add_test(tc, substitution_at_gauges);
    tcase_add_test(tc, stale_gauge_flagged);
    tcase_add_test(tc, never_reached);
    tcase_add_test(tc, band_and_trend);
    tcase_add_test(tc, lag_longer_than_warmup);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, json_village_levels);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(flood_forecast_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
