/* SPDX-License-Identifier: Apache-2.0 */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double bench_now(void)
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

double bench_median(double *values, size_t n)
{
    qsort(values, n, sizeof values[0], compare_doubles);
    return values[n / 2];
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
        double start = bench_now();
        fn(state, items);
        rates[i] = (double)items / (bench_now() - start);
    }
    return bench_median(rates, (size_t)repeats);
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
