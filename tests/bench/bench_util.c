/* SPDX-License-Identifier: Apache-2.0 */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median_rate(bench_fn fn, void *state, size_t items, int repeats)
{
    return bench_median_rate_reset(fn, NULL, state, items, repeats);
}

double bench_median_rate_reset(bench_fn fn, void (*reset)(void *state), void *state,
                               size_t items, int repeats)
{
    double rates[64];
    if (repeats > 64)
        repeats = 64;
    if (reset)
        reset(state);
    fn(state, items); /* warm caches and page in the input */
    for (int i = 0; i < repeats; i++) {
        if (reset)
            reset(state);
        double start = now_seconds();
        fn(state, items);
        rates[i] = (double)items / (now_seconds() - start);
    }
    qsort(rates, (size_t)repeats, sizeof rates[0], compare_doubles);
    return rates[repeats / 2];
}

void bench_report(const char *name, const char *unit, double rate,
                  const char *anchor_name, double anchor_rate)
{
    printf("%-28s %12.3e %s/s", name, rate, unit);
    if (anchor_rate > 0)
        printf("   %-26s %12.3e %s/s   ratio %.2fx", anchor_name, anchor_rate, unit,
               rate / anchor_rate);
    printf("\n");
}

static volatile unsigned char sink;

void bench_consume(const void *value, size_t size)
{
    const unsigned char *bytes = value;
    for (size_t i = 0; i < size; i++)
        sink ^= bytes[i];
}
