/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for incremental forecast runs. The oracle is a fresh
 * forecaster: after every new reading, late reading, detachment or move of
 * `now`, the reused forecaster must give bit for bit what a fresh one
 * gives, while re-routing no more than the reaches below the gauge that
 * changed; staleness, routed-only flags and lead times are checked against
 * a brute-force walk down from every gauge. Also: runs that change nothing
 * route nothing, a substituted gauge stops the propagation, `now` between
 * grid points, and bad input.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/flood.h>

#include "forecast_fixture.h"

/* ------------------------------------------------------------ random networks */

#define MAX_NODES 48

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rng_state >> 33) % n);
}

static double rnd_unit(void)
{
    return (double)rnd(1000000) / 1e6;
}

/* A random tree draining into node 0 (the outlet): about a quarter gauges,
 * a quarter villages; lag and Muskingum reaches, some of them needing
 * sub-steps (small K) or sub-reaches (large KX). */
typedef struct world {
    size_t n;
    char id[MAX_NODES][8], rid[MAX_NODES][8];
    uint32_t parent[MAX_NODES];
    myk10_flood_node_kind kind[MAX_NODES];
    myk10_flood_network *net;
    myk10_gauge *gauge[MAX_NODES];
    bool attached[MAX_NODES];
    double level[MAX_NODES];
    myk10_rating *rating;
    myk10_flood_forecast_config cfg;
} world;

static void add_random_reach(world *w, size_t i)
{
    myk10_flood_reach r = { .id = w->rid[i], .from = w->id[i], .to = w->id[w->parent[i]],
                            .length_m = 1000 };
    switch (rnd(4)) {
    case 0:
        r.method = MYK10_FLOOD_LAG;
        r.lag_s = 60.0 * rnd(120);
        break;
    case 1: /* K below dt/2: sub-steps */
        r.method = MYK10_FLOOD_MUSKINGUM;
        r.k_s = 60 + rnd(90);
        r.x = 0.3 * rnd_unit();
        break;
    case 2: /* 2KX above dt: sub-reaches */
        r.method = MYK10_FLOOD_MUSKINGUM;
        r.k_s = 1800 + rnd(5400);
        r.x = 0.2 + 0.25 * rnd_unit();
        break;
    default:
        r.method = MYK10_FLOOD_MUSKINGUM;
        r.k_s = 600 + rnd(3000);
        r.x = 0.05 + 0.1 * rnd_unit();
    }
    ck_assert_int_eq(myk10_flood_network_add_reach(w->net, &r), MYK10_OK);
}

static void make_world(world *w, size_t n)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    ck_assert_int_eq(myk10_flood_network_create(&w->net), MYK10_OK);
    for (size_t i = 0; i < n; i++) {
        snprintf(w->id[i], sizeof w->id[i], "n%zu", i);
        snprintf(w->rid[i], sizeof w->rid[i], "r%zu", i);
        uint32_t k = rnd(4);
        w->kind[i] = i == 0 ? MYK10_FLOOD_OUTLET
                     : k == 0 ? MYK10_FLOOD_GAUGE
                     : k == 1 ? MYK10_FLOOD_VILLAGE
                              : MYK10_FLOOD_CONFLUENCE;
        w->parent[i] = i ? rnd((uint32_t)i) : 0;
        myk10_flood_node node = { .id = w->id[i], .kind = w->kind[i], .lat = 50.3, .lon = 7.2,
                                  .baseflow_m3s = 0.1 * rnd(5) };
        ck_assert_int_eq(myk10_flood_network_add_node(w->net, &node), MYK10_OK);
    }
    for (size_t i = 1; i < n; i++)
        add_random_reach(w, i);
    for (size_t i = 0; i < n; i++) {
        if (w->kind[i] == MYK10_FLOOD_VILLAGE) {
            double thr[3] = { 1 + rnd(3), 4 + rnd(3), 8 + rnd(4) };
            ck_assert_int_eq(myk10_flood_network_set_village_levels(w->net, w->id[i], thr, 3),
                             MYK10_OK);
        }
    }
    w->rating = identity_rating();
    myk10_flood_forecast_config_init(&w->cfg);
    w->cfg.warmup_s = 6 * 3600;
    w->cfg.horizon_s = 4 * 3600 + 100; /* not a multiple of dt */
}

