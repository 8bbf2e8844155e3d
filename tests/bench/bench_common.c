/* SPDX-License-Identifier: Apache-2.0 */
/* Benchmark of the common helpers against glibc, measured in the same run:
 *   time parse   myk10_time_parse            vs strptime + timegm
 *   time format  myk10_time_format           vs gmtime_r + strftime
 *   distance     myk10_geo_distance          (no anchor on this machine)
 * Medians of 7 runs; ratios > 1 mean libmyk10 is faster. */
#define _DEFAULT_SOURCE /* timegm */
#define _XOPEN_SOURCE 700 /* strptime */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <myk10/common.h>

#include "bench_util.h"

#define ITEMS 1000000
#define REPEATS 7

typedef struct workload {
    int64_t *times;
    char (*texts)[MYK10_TIME_STRLEN];
    double *coords; /* lat1, lon1, lat2, lon2 per item */
} workload;

static void parse_myk10(void *state, size_t items)
{
    workload *w = state;
    int64_t sum = 0, t;
    for (size_t i = 0; i < items; i++)
        if (myk10_time_parse(&t, NULL, w->texts[i]) == MYK10_OK)
            sum += t;
    bench_consume(&sum, sizeof sum);
}

static void parse_glibc(void *state, size_t items)
{
    workload *w = state;
    int64_t sum = 0;
    for (size_t i = 0; i < items; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        if (strptime(w->texts[i], "%Y-%m-%dT%H:%M:%SZ", &tm))
            sum += timegm(&tm);
    }
    bench_consume(&sum, sizeof sum);
}

static void format_myk10(void *state, size_t items)
{
    workload *w = state;
    char text[MYK10_TIME_STRLEN];
    for (size_t i = 0; i < items; i++) {
        myk10_time_format(text, sizeof text, w->times[i]);
        bench_consume(text + 18, 1);
    }
}

static void format_glibc(void *state, size_t items)
{
    workload *w = state;
    char text[32];
    for (size_t i = 0; i < items; i++) {
        time_t t = (time_t)w->times[i];
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
        bench_consume(text + 18, 1);
    }
}

static void distance_myk10(void *state, size_t items)
{
    workload *w = state;
    double sum = 0, d;
    for (size_t i = 0; i < items; i++) {
        const double *c = &w->coords[4 * i];
        if (myk10_geo_distance(&d, c[0], c[1], c[2], c[3]) == MYK10_OK)
            sum += d;
    }
    bench_consume(&sum, sizeof sum);
}

/* Times over 1990-2040 and positions within the county, fixed seed. */
static int make_workload(workload *w)
{
    w->times = malloc(ITEMS * sizeof *w->times);
    w->texts = malloc(ITEMS * sizeof *w->texts);
    w->coords = malloc(4 * ITEMS * sizeof *w->coords);
    if (!w->times || !w->texts || !w->coords)
        return -1;
    unsigned seed = 10;
    for (size_t i = 0; i < ITEMS; i++) {
        uint64_t r = ((uint64_t)rand_r(&seed) << 31) ^ (uint64_t)rand_r(&seed);
        w->times[i] = 631152000 + (int64_t)(r % 1577836800);
        if (myk10_time_format(w->texts[i], sizeof w->texts[i], w->times[i]) != MYK10_OK)
            return -1;
        for (int k = 0; k < 4; k++)
            w->coords[4 * i + k] = (k % 2 ? 6.9 : 50.1) + rand_r(&seed) / (double)RAND_MAX * 0.6;
    }
    return 0;
}

int main(void)
{
    workload w;
    if (myk10_init() != MYK10_OK || make_workload(&w) != 0) {
        fprintf(stderr, "bench_common: setup failed\n");
        return 1;
    }
    printf("bench_common: %d items, median of %d runs, one thread\n", ITEMS, REPEATS);
    bench_report("time parse (myk10)", "strings",
                 bench_median_rate(parse_myk10, &w, ITEMS, REPEATS),
                 "strptime+timegm (glibc)", bench_median_rate(parse_glibc, &w, ITEMS, REPEATS));
    bench_report("time format (myk10)", "times",
                 bench_median_rate(format_myk10, &w, ITEMS, REPEATS),
                 "gmtime_r+strftime (glibc)", bench_median_rate(format_glibc, &w, ITEMS, REPEATS));
    bench_report("geo distance (myk10)", "pairs",
                 bench_median_rate(distance_myk10, &w, ITEMS, REPEATS), NULL, 0);
    free(w.times);
    free(w.texts);
    free(w.coords);
    return 0;
}
