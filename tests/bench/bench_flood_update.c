/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Latency of one forecaster update after a single new reading (the issue's
 * goal: under 1 ms on the 10^5-reach tree), next to a full run on the same
 * network: the anchor is the library's own from-scratch cost, since no
 * other forecaster on this machine updates incrementally.
 *
 * Every gauge node gets a gauge (Q = h) with readings every 15 min over the
 * 12 h before NOW (none stale at NOW, a multiple of dt). Forecast: dt 900 s, 12 h warm-up, 6 h horizon, 5 ensemble
 * members. Then, 21 times each, median reported:
 *   late reading    a reading 7.5 min old arrives at a random gauge; `now`
 *                   unchanged (the update re-routes that gauge's way down)
 *   reading at now  a reading arrives at a random gauge and `now` moves to
 *                   its time, within the same 15-min step of the grid
 *   full run        `now` moves into a new step: everything is routed
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <myk10/myk10.h>

#include "bench_flood_update.h"
#include "bench_util.h"

#ifndef ROUNDS
#define ROUNDS 21
#endif
#define NOW INT64_C(1795737600) /* 2026-11-27T00:00:00Z, a multiple of dt */
#define DT_S 900.0

typedef struct fleet {
    myk10_flood_forecaster *fc;
    myk10_rating *rating;
    myk10_gauge **gauges;
    size_t count;
} fleet;

/* Resident memory of the process now, bytes (Linux /proc/self/statm). */
static double resident(void)
{
    unsigned long pages = 0, size;
    FILE *statm = fopen("/proc/self/statm", "r");
    if (statm) {
        if (fscanf(statm, "%lu %lu", &size, &pages) != 2)
            pages = 0;
        fclose(statm);
    }
    return (double)pages * (double)sysconf(_SC_PAGESIZE);
}

static int fail(const char *what)
{
    fprintf(stderr, "bench_flood: %s: %s\n", what, myk10_last_error());
    return -1;
}

/* A gauge per gauge node, 12 h of readings around 1 m, attached. */
static int attach_fleet(fleet *f, const myk10_flood_network *net)
{
    myk10_rating_segment identity = { 0, INFINITY, 1, 0, 1 };
    size_t n = myk10_flood_network_node_count(net);
    f->gauges = calloc(n, sizeof *f->gauges);
    if (!f->gauges || myk10_rating_create(&f->rating, &identity, 1) != MYK10_OK)
        return fail("rating");
    for (size_t i = 0; i < n; i++) {
        myk10_flood_node node;
        myk10_gauge_config cfg;
        if (myk10_flood_network_node(&node, net, i) != MYK10_OK)
            return fail("node");
        if (node.kind != MYK10_FLOOD_GAUGE)
            continue;
        myk10_gauge_config_init(&cfg);
        cfg.id = node.id;
        myk10_gauge **g = &f->gauges[f->count++];
        if (myk10_gauge_create(g, &cfg) != MYK10_OK)
            return fail("gauge");
        for (int64_t t = NOW - 12 * 3600; t < NOW; t += 900)
            if (myk10_gauge_add(*g, NULL, t, 1.0 + 0.1 * sin((double)(t / 900 + (int64_t)i)), NOW) !=
                MYK10_OK)
                return fail("reading");
        if (myk10_flood_forecaster_attach_gauge(f->fc, node.id, *g, f->rating) != MYK10_OK)
            return fail("attach");
    }
    return 0;
}

static void free_fleet(fleet *f)
{
    for (size_t i = 0; i < f->count; i++)
        myk10_gauge_destroy(f->gauges[i]);
    free(f->gauges);
    myk10_rating_destroy(f->rating);
    myk10_flood_forecaster_destroy(f->fc);
}

/* Times one run at `now`; stats of the run in *stats. */
static double timed_run(fleet *f, int64_t now, myk10_flood_run_stats *stats)
{
    double t0 = bench_now();
    if (myk10_flood_forecaster_run(f->fc, now) != MYK10_OK)
        return -1;
    double t = bench_now() - t0;
    return myk10_flood_forecaster_run_stats(stats, f->fc) == MYK10_OK ? t : -1;
}

/* ROUNDS updates after one reading each; *now advances by `move` per round. */
static int time_updates(fleet *f, int64_t *now, int64_t move, double *latency, double *routed,
                        uint64_t *rng)
{
    myk10_flood_run_stats s;
    for (int r = 0; r < ROUNDS; r++) {
        *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
        myk10_gauge *g = f->gauges[(*rng >> 33) % f->count];
        *now += move;
        int64_t at = move ? *now : *now - 450 - r; /* late: between two held readings */
        if (myk10_gauge_add(g, NULL, at, 1.3, *now) != MYK10_OK)
            return fail("new reading");
        latency[r] = timed_run(f, *now, &s);
        if (latency[r] < 0 || s.full)
            return fail(s.full ? "update ran in full" : "update");
        routed[r] = (double)s.reaches_routed;
    }
    return 0;
}

int bench_forecast_update(const myk10_flood_network *net)
{
    fleet f = { 0 };
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    cfg.dt_s = DT_S;
    double t0 = bench_now(), rss0 = resident();
    if (myk10_flood_forecaster_create(&f.fc, net, &cfg) != MYK10_OK)
        return fail("forecaster");
    double build = bench_now() - t0;
    if (attach_fleet(&f, net) != 0 || f.count == 0) {
        free_fleet(&f);
        return f.count ? -1 : fail("no gauge nodes");
    }
    myk10_flood_run_stats s;
    double full[3], late[ROUNDS], moved[ROUNDS], routed_late[ROUNDS], routed_moved[ROUNDS];
    int64_t now = NOW;
    uint64_t rng = 20261126;
    int rc = 0;
    now -= 3 * (int64_t)DT_S;
    for (int r = 0; r < 3 && rc == 0; r++) { /* a new step each time, ending at NOW */
        now += (int64_t)DT_S;
        rc = (full[r] = timed_run(&f, now, &s)) < 0 ? fail("full run") : 0;
    }
    if (rc == 0)
        rc = time_updates(&f, &now, 0, late, routed_late, &rng);
    if (rc == 0)
        rc = time_updates(&f, &now, 1, moved, routed_moved, &rng);
    if (rc == 0) {
        size_t steps = (size_t)(ceil(cfg.warmup_s / DT_S) + ceil(cfg.horizon_s / DT_S)) + 1;
        double up = bench_median(late, ROUNDS), full_run = bench_median(full, 3);
        bench_median(routed_late, ROUNDS); /* sorts them */
        double most_routed = routed_late[ROUNDS - 1];
        printf("forecaster: %zu gauges, %zu of %zu reaches below a gauge, dt %.0f s, %zu steps "
               "(12 h warm-up + 6 h), %d members; built in %.2f s, resident memory +%.0f MB\n",
               f.count, s.reaches_varying, myk10_flood_network_reach_count(net), DT_S, steps,
               MYK10_FLOOD_ENSEMBLE, build, (resident() - rss0) * 1e-6);
        printf("forecast full run (new grid step)   %9.3f ms\n", full_run * 1e3);
        printf("update after a late reading        %9.3f ms   re-routed median %.0f reaches "
               "(max %.0f)   %.0fx faster than a full run\n", up * 1e3,
               routed_late[ROUNDS / 2], most_routed, full_run / up);
        double up_now = bench_median(moved, ROUNDS);
        printf("update after a reading at now      %9.3f ms   re-routed median %.0f reaches, "
               "every village re-read\n", up_now * 1e3, bench_median(routed_moved, ROUNDS));
        printf("goal < 1 ms per update after one reading: %s\n",
               up < 1e-3 && up_now < 1e-3 ? "met (both medians)" : "NOT met");
    }
    free_fleet(&f);
    return rc;
}