static void free_world(world *w)
{
    for (size_t i = 0; i < w->n; i++)
        myk10_gauge_destroy(w->gauge[i]);
    myk10_rating_destroy(w->rating);
    myk10_flood_network_destroy(w->net);
}

/* Every gauge node gets a gauge with readings every 900 s up to `now`;
 * three in four are attached. */
static void start_gauges(world *w, myk10_flood_forecaster *fc, int64_t now)
{
    for (size_t i = 0; i < w->n; i++) {
        if (w->kind[i] != MYK10_FLOOD_GAUGE)
            continue;
        w->gauge[i] = make_gauge(w->id[i]);
        w->level[i] = 0.5 + rnd_unit();
        for (int64_t t = now - 8 * 3600; t <= now; t += 900)
            ck_assert_int_eq(myk10_gauge_add(w->gauge[i], NULL, t, w->level[i], now), MYK10_OK);
        w->attached[i] = rnd(4) != 0; /* some gauge nodes route only */
        if (w->attached[i])
            ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, w->id[i], w->gauge[i],
                                                                 w->rating), MYK10_OK);
    }
}

/* Reaches on the way down from node i. */
static size_t depth(const world *w, size_t i)
{
    size_t d = 0;
    for (; i != 0; i = w->parent[i])
        d++;
    return d;
}

/* ------------------------------------------------------------ comparison */

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_forecast(const myk10_flood_village_forecast *a,
                          const myk10_flood_village_forecast *b)
{
    bool same = a->node_index == b->node_index && a->level_count == b->level_count &&
                a->current_m3s == b->current_m3s && a->peak_m3s == b->peak_m3s &&
                a->peak_time == b->peak_time && a->current_level == b->current_level &&
                a->max_level == b->max_level && a->stale == b->stale &&
                a->routed_only == b->routed_only &&
                same_string(a->driving_gauge, b->driving_gauge) && same_string(a->path, b->path);
    for (int k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
        same = same && a->level_time[k] == b->level_time[k] && a->warning_s[k] == b->warning_s[k] &&
               a->lead_won_s[k] == b->lead_won_s[k];
    for (int i = 0; i < 3; i++)
        same = same && a->band[i] == b->band[i];
    return same;
}

/* A gauge as the forecaster sees it at `now` (flood.h: valid = attached,
 * a usable reading at or before now, not stale). */
typedef struct gauge_view {
    bool valid, stale;
    int64_t raised0;
} gauge_view;

static gauge_view view_gauge(const world *w, size_t i, int64_t now)
{
    gauge_view g = { false, false, MYK10_TIME_NONE };
    if (!w->attached[i])
        return g;
    myk10_gauge_status st;
    ck_assert_int_eq(myk10_gauge_get_status(&st, w->gauge[i], now), MYK10_OK);
    bool usable = false;
    for (size_t k = 0; k < myk10_gauge_count(w->gauge[i]); k++) {
        myk10_reading r;
        ck_assert_int_eq(myk10_gauge_reading(&r, w->gauge[i], k), MYK10_OK);
        usable = usable || (!r.spike && r.time <= now);
    }
    g.valid = usable && !st.stale;
    g.stale = st.stale || !usable;
    g.raised0 = st.alert.level > 0 ? st.alert.raised_at[0] : MYK10_TIME_NONE;
    return g;
}

/* Brute force: walk down from every gauge node, a valid gauge below hiding
 * the ones above it; the village's staleness, routed-only flag and lead time. */
static bool facts_agree(const world *w, const gauge_view *view,
                        const myk10_flood_village_forecast *r)
{
    bool stale = false, routed = false;
    int64_t raise = MYK10_TIME_NONE;
    for (size_t i = 0; i < w->n; i++) {
        if (w->kind[i] != MYK10_FLOOD_GAUGE)
            continue;
        gauge_view g = view[i];
        bool hidden = false;
        for (size_t n = i; n != 0;) {
            n = w->parent[n];
            if (w->kind[n] == MYK10_FLOOD_GAUGE && view[n].valid)
                hidden = true;
            if (n != r->node_index)
                continue;
            if (g.raised0 != MYK10_TIME_NONE && (raise == MYK10_TIME_NONE || g.raised0 < raise))
                raise = g.raised0;
            stale = stale || (!hidden && g.stale);
            routed = routed || (!hidden && !g.valid);
        }
    }
    bool same = r->stale == stale && r->routed_only == routed;
    for (size_t k = 0; k < r->level_count; k++) {
        if (r->level_time[k] == MYK10_TIME_NONE)
            continue;
        int64_t lead = raise == MYK10_TIME_NONE ? MYK10_TIME_NONE : r->level_time[k] - raise;
        same = same && r->lead_won_s[k] == lead;
    }
    return same;
}

/* Does the reused forecaster agree with a fresh one at `now`? */
static bool agrees_with_fresh(const world *w, const myk10_flood_forecaster *fc, int64_t now)
{
    myk10_flood_forecaster *fresh = NULL;
    ck_assert_int_eq(myk10_flood_forecaster_create(&fresh, w->net, &w->cfg), MYK10_OK);
    for (size_t i = 0; i < w->n; i++)
        if (w->attached[i])
            ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fresh, w->id[i], w->gauge[i],
                                                                 w->rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(fresh, now), MYK10_OK);
    gauge_view view[MAX_NODES];
    for (size_t i = 0; i < w->n; i++)
        if (w->kind[i] == MYK10_FLOOD_GAUGE)
            view[i] = view_gauge(w, i, now);
    bool same = true;
    for (size_t v = 0; v < myk10_flood_forecaster_village_count(fc); v++) {
        myk10_flood_village_forecast a, b;
        ck_assert_int_eq(myk10_flood_forecaster_village(&a, fc, v), MYK10_OK);
        ck_assert_int_eq(myk10_flood_forecaster_village(&b, fresh, v), MYK10_OK);
        same = same && same_forecast(&a, &b) && facts_agree(w, view, &a);
    }
    myk10_flood_forecaster_destroy(fresh);
    return same;
}

