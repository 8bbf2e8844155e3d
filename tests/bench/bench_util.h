/* SPDX-License-Identifier: Apache-2.0 */
/* Timing helpers shared by the benchmarks: monotonic clock, medians of
 * repeated runs, and one output format so figures and anchors line up. */
#ifndef MYK10_BENCH_UTIL_H
#define MYK10_BENCH_UTIL_H

#include <stddef.h>

/* Monotonic clock, seconds. */
double bench_now(void);

/* Median of n >= 1 values (the upper one for even n); sorts them. */
double bench_median(double *values, size_t n);

/* A workload: processes `items` items once per call; `state` is its input. */
typedef void (*bench_fn)(void *state, size_t items);

/* Runs `fn` `repeats` times and returns the median throughput in items/s. */
double bench_median_rate(bench_fn fn, void *state, size_t items, int repeats);

/* As bench_median_rate(), calling `reset(state)` untimed before every run
 * (including the warm-up), for workloads that consume state, e.g. frame
 * counters that a second pass would see as replays. */
double bench_median_rate_reset(bench_fn fn, void (*reset)(void *state), void *state,
                               size_t items, int repeats);

/* Prints "name  <rate> items/s" and, with an anchor rate > 0, the anchor's
 * rate and ours/anchor's ratio. */
void bench_report(const char *name, const char *unit, double rate,
                  const char *anchor_name, double anchor_rate);

/* Keeps the compiler from discarding a computed value. */
void bench_consume(const void *value, size_t size);

#endif /* MYK10_BENCH_UTIL_H */