static myk10_flood_run_stats stats_of(const myk10_flood_forecaster *fc)
{
    myk10_flood_run_stats s;
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, fc), MYK10_OK);
    return s;
}

/* ------------------------------------------------------------ tests */

/* One event of the random walk: a reading (current, late, out of order or
 * a duplicate), sometimes a detachment, and `now` moving by 0 .. 15 min. */
typedef struct event {
    size_t gauge;    /* node index, or SIZE_MAX when no gauge changed */
    bool same_now;
} event;

static event random_event(world *w, myk10_flood_forecaster *fc, int64_t *now)
{
    static const int64_t moves[] = { 0, 0, 0, 60, 120, 299, 300, 900 };
    event e = { SIZE_MAX, true };
    int64_t move = moves[rnd(8)];
    *now += move;
    e.same_now = move == 0;
    size_t i = rnd((uint32_t)w->n);
    if (w->kind[i] != MYK10_FLOOD_GAUGE)
        return e;
    e.gauge = i;
    if (rnd(12) == 0) { /* detach, or attach again */
        w->attached[i] = !w->attached[i];
        ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(fc, w->id[i],
                                                             w->attached[i] ? w->gauge[i] : NULL,
                                                             w->attached[i] ? w->rating : NULL),
                         MYK10_OK);
        return e;
    }
    w->level[i] = fmax(0.05, w->level[i] + 2 * rnd_unit() - 0.7);
    int64_t t = *now - 60 * (int64_t)rnd(90); /* up to 1.5 h late */
    ck_assert_int_eq(myk10_gauge_add(w->gauge[i], NULL, t, w->level[i], *now), MYK10_OK);
    return e;
}

START_TEST(incremental_matches_fresh)
{
    size_t partial = 0, events = 0;
    for (int seed = 0; seed < 12; seed++) {
        rng_state = 0x9e3779b97f4a7c15ULL * (uint64_t)(seed + 1);
        world w;
        make_world(&w, 8 + rnd(MAX_NODES - 8));
        myk10_flood_forecaster *fc = NULL;
        ck_assert_int_eq(myk10_flood_forecaster_create(&fc, w.net, &w.cfg), MYK10_OK);
        int64_t now = NOW;
        start_gauges(&w, fc, now);
        ck_assert_int_eq(myk10_flood_forecaster_run(fc, now), MYK10_OK);
        ck_assert(stats_of(fc).full);
        bool all_agree = true, bounded = true;
        for (int step = 0; step < 40; step++, events++) {
            event e = random_event(&w, fc, &now);
            ck_assert_int_eq(myk10_flood_forecaster_run(fc, now), MYK10_OK);
            myk10_flood_run_stats s = stats_of(fc);
            all_agree = all_agree && agrees_with_fresh(&w, fc, now);
            if (s.full)
                continue;
            partial += s.reaches_routed < s.reaches_varying;
            if (e.same_now) /* only the touched gauge's way down may be re-routed */
                bounded = bounded && s.reaches_routed <=
                                         (e.gauge == SIZE_MAX ? 0 : depth(&w, e.gauge));
        }
        ck_assert_msg(all_agree, "seed %d: an incremental run differs from a fresh one", seed);
        ck_assert_msg(bounded, "seed %d: a run re-routed more than one gauge's way down", seed);
        myk10_flood_forecaster_destroy(fc);
        free_world(&w);
    }
    /* the walk must really exercise partial runs, not just full ones */
    ck_assert_uint_ge(partial, events / 4);
}
END_TEST

static double rising(double t)
{
    return 1.0 + (t - ((double)NOW - 12 * H)) / H * 0.25;
}

/* Chain g > v1 > g2 > v > o with both gauges observed. */
static const nspec chain_nodes[] = { { "g", MYK10_FLOOD_GAUGE, 0 },
                                     { "v1", MYK10_FLOOD_VILLAGE, 0 },
                                     { "g2", MYK10_FLOOD_GAUGE, 0 },
                                     { "v", MYK10_FLOOD_VILLAGE, 0.25 },
                                     { "o", MYK10_FLOOD_OUTLET, 0 } };
static const rspec chain_reaches[] = { { "r1", "g", "v1", MYK10_FLOOD_MUSKINGUM, 0, 1800, 0.2 },
                                       { "r2", "v1", "g2", MYK10_FLOOD_LAG, 600, 0, 0 },
                                       { "r3", "g2", "v", MYK10_FLOOD_MUSKINGUM, 0, 1200, 0.1 },
                                       { "r4", "v", "o", MYK10_FLOOD_LAG, 60, 0, 0 } };

START_TEST(unchanged_run_routes_nothing)
{
    const double thr[2] = { 3.5, 4.5 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ chain_nodes, 5, chain_reaches, 4, thr, 2,
                                                    NULL, rising, NOW });
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_run_stats s = stats_of(x.fc);
    ck_assert(s.full);
    ck_assert_uint_eq(s.reaches_varying, 4);
    ck_assert_uint_eq(s.reaches_routed, 4);
    myk10_flood_village_forecast before = village(x.fc, "v");

    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    s = stats_of(x.fc);
    ck_assert(!s.full);
    ck_assert_uint_eq(s.gauges_refreshed, 0);
    ck_assert_uint_eq(s.reaches_routed, 0);
    ck_assert_uint_eq(s.villages_observed, 0);
    myk10_flood_village_forecast after = village(x.fc, "v");
    ck_assert(same_forecast(&before, &after));

    /* `now` moves within the grid step: no reading changed, no reach is
     * re-routed, but every village is read again at the new `now` */
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW + 120), MYK10_OK);
    s = stats_of(x.fc);
    ck_assert(!s.full);
    ck_assert_uint_eq(s.reaches_routed, 0);
    ck_assert_uint_eq(s.villages_observed, 2);
    /* `now` moves into the next step: a new grid, everything again */
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW + 300), MYK10_OK);
    ck_assert(stats_of(x.fc).full);
    one_gauge_close(&x);
}
END_TEST

START_TEST(substituted_gauge_stops_propagation)
{
    const double thr[2] = { 3.5, 4.5 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ chain_nodes, 5, chain_reaches, 4, thr, 2,
                                                    NULL, rising, NOW - 900 });
    myk10_gauge *g2 = make_gauge("g2");
    feed(g2, rising, NOW - 12 * 3600, NOW);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(x.fc, "g2", g2, x.rating), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);

    /* a new reading at g: only r1 and r2 (above the observed g2) change */
    double peak_before = village(x.fc, "v1").peak_m3s;
    ck_assert_int_eq(myk10_gauge_add(x.g, NULL, NOW, rising(NOW), NOW), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    myk10_flood_run_stats s = stats_of(x.fc);
    ck_assert(!s.full);
    ck_assert_uint_eq(s.gauges_refreshed, 1);
    ck_assert_uint_eq(s.gauges_changed, 1);
    ck_assert_uint_eq(s.reaches_routed, 2);
    ck_assert_uint_eq(s.villages_observed, 1); /* v1, not v below g2 */
    ck_assert(village(x.fc, "v1").peak_m3s > peak_before);

    /* a duplicate changes nothing */
    ck_assert_int_eq(myk10_gauge_add(x.g, NULL, NOW, rising(NOW), NOW), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    ck_assert_uint_eq(stats_of(x.fc).reaches_routed, 0);

    /* g2 detached: the routed flow from above now reaches v */
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(x.fc, "g2", NULL, NULL), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    s = stats_of(x.fc);
    ck_assert_uint_eq(s.reaches_routed, 2); /* r3 and r4 */
    ck_assert(village(x.fc, "v").routed_only);
    one_gauge_close(&x);
    myk10_gauge_destroy(g2);
}
END_TEST

/* `now` between grid points: flows at `now` interpolated, crossings unchanged
 * on a linear ramp (a lag reach keeps it linear). */
START_TEST(now_between_grid_points)
{
    const rspec r[] = LINE_REACHES(MYK10_FLOOD_LAG, 4000, 0, 0);
    double at_v = rising((double)NOW - 4000 + 100); /* at the village at now + 100 */
    const double thr[2] = { at_v + 0.01, at_v + 0.1 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ line_nodes, 3, r, 2, thr, 2, NULL, rising,
                                                    NOW });
    ck_assert_int_eq(myk10_gauge_add(x.g, NULL, NOW + 900, rising(NOW + 900), NOW + 900),
                     MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW + 100), MYK10_OK);
    myk10_flood_village_forecast v = village(x.fc, "v");
    ck_assert_double_eq_tol(v.current_m3s, at_v, 1e-12);
    ck_assert_int_eq(v.level_time[0], NOW + 100 + (int64_t)llround(0.01 / 0.25 * 3600));
    ck_assert_int_eq(v.level_time[1], NOW + 100 + 1440);
    ck_assert_int_eq(v.warning_s[1], 1440);
    one_gauge_close(&x);
}
END_TEST

START_TEST(stats_bad_input)
{
    const double thr[1] = { 3.5 };
    one_gauge x = one_gauge_open(&(one_gauge_spec){ chain_nodes, 5, chain_reaches, 4, thr, 1,
                                                    NULL, rising, NOW });
    myk10_flood_run_stats s;
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(NULL, x.fc), MYK10_EINVAL);
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, NULL), MYK10_EINVAL);
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, x.fc), MYK10_ESTATE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "no successful run"));
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, x.fc), MYK10_OK);
    /* a failed run leaves no stats and no results; the next one is complete */
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, INT64_MAX / 2), MYK10_ERANGE);
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, x.fc), MYK10_ESTATE);
    ck_assert_int_eq(myk10_flood_forecaster_run(x.fc, NOW), MYK10_OK);
    ck_assert_int_eq(myk10_flood_forecaster_run_stats(&s, x.fc), MYK10_OK);
    ck_assert_int_eq(village(x.fc, "v").level_count, 1);
    one_gauge_close(&x);
}
END_TEST

static Suite *incremental_suite(void)
{
    Suite *s = suite_create("flood-forecast-incremental");
    TCase *tc = tcase_create("incremental");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, incremental_matches_fresh);
    tcase_add_test(tc, unchanged_run_routes_nothing);
    tcase_add_test(tc, substituted_gauge_stops_propagation);
    tcase_add_test(tc, now_between_grid_points);
    tcase_add_test(tc, stats_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(incremental_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
